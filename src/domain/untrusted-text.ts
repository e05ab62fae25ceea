// Text from outside (Slack payloads, the model's tool arguments) that PostgreSQL cannot store: text and jsonb take
// neither a NUL nor a lone UTF-16 surrogate, and one such character would fail the whole write it arrives in.

import { scrubSecrets } from "../logger.ts";

const NUL = "\u0000";
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Drops NULs and turns each lone surrogate into U+FFFD (what a UTF-8 encoder would write): what a person meant survives. */
export function storableText(text: string): string {
  return text.replaceAll(NUL, "").replace(LONE_SURROGATE, "\ufffd");
}

export function isStorableText(text: string): boolean {
  LONE_SURROGATE.lastIndex = 0; // a global regex remembers where it stopped
  return !text.includes(NUL) && !LONE_SURROGATE.test(text);
}

/** The path ("note", "items.2.name") of the first string in `value` that cannot be stored, or undefined. */
export function firstUnstorablePath(value: unknown, path: readonly (string | number)[] = []): string | undefined {
  if (typeof value === "string") return isStorableText(value) ? undefined : path.join(".") || "arguments";
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = firstUnstorablePath(item, [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = firstUnstorablePath(item, [...path, key]) ?? (isStorableText(key) ? undefined : [...path, key].join("."));
      if (found) return found;
    }
  }
  return undefined;
}

/** Makes every string in a parsed payload storable, in place (objects and arrays walked; keys left as they are). */
export function cleanStringsInPlace(value: unknown, depth = 0): void {
  if (depth > 64 || !value || typeof value !== "object") return;
  const entries: [string | number, unknown][] = Array.isArray(value) ? [...value.entries()] : Object.entries(value);
  for (const [key, item] of entries) {
    if (typeof item === "string") {
      if (!isStorableText(item)) (value as Record<string | number, unknown>)[key] = storableText(item);
    } else cleanStringsInPlace(item, depth + 1);
  }
}

/** JSON for a json/jsonb column, every string in it made storable (JSON.stringify alone would write `\u0000`, which jsonb refuses). */
export function storableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === "string" ? storableText(item) : item));
}

/** An error message as it may be stored (a run's, an action's, an execution's, a digest's): scrubbed like a log line, storable, bounded. */
export function storableError(message: string, max = 2000): string {
  return storableText(scrubSecrets(message)).slice(0, max);
}
