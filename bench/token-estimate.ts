// Token counts without a key: a documented characters-per-token estimate, and the method named in the report.

/**
 * Characters per token. JSON (tool schemas, tool_use/tool_result blocks) is dense in punctuation, quotes and
 * short keys, so it runs about 3.5 characters per token; English prose about 4. Both sit on the cautious side of
 * what Claude's tokenizer does with such text, so the estimate tends to over- rather than under-count.
 */
export const CHARS_PER_TOKEN = { json: 3.5, prose: 4 } as const;

/**
 * The system prompt Anthropic adds when a request carries tools (tool_choice auto): 346 tokens on the Claude 4
 * generation models per Anthropic's tool-use pricing notes. Billed whenever tools are sent, so it is counted.
 */
export const TOOL_USE_SYSTEM_PROMPT_TOKENS = 346;

export const estimateTokens = (text: string, kind: keyof typeof CHARS_PER_TOKEN) => Math.ceil(text.length / CHARS_PER_TOKEN[kind]);

export const ESTIMATE_METHOD =
  `estimate: tool JSON structure chars / ${CHARS_PER_TOKEN.json} + description and system-prompt prose chars / ${CHARS_PER_TOKEN.prose} + ` +
  `${TOOL_USE_SYSTEM_PROMPT_TOKENS} (Anthropic's tool-use system prompt); set ANTHROPIC_API_KEY for the real count endpoint`;

/**
 * Tokens of a tools + system prefix without a tokenizer: the tool definitions' structure (names, types, enums,
 * braces) as JSON, their descriptions and the system prompt as prose, plus the tool-use system prompt.
 */
export function estimatePrefixTokens(tools: unknown, system: string): number {
  const json = JSON.stringify(tools).length;
  const structure = JSON.stringify(stripDescriptions(tools)).length;
  return (
    Math.ceil(structure / CHARS_PER_TOKEN.json) +
    Math.ceil((json - structure + system.length) / CHARS_PER_TOKEN.prose) +
    TOOL_USE_SYSTEM_PROMPT_TOKENS
  );
}

/** Removes every `description` (tool and schema properties): the catalogue as bare names and types. */
export function stripDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDescriptions);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, v]) => !(key === "description" && typeof v === "string"))
      .map(([key, v]) => [key, stripDescriptions(v)]),
  );
}
