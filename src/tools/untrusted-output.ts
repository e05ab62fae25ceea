// Which text in a tool result was written outside the studio: each tool names its untrusted fields (Tool.untrusted),
// and this finds whether a result actually carries text in one of them. docs/untrusted-text.md has the policy.

/** Where a run read outside text: the tool and the field, for the reason on the card. */
export interface UntrustedRead {
  tool: string;
  field: string;
}

const MAX_DEPTH = 32;

/** Whether a value can carry words: a non-blank string, or an object or array holding one. Numbers and booleans cannot. */
function hasText(value: unknown, depth: number): boolean {
  if (typeof value === "string") return value.trim().length > 0;
  if (!value || typeof value !== "object") return false;
  if (depth > MAX_DEPTH) return true; // too deep to look through: assume the worst
  return Object.values(value).some((item) => hasText(item, depth + 1));
}

/** The first of `fields` (keys at any depth) that holds text in `result`; undefined when none does. */
export function untrustedFieldIn(fields: readonly string[], result: unknown, depth = 0): string | undefined {
  if (!fields.length || !result || typeof result !== "object") return undefined;
  if (depth > MAX_DEPTH) return fields[0];
  for (const [key, value] of Object.entries(result)) {
    if (!Array.isArray(result) && fields.includes(key) && hasText(value, depth + 1)) return key;
    const nested = untrustedFieldIn(fields, value, depth + 1);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * The same for a result as the model received it (compact JSON, possibly cut at the size bound). Text that does not
 * parse back cannot be checked field by field, so it counts as carrying the tool's untrusted text.
 */
export function untrustedFieldInText(fields: readonly string[], content: string): string | undefined {
  if (!fields.length) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return fields[0];
  }
  return untrustedFieldIn(fields, parsed);
}
