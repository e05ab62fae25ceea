// SQL for 👍/👎 on answers: one row per person per answer (a second click changes the vote, never adds a row), with
// the run's model, the tools it called and its cost copied in at the vote; the admin's list, newest first.
import type { Knex } from "knex";

export type Vote = "up" | "down";

export interface FeedbackRow {
  id: number;
  run_id: string;
  user_id: number;
  user_name: string;
  value: Vote;
  reason: string | null;
  model: string | null;
  tools_used: string[];
  cost_usd: number;
  channel_id: string;
  created_at: Date;
  updated_at: Date;
}

/** The run an answer came from and the channel its conversation is in: what a vote must match to count. */
export async function findAnsweredRun(
  db: Knex,
  runId: string,
): Promise<{ id: string; channel: string; model: string | null; cost: number } | undefined> {
  const row = await db("agent_runs as r")
    .join("conversations as c", "c.id", "r.conversation_id")
    .where("r.id", runId)
    .first<{ id: string; channel: string; model: string | null; cost: string | number } | undefined>(
      "r.id",
      "c.slack_channel_id as channel",
      "r.model",
      "r.cost_usd as cost",
    );
  return row ? { ...row, cost: Number(row.cost) } : undefined;
}

/** The tools the run called, by name, once each, in the order first called (from its stored transcript). */
async function toolsUsed(db: Knex, runId: string): Promise<string[]> {
  const { rows } = (await db.raw(
    `select b->>'name' as name, min(m.id) as first
       from conversation_messages m, jsonb_array_elements(m.content) b
      where m.agent_run_id = ? and m.role = 'assistant' and jsonb_typeof(m.content) = 'array' and b->>'type' = 'tool_use'
      group by b->>'name' order by min(m.id)`,
    [runId],
  )) as { rows: { name: string }[] };
  return rows.map((r) => r.name);
}

/** Records (or changes) a person's vote on an answer; a 👍 clears a reason given with an earlier 👎. */
export async function recordVote(
  db: Knex,
  vote: { runId: string; userId: number; value: Vote; channelId: string; model: string | null; cost: number },
  at: Date,
): Promise<void> {
  const tools = await toolsUsed(db, vote.runId);
  await db("answer_feedback")
    .insert({
      run_id: vote.runId,
      user_id: vote.userId,
      value: vote.value,
      model: vote.model,
      tools_used: JSON.stringify(tools),
      cost_usd: vote.cost,
      channel_id: vote.channelId,
      created_at: at,
      updated_at: at,
    })
    .onConflict(["run_id", "user_id"])
    .merge({
      value: vote.value,
      updated_at: at,
      reason: db.raw("case when excluded.value = 'up' then null else answer_feedback.reason end"),
    });
}

/** Adds the reason a person gave for their 👎 (only while their vote is 👎); false when there is no such vote. */
export async function recordReason(db: Knex, vote: { runId: string; userId: number; reason: string }, at: Date): Promise<boolean> {
  const n = await db("answer_feedback")
    .where({ run_id: vote.runId, user_id: vote.userId, value: "down" })
    .update({ reason: vote.reason, updated_at: at });
  return n > 0;
}

/** The latest votes with who gave them; `value` narrows to 👍 or 👎. */
export async function listFeedback(
  db: Knex,
  options: { limit: number; value?: Vote },
): Promise<{ rows: FeedbackRow[]; up: number; down: number }> {
  const query = db("answer_feedback as f")
    .join("users as u", "u.id", "f.user_id")
    .select("f.*", "u.name as user_name")
    .orderBy("f.updated_at", "desc")
    .orderBy("f.id", "desc")
    .limit(options.limit);
  if (options.value) query.where("f.value", options.value);
  const counts = await db("answer_feedback").select("value").count<{ value: Vote; n: number | string }[]>({ n: "*" }).groupBy("value");
  const count = (v: Vote) => Number(counts.find((c) => c.value === v)?.n ?? 0);
  const rows = (await query) as (FeedbackRow & { cost_usd: string | number })[];
  return { rows: rows.map((r) => ({ ...r, cost_usd: Number(r.cost_usd) })), up: count("up"), down: count("down") };
}
