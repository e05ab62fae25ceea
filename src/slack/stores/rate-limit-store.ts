// SQL for rate-limit counters: fixed one-minute windows counted in PostgreSQL so replicas share them.
import type { Knex } from "knex";

/** Counts one request for `key` in the window starting at `windowStart`; returns the count so far. */
export async function countRequest(db: Knex, key: string, windowStart: Date): Promise<number> {
  const result = await db.raw<{ rows: { count: number }[] }>(
    `insert into rate_limit_counters (key, window_start, count) values (?, ?, 1)
     on conflict (key, window_start) do update set count = rate_limit_counters.count + 1
     returning count`,
    [key, windowStart],
  );
  return result.rows[0]!.count;
}

export async function pruneCounters(db: Knex, before: Date): Promise<number> {
  return db("rate_limit_counters").where("window_start", "<", before).del();
}
