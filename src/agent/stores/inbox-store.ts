// SQL for the conversation inbox: messages that arrived while a turn was running, answered in order.
import type { Knex } from "knex";

export interface InboxRow {
  id: number;
  conversation_id: number;
  user_id: number | null;
  text: string;
  origin: Record<string, unknown>;
  status: "queued" | "taken" | "done";
  created_at: Date;
}

/** Queues a message; returns its position among the queued ones (1 = next). */
export async function enqueueMessage(
  db: Knex,
  message: { conversationId: number; userId: number | null; text: string; origin: Record<string, unknown> },
  at: Date,
): Promise<number> {
  await db("conversation_inbox").insert({
    conversation_id: message.conversationId,
    user_id: message.userId,
    text: message.text,
    origin: JSON.stringify(message.origin),
    created_at: at,
  });
  const row = await db("conversation_inbox")
    .where({ conversation_id: message.conversationId, status: "queued" })
    .first<{ n: number }>(db.raw("count(*)::int as n"));
  return row?.n ?? 1;
}

/** Takes the oldest queued message of a conversation, once (a conditional update), or nothing. */
export async function takeNextQueued(db: Knex, conversationId: number): Promise<InboxRow | undefined> {
  const [row] = await db("conversation_inbox")
    .where("id", db("conversation_inbox").where({ conversation_id: conversationId, status: "queued" }).orderBy("id").limit(1).select("id"))
    .andWhere({ status: "queued" })
    .update({ status: "taken" })
    .returning("*");
  return row as InboxRow | undefined;
}

export async function markInboxDone(db: Knex, id: number): Promise<void> {
  await db("conversation_inbox").where({ id }).update({ status: "done" });
}
