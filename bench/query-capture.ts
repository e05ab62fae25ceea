// Records the SQL a piece of code runs (knex's `query` event) and explains it the way it ran.
import type { Knex } from "knex";

export interface CapturedQuery {
  /** As the driver received it: `$1`-style placeholders. */
  sql: string;
  bindings: readonly unknown[];
}

/** Runs `fn` and returns every query the knex instance sent meanwhile (run nothing else on it concurrently). */
export async function captureQueries<T>(knex: Knex, fn: () => Promise<T>): Promise<{ result: T; queries: CapturedQuery[] }> {
  const queries: CapturedQuery[] = [];
  const listener = (q: { sql: string; bindings?: unknown[] }) => queries.push({ sql: q.sql, bindings: [...(q.bindings ?? [])] });
  knex.on("query", listener);
  try {
    const result = await fn();
    return { result, queries };
  } finally {
    knex.off("query", listener);
  }
}

export const isSelect = (sql: string) => /^\s*\(?\s*(select|with)\b/i.test(sql);

/**
 * Turns a captured `$n` query back into knex.raw form: literal `?` (jsonb operators) escaped, each `$n`
 * a `?` with its binding in order of appearance, so a `$1` used twice gets its value twice.
 */
export function toRaw(query: CapturedQuery): { sql: string; bindings: unknown[] } {
  const order: number[] = [];
  const sql = query.sql.replace(/\?/g, "\\?").replace(/\$(\d+)/g, (_match, n: string) => {
    order.push(Number(n));
    return "?";
  });
  return { sql, bindings: order.map((n) => query.bindings[n - 1]) };
}

/** EXPLAIN (FORMAT JSON) of a captured SELECT with its own bindings: the custom plan it executed with. */
/** Runs captured statements again, raw and one after another: the cost of the SQL alone, with no layer above it. */
export async function replaySequentially(knex: Knex, queries: readonly CapturedQuery[]): Promise<void> {
  for (const q of queries) {
    const raw = toRaw(q);
    await knex.raw(raw.sql, raw.bindings as Knex.RawBinding[]);
  }
}

export async function explain(knex: Knex, query: CapturedQuery): Promise<unknown> {
  const raw = toRaw(query);
  const result = (await knex.raw(`explain (format json) ${raw.sql}`, raw.bindings as Knex.RawBinding[])) as {
    rows: Record<string, unknown>[];
  };
  return result.rows[0]?.["QUERY PLAN"];
}
