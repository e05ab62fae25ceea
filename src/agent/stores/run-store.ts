// SQL for agent runs and per-call model usage: status, totals, the paused step, and the day's spend.
import type { Knex } from "knex";
import { z } from "zod";
import { storableError, storableJson } from "../../domain/untrusted-text.ts";

// A run row as the loop reads it: its stored JSON (the paused step's settled results) checked for shape at this edge.
const settledResult = z.object({ tool_use_id: z.string(), content: z.string(), is_error: z.boolean() });
const runRow = z.looseObject({
  id: z.string(),
  conversation_id: z.number(),
  status: z.enum(["running", "awaiting_confirmation", "completed", "failed"]),
  requested_by: z.number().nullable(),
  trigger: z.string(),
  model: z.string().nullable(),
  model_calls: z.number(),
  input_tokens: z.number(),
  output_tokens: z.number(),
  cache_write_tokens: z.number(),
  cache_read_tokens: z.number(),
  cost_usd: z.number(),
  error: z.string().nullable(),
  awaiting_seq: z.number().nullable(),
  settled_results: z.array(settledResult).nullable(),
  /** Where the answer of the message that started the run goes (the surface's origin); null before migration 010. */
  origin: z.record(z.string(), z.unknown()).nullable().optional(),
  started_at: z.date(),
  updated_at: z.date(),
  finished_at: z.date().nullable(),
});

export type RunRow = z.infer<typeof runRow>;
export type RunStatus = RunRow["status"];
/** A tool_result already known for a paused step (the calls that were not gated). */
export type SettledResult = z.infer<typeof settledResult>;

const toRun = (row: unknown): RunRow => runRow.parse(row);
const toRunOrUndefined = (row: unknown): RunRow | undefined => (row === undefined ? undefined : toRun(row));

export interface UsageRecord {
  runId: string | null;
  purpose: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  costUsd: number;
  latencyMs: number;
  stopReason: string | null;
}

export async function createRun(
  db: Knex,
  run: {
    id?: string;
    conversationId: number;
    requestedBy: number | null;
    trigger: string;
    model: string;
    origin?: Record<string, unknown>;
  },
  at: Date,
): Promise<RunRow> {
  const [row] = await db("agent_runs")
    .insert({
      ...(run.id ? { id: run.id } : {}),
      conversation_id: run.conversationId,
      requested_by: run.requestedBy,
      trigger: run.trigger,
      model: run.model,
      origin: run.origin ? storableJson(run.origin) : null,
      status: "running",
      started_at: at,
      updated_at: at,
    })
    .returning("*");
  return toRun(row);
}

export async function findRun(db: Knex, id: string): Promise<RunRow | undefined> {
  return toRunOrUndefined(await db("agent_runs").where({ id }).first());
}

/** One statement: the usage row, and with a run the run's counters too (a data-modifying CTE, one round trip). */
export async function recordUsage(db: Knex, usage: UsageRecord, at: Date): Promise<void> {
  const inserted = db("model_usage").insert({
    agent_run_id: usage.runId,
    purpose: usage.purpose,
    model: usage.model,
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_write_tokens: usage.cacheWriteTokens,
    cache_read_tokens: usage.cacheReadTokens,
    cost_usd: usage.costUsd,
    latency_ms: usage.latencyMs,
    stop_reason: usage.stopReason,
    created_at: at,
  });
  if (!usage.runId) {
    await inserted;
    return;
  }
  await db
    .with("u", inserted)
    .table("agent_runs")
    .where({ id: usage.runId })
    .update({
      model_calls: db.raw("model_calls + 1"),
      input_tokens: db.raw("input_tokens + ?", [usage.inputTokens]),
      output_tokens: db.raw("output_tokens + ?", [usage.outputTokens]),
      cache_write_tokens: db.raw("cache_write_tokens + ?", [usage.cacheWriteTokens]),
      cache_read_tokens: db.raw("cache_read_tokens + ?", [usage.cacheReadTokens]),
      cost_usd: db.raw("cost_usd + ?", [usage.costUsd]),
      updated_at: at,
    });
}

/** US dollars spent on model calls since `since` (the start of the budget day). */
export async function spentSince(db: Knex, since: Date): Promise<number> {
  const row = await db("model_usage")
    .where("created_at", ">=", since)
    .first<{ total: number | null }>(db.raw("sum(cost_usd)::float8 as total"));
  return row?.total ?? 0;
}

export async function pauseRun(db: Knex, id: string, awaitingSeq: number, settled: SettledResult[], at: Date): Promise<void> {
  await db("agent_runs")
    .where({ id, status: "running" })
    .update({ status: "awaiting_confirmation", awaiting_seq: awaitingSeq, settled_results: storableJson(settled), updated_at: at });
}

/**
 * Moves a paused run back to running, once, and only when none of its pending actions is still open.
 * Each decider calls it after committing its own decision, so the last one to finish always wins it.
 */
export async function claimPausedRun(db: Knex, id: string, at: Date): Promise<RunRow | undefined> {
  const [row] = await db("agent_runs")
    .where({ id, status: "awaiting_confirmation" })
    .whereNotExists(db("pending_actions").where("agent_run_id", id).whereIn("status", ["pending", "confirmed"]).select(db.raw("1")))
    .update({ status: "running", updated_at: at })
    .returning("*");
  return toRunOrUndefined(row);
}

/**
 * Ends a running run. Only a running one: a run the recovery sweep already ended (its holder was cut off past its
 * lease) keeps the sweep's verdict, whatever the old holder writes late.
 */
export async function finishRun(db: Knex, id: string, outcome: { status: "completed" | "failed"; error?: string | null }, at: Date) {
  await db("agent_runs")
    .where({ id, status: "running" })
    .update({
      status: outcome.status,
      // A provider may echo a key back in its error text; the column is read by people and tools like a log line.
      error: outcome.error == null ? null : storableError(outcome.error),
      awaiting_seq: null,
      settled_results: null,
      finished_at: at,
      updated_at: at,
    });
}

/** A paused run left behind when its conversation moved on: its cards stay valid, its step was closed. */
export async function supersedePausedRuns(db: Knex, conversationId: number, at: Date): Promise<RunRow[]> {
  const rows: unknown[] = await db("agent_runs")
    .where({ conversation_id: conversationId, status: "awaiting_confirmation" })
    .update({ status: "completed", error: "superseded by a newer message", finished_at: at, updated_at: at })
    .returning("*");
  return rows.map(toRun);
}

/** Paused runs none of whose actions is still open: ready to resume (a deferred resume, a crash). */
export async function resumableRuns(db: Knex): Promise<string[]> {
  return db("agent_runs")
    .where({ status: "awaiting_confirmation" })
    .whereNotExists(
      db("pending_actions")
        .whereRaw("pending_actions.agent_run_id = agent_runs.id")
        .whereIn("status", ["pending", "confirmed"])
        .select(db.raw("1")),
    )
    .pluck("id");
}

/**
 * Ends every run still running in a conversation whose lease the caller just took over (their holder is dead): one
 * conditional update, so two sweepers end each run once. Returns the runs it ended, oldest first.
 */
export async function endInterruptedRuns(db: Knex, conversationId: number, error: string, at: Date): Promise<RunRow[]> {
  const rows: unknown[] = await db("agent_runs")
    .where({ conversation_id: conversationId, status: "running" })
    .update({ status: "failed", error, awaiting_seq: null, settled_results: null, finished_at: at, updated_at: at })
    .returning("*");
  return rows.map(toRun).sort((a, b) => a.started_at.getTime() - b.started_at.getTime());
}
