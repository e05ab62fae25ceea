// SQL for conversations and their transcript: one conversation per Slack thread, append-only messages.
import type Anthropic from "@anthropic-ai/sdk";
import type { Knex } from "knex";
import { z } from "zod";
import { storableJson } from "../../domain/untrusted-text.ts";

export interface ConversationKey {
  teamId: string;
  channelId: string;
  /** '' for a DM's top level; the thread's root ts otherwise. */
  threadTs: string;
}

export interface ConversationRow {
  id: number;
  slack_team_id: string;
  slack_channel_id: string;
  thread_ts: string;
  busy_run_id: string | null;
  busy_until: Date | null;
}

/** One content block of a stored message: Anthropic's block, as sent or received. */
export type TranscriptBlock = Anthropic.ContentBlockParam;

// The jsonb column holds what appendMessage wrote: its shape (a role, an array of typed blocks) is checked as it is
// read back, so the loop works on a typed row instead of casting.
const storedBlock = z.custom<TranscriptBlock>(
  (value) => typeof value === "object" && value !== null && "type" in value && typeof value.type === "string",
  "a content block",
);
const messageRow = z.looseObject({
  id: z.number(),
  conversation_id: z.number(),
  seq: z.number(),
  role: z.enum(["user", "assistant"]),
  content: z.array(storedBlock),
  agent_run_id: z.string().nullable(),
  token_estimate: z.number(),
  created_at: z.date(),
});

/** A row of conversation_messages. */
export type MessageRow = z.infer<typeof messageRow>;

export async function findOrCreateConversation(db: Knex, key: ConversationKey, at: Date): Promise<ConversationRow> {
  // Insert-or-nothing then read: safe when two replicas race on the first message of a thread.
  await db("conversations")
    .insert({ slack_team_id: key.teamId, slack_channel_id: key.channelId, thread_ts: key.threadTs, created_at: at, updated_at: at })
    .onConflict(["slack_team_id", "slack_channel_id", "thread_ts"])
    .ignore();
  return db<ConversationRow>("conversations")
    .where({ slack_team_id: key.teamId, slack_channel_id: key.channelId, thread_ts: key.threadTs })
    .first() as Promise<ConversationRow>;
}

export async function findConversationByKey(db: Knex, key: ConversationKey): Promise<ConversationRow | undefined> {
  return db<ConversationRow>("conversations")
    .where({ slack_team_id: key.teamId, slack_channel_id: key.channelId, thread_ts: key.threadTs })
    .first();
}

export async function findConversation(db: Knex, id: number): Promise<ConversationRow | undefined> {
  return db<ConversationRow>("conversations").where({ id }).first();
}

/**
 * Appends one message with the next seq and bumps the conversation's `updated_at`, in one statement (a
 * data-modifying CTE: one round trip, not two); the unique (conversation_id, seq) index rejects a racing duplicate.
 */
export async function appendMessage(
  db: Knex,
  message: {
    conversationId: number;
    role: "user" | "assistant";
    content: readonly TranscriptBlock[];
    runId: string | null;
    tokenEstimate: number;
  },
  at: Date,
): Promise<MessageRow> {
  const inserted = db("conversation_messages")
    .insert({
      conversation_id: message.conversationId,
      seq: db.raw("(select coalesce(max(seq), 0) + 1 from conversation_messages where conversation_id = ?)", [message.conversationId]),
      role: message.role,
      content: storableJson(message.content),
      agent_run_id: message.runId,
      token_estimate: message.tokenEstimate,
      created_at: at,
    })
    .returning("*");
  const touched = db("conversations").where({ id: message.conversationId }).update({ updated_at: at });
  const [row] = await db.with("m", inserted).with("c", touched).select("*").from("m");
  return messageRow.parse(row);
}

export async function loadTranscript(db: Knex, conversationId: number): Promise<MessageRow[]> {
  const rows: unknown[] = await db("conversation_messages").where({ conversation_id: conversationId }).orderBy("seq");
  return rows.map((row) => messageRow.parse(row));
}

export async function lastMessage(db: Knex, conversationId: number): Promise<MessageRow | undefined> {
  const row: unknown = await db("conversation_messages").where({ conversation_id: conversationId }).orderBy("seq", "desc").first();
  return row === undefined ? undefined : messageRow.parse(row);
}

/**
 * Takes (or extends) the conversation's turn lease for `token`; false while another holder's lease is
 * unexpired. Turns in one conversation never run in parallel, on any replica.
 */
export async function acquireTurnLease(db: Knex, conversationId: number, token: string, until: Date, now: Date): Promise<boolean> {
  const taken = await db("conversations")
    .where({ id: conversationId })
    .andWhere((q) => q.whereNull("busy_run_id").orWhere("busy_until", "<", now).orWhere("busy_run_id", token))
    .update({ busy_run_id: token, busy_until: until });
  return taken === 1;
}

/**
 * Gives the lease up only while no message waits in the inbox (one conditional update). When it
 * returns false the holder keeps the lease and must answer the queued messages: together with the
 * enqueuer retrying the lease after it enqueues, no queued message is ever left without a holder.
 */
export async function releaseTurnLeaseIfIdle(db: Knex, conversationId: number, token: string): Promise<boolean> {
  const released = await db("conversations")
    .where({ id: conversationId, busy_run_id: token })
    .whereNotExists(db("conversation_inbox").where({ conversation_id: conversationId, status: "queued" }).select(db.raw("1")))
    .update({ busy_run_id: null, busy_until: null });
  if (released === 1) return true;
  const row = await db("conversations").where({ id: conversationId }).first<{ busy_run_id: string | null }>("busy_run_id");
  return row?.busy_run_id !== token; // not ours (any more): nothing to hold
}

/** Extends the lease only while `token` still holds it; false once another holder took it over (the turn must stop). */
export async function renewTurnLease(db: Knex, conversationId: number, token: string, until: Date): Promise<boolean> {
  const renewed = await db("conversations").where({ id: conversationId, busy_run_id: token }).update({ busy_until: until });
  return renewed === 1;
}

/**
 * Conversations whose holder is gone (lease free or expired) while something still waits there: a running run, or a
 * queued or taken message. The recovery sweep takes each over.
 */
export async function abandonedConversations(db: Knex, now: Date, limit = 50): Promise<ConversationRow[]> {
  // Driven from the two small sets (partial indexes), never a scan of every conversation.
  const waiting = db("agent_runs")
    .where({ status: "running" })
    .select("conversation_id")
    .union(db("conversation_inbox").whereIn("status", ["queued", "taken"]).select("conversation_id"));
  return db<ConversationRow>("conversations")
    .whereIn("id", waiting)
    .andWhere((q) => q.whereNull("busy_run_id").orWhere("busy_until", "<", now))
    .orderBy("id")
    .limit(limit);
}
