// SQL for the conversation inbox: messages that arrived while a turn was running, answered in order.
import type { Knex } from "knex";
import { z } from "zod";
import { storableJson, storableText } from "../../domain/untrusted-text.ts";

// A queued message as the agent takes it: its origin (stored JSON, the surface's) checked for shape at this edge.
const inboxRow = z.looseObject({
  id: z.number(),
  conversation_id: z.number(),
  user_id: z.number().nullable(),
  text: z.string(),
  origin: z.record(z.string(), z.unknown()),
  status: z.enum(["queued", "taken", "done"]),
  created_at: z.date(),
  taken_at: z.date().nullable().optional(),
});

export type InboxRow = z.infer<typeof inboxRow>;

/** Queues a message; returns its position among the queued ones (1 = next). */
export async function enqueueMessage(
  db: Knex,
  message: { conversationId: number; userId: number | null; text: string; origin: Record<string, unknown> },
  at: Date,
): Promise<number> {
  await db("conversation_inbox").insert({
    conversation_id: message.conversationId,
    user_id: message.userId,
    text: storableText(message.text),
    origin: storableJson(message.origin),
    created_at: at,
  });
  const row = await db("conversation_inbox")
    .where({ conversation_id: message.conversationId, status: "queued" })
    .first<{ n: number }>(db.raw("count(*)::int as n"));
  return row?.n ?? 1;
}

/** Takes the oldest queued message of a conversation, once (a conditional update), or nothing. */
export async function takeNextQueued(db: Knex, conversationId: number, at: Date): Promise<InboxRow | undefined> {
  const [row] = await db("conversation_inbox")
    .where("id", db("conversation_inbox").where({ conversation_id: conversationId, status: "queued" }).orderBy("id").limit(1).select("id"))
    .andWhere({ status: "queued" })
    .update({ status: "taken", taken_at: at })
    .returning("*");
  return row === undefined ? undefined : inboxRow.parse(row);
}

export async function markInboxDone(db: Knex, id: number): Promise<void> {
  await db("conversation_inbox").where({ id }).update({ status: "done" });
}

/**
 * After the holder of a conversation died: a message it had taken but started no run for (no run began at or after it
 * was taken) goes back to the queue, first in line, so it is answered once; one that got a run is done (the run is
 * recovered on its own). Returns how many went back.
 */
export async function settleTakenMessages(db: Knex, conversationId: number): Promise<number> {
  const answered = db("agent_runs")
    .whereRaw("agent_runs.conversation_id = conversation_inbox.conversation_id")
    .whereRaw("agent_runs.started_at >= coalesce(conversation_inbox.taken_at, conversation_inbox.created_at)")
    .select(db.raw("1"));
  await db("conversation_inbox")
    .where({ conversation_id: conversationId, status: "taken" })
    .whereExists(answered)
    .update({ status: "done" });
  return db("conversation_inbox").where({ conversation_id: conversationId, status: "taken" }).update({ status: "queued" });
}
