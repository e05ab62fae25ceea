// Tool outcomes as tool_result content for the model: compact JSON, bounded in size, errors flagged.
import type { ToolOutcome } from "../tools/execute.ts";

export interface EncodedResult {
  content: string;
  is_error: boolean;
}

/** Compact JSON; past `maxChars` the text is cut and says so, so the model asks for a smaller page. */
export function encodeOutcome(outcome: ToolOutcome, maxChars: number): EncodedResult {
  if (!outcome.ok) {
    return { content: `Error (${outcome.error.code}): ${outcome.error.message}`, is_error: true };
  }
  return { content: boundText(JSON.stringify(outcome.result), maxChars), is_error: false };
}

export function boundText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}… [result truncated at ${maxChars} of ${text.length} characters; ask for fewer rows with limit/offset]`;
}
