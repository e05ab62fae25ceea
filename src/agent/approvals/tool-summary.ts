// One short line a person can read about how a tool call ended (shown beside its step): how much it found, or why it failed.
const MAX_SUMMARY = 120;

const clip = (text: string) => (text.length <= MAX_SUMMARY ? text : `${text.slice(0, MAX_SUMMARY - 1)}…`);

/** A failure's message without the "Error (code): " prefix the model reads. */
export function failureSummary(content: string): string {
  return clip(content.replace(/^Error(?: \([a-z_]+\))?: /, "").trim() || "Failed");
}

const plural = (n: number, noun: string) => `${n} ${n === 1 ? noun.replace(/s$/, "") : noun}`;

/**
 * "3 intakes", "12 executions"…: a list answer (a bare array, or an object that says how many it holds) counted by its
 * first list; a single record (an intake with its history) is just "Done". Never the result's text (it may be untrusted).
 */
export function resultSummary(result: unknown): string {
  if (Array.isArray(result)) return plural(result.length, "results");
  if (!result || typeof result !== "object") return "Done";
  const record = result as Record<string, unknown>;
  if (!["total", "returned", "count"].some((key) => typeof record[key] === "number")) return "Done";
  for (const [key, value] of Object.entries(record)) {
    if (Array.isArray(value)) return plural(value.length, key.replace(/_/g, " "));
  }
  return "Done";
}
