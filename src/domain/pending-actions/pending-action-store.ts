// SQL for pending actions: gated calls waiting for a human, moved on only by conditional updates.
import type { Knex } from "knex";
import { storableError } from "../untrusted-text.ts";

export type PendingStatus = "pending" | "confirmed" | "cancelled" | "expired" | "executed" | "failed";

export interface PendingActionRow {
  id: string;
  agent_run_id: string | null;
  tool_use_id: string | null;
  step_seq: number | null;
  tool_name: string;
  args: Record<string, unknown>;
  args_hash: string;
  reason: string;
  snapshot: Record<string, unknown> & { summary?: string };
  requested_by: number | null;
  decided_by: number | null;
  status: PendingStatus;
  result: unknown;
  error: string | null;
  slack_channel_id: string | null;
  slack_message_ts: string | null;
  slack_thread_ts: string | null;
  expires_at: Date;
  created_at: Date;
  decided_at: Date | null;
  executed_at: Date | null;
  /** How the click was made (button, cli, console): a recovery runs it as the same path. */
  decided_via: string | null;
  /** How many times a recovery sweep took this confirmed action over from a dead executor. */
  recoveries: number;
  /** The status its Slack card last showed; behind `status` after a crash between the settle and the card update. */
  card_status: string | null;
  /** Where it was asked (migration 044): the channel and a permalink to the question, set when the card is posted. */
  asked_channel_id?: string | null;
  asked_link?: string | null;
  /** What the canceller wrote (optional), told to the model with the cancellation. */
  decision_note?: string | null;
}

export interface NewPendingAction {
  runId: string | null;
  toolUseId: string | null;
  stepSeq: number | null;
  toolName: string;
  args: Record<string, unknown>;
  argsHash: string;
  reason: string;
  snapshot: Record<string, unknown>;
  requestedBy: number | null;
  expiresAt: Date;
}

export async function insertPendingAction(db: Knex, action: NewPendingAction, at: Date): Promise<PendingActionRow> {
  const [row] = await db("pending_actions")
    .insert({
      agent_run_id: action.runId,
      tool_use_id: action.toolUseId,
      step_seq: action.stepSeq,
      tool_name: action.toolName,
      args: JSON.stringify(action.args),
      args_hash: action.argsHash,
      reason: action.reason,
      snapshot: JSON.stringify(action.snapshot),
      requested_by: action.requestedBy,
      expires_at: action.expiresAt,
      created_at: at,
    })
    .returning("*");
  return row as PendingActionRow;
}

export async function findPendingAction(db: Knex, id: string): Promise<PendingActionRow | undefined> {
  return db<PendingActionRow>("pending_actions").where({ id }).first();
}

export async function pendingActionsOfRun(db: Knex, runId: string): Promise<PendingActionRow[]> {
  return db<PendingActionRow>("pending_actions").where({ agent_run_id: runId }).orderBy("created_at").orderBy("id");
}

/** How many pending actions are in each state (every state listed, 0 when none): the metrics' gauge. */
export async function countPendingActionsByStatus(db: Knex): Promise<Record<PendingStatus, number>> {
  const rows = await db("pending_actions").select("status").count<{ status: PendingStatus; n: number }[]>({ n: "*" }).groupBy("status");
  const counts: Record<PendingStatus, number> = { pending: 0, confirmed: 0, cancelled: 0, expired: 0, executed: 0, failed: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

/** pending → confirmed|cancelled, only if still pending and unexpired. Returns the row when this caller won. */
export async function claimDecision(
  db: Knex,
  id: string,
  decision: { status: "confirmed" | "cancelled"; decidedBy: number; via?: string; note?: string | null },
  at: Date,
): Promise<PendingActionRow | undefined> {
  const [row] = await db("pending_actions")
    .where({ id, status: "pending" })
    .andWhere("expires_at", ">", at)
    .update({
      status: decision.status,
      decided_by: decision.decidedBy,
      decided_at: at,
      decided_via: decision.via ?? null,
      decision_note: decision.note ?? null,
    })
    .returning("*");
  return row as PendingActionRow | undefined;
}

/**
 * Locks a confirmed action for its execution, in the transaction that will write and settle it; undefined when it is
 * no longer confirmed (settled by another executor). `skipLocked` (the recovery sweep) passes over an action whose
 * executor is alive and inside that transaction right now, instead of waiting for it.
 */
export async function lockConfirmed(trx: Knex, id: string, options: { skipLocked?: boolean } = {}): Promise<PendingActionRow | undefined> {
  const query = trx<PendingActionRow>("pending_actions").where({ id, status: "confirmed" }).forUpdate();
  if (options.skipLocked) query.skipLocked();
  return query.first();
}

/** confirmed → executed|failed with the tool's outcome; the conditional keeps it to one writer. */
export async function settleConfirmed(
  db: Knex,
  id: string,
  outcome: { status: "executed" | "failed"; result: unknown; error: string | null },
  at: Date,
): Promise<void> {
  await db("pending_actions")
    .where({ id, status: "confirmed" })
    .update({
      status: outcome.status,
      result: JSON.stringify(outcome.result ?? null),
      error: outcome.error === null ? null : storableError(outcome.error),
      executed_at: at,
    });
}

/** Marks every overdue pending action expired; returns them (their cards need updating). */
export async function expireOverdue(db: Knex, at: Date, ids?: string[]): Promise<PendingActionRow[]> {
  const query = db("pending_actions").where({ status: "pending" }).andWhere("expires_at", "<=", at);
  if (ids) query.whereIn("id", ids);
  return query.update({ status: "expired", decided_at: at }).returning("*") as Promise<PendingActionRow[]>;
}

export async function attachCard(
  db: Knex,
  id: string,
  card: { channelId: string; messageTs: string; threadTs?: string | null; askedIn?: { channelId: string; link: string | null } },
) {
  await db("pending_actions")
    .where({ id })
    .update({
      slack_channel_id: card.channelId,
      slack_message_ts: card.messageTs,
      slack_thread_ts: card.threadTs ?? null,
      ...(card.askedIn ? { asked_channel_id: card.askedIn.channelId, asked_link: card.askedIn.link } : {}),
    });
}

/**
 * Confirmed actions claimed before `before` whose row no executor holds (a live one holds it FOR UPDATE from its
 * transaction's start to its commit): their executor died before the write committed. Counts the take-over on each.
 */
export async function takeOverStranded(db: Knex, before: Date, options: { limit?: number; id?: string } = {}): Promise<PendingActionRow[]> {
  const stranded = db("pending_actions")
    .where({ status: "confirmed", ...(options.id ? { id: options.id } : {}) })
    .andWhere("decided_at", "<=", before)
    .orderBy("decided_at")
    .limit(options.limit ?? 20)
    .forUpdate()
    .skipLocked()
    .select("id");
  return db("pending_actions").whereIn("id", stranded).increment("recoveries", 1).returning("*") as Promise<PendingActionRow[]>;
}

/** Settled actions, decided before `before`, whose card does not show their state (a crash after the settle). */
export async function cardsBehind(db: Knex, before: Date, limit = 20): Promise<PendingActionRow[]> {
  return db<PendingActionRow>("pending_actions")
    .whereNotNull("slack_message_ts")
    .whereIn("status", ["executed", "failed", "cancelled", "expired"])
    .andWhereRaw("card_status is distinct from status")
    .andWhere("decided_at", "<=", before)
    .orderBy("decided_at")
    .limit(limit);
}

/** Notes the state a card now shows (after a successful card update). */
export async function markCardShown(db: Knex, id: string, status: string): Promise<void> {
  await db("pending_actions").where({ id }).update({ card_status: status });
}
