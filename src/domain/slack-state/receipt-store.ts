// SQL for delivery receipts: the first delivery of an event id (or message id, or click) wins, retries are dropped.
import type { Knex } from "knex";

/** True when this key is seen for the first time (and is now recorded); false for a duplicate delivery. */
export async function recordReceipt(db: Knex, key: string, kind: string, at: Date): Promise<boolean> {
  const inserted = await db("slack_event_receipts").insert({ key, kind, received_at: at }).onConflict("key").ignore().returning("key");
  return inserted.length === 1;
}

/** Forgets receipts older than `before` (Slack retries within minutes; a day is plenty). */
export async function pruneReceipts(db: Knex, before: Date): Promise<number> {
  return db("slack_event_receipts").where("received_at", "<", before).del();
}
