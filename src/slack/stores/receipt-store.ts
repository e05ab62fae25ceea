// SQL for delivery receipts: the first delivery of an event id (or message id) wins, retries are dropped.
import type { Knex } from "knex";

/**
 * Records several keys of one delivery in one statement (an event's id and its message's client id) and returns
 * the keys that were new; a key missing from the answer was seen before.
 */
export async function recordReceipts(db: Knex, keys: readonly string[], kind: string, at: Date): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const inserted = (await db("slack_event_receipts")
    .insert(keys.map((key) => ({ key, kind, received_at: at })))
    .onConflict("key")
    .ignore()
    .returning("key")) as { key: string }[];
  return new Set(inserted.map((row) => row.key));
}

/** Forgets receipts older than `before` (Slack retries within minutes; a day is plenty). */
export async function pruneReceipts(db: Knex, before: Date): Promise<number> {
  return db("slack_event_receipts").where("received_at", "<", before).del();
}
