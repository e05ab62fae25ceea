// SQL for Stop requests: a person asks the running run of a conversation to stop; the process running it (any replica)
// polls its own run for the request. A request on a run that already ended changes nothing.
import type { Knex } from "knex";

export interface RunningRun {
  id: string;
  requested_by: number | null;
}

/** Where a Stop looks: one conversation (its thread), or — without `threadTs` — every conversation of a channel. */
export interface StopScope {
  teamId: string;
  channelId: string;
  threadTs?: string;
}

/** The runs answering in `scope` right now (status running), newest first. */
export async function runningRuns(db: Knex, scope: StopScope): Promise<RunningRun[]> {
  return db("agent_runs as r")
    .join("conversations as c", "c.id", "r.conversation_id")
    .where({ "r.status": "running", "c.slack_team_id": scope.teamId, "c.slack_channel_id": scope.channelId })
    .modify((q) => {
      if (scope.threadTs !== undefined) q.where("c.thread_ts", scope.threadTs);
    })
    .orderBy("r.started_at", "desc")
    .select("r.id", "r.requested_by");
}

/** The runs a person's own questions started that are running now, anywhere, newest first. */
export async function runningRunsOf(db: Knex, userId: number): Promise<RunningRun[]> {
  return db("agent_runs").where({ status: "running", requested_by: userId }).orderBy("started_at", "desc").select("id", "requested_by");
}

/** Records the stop on the run, only while it runs; false when it ended meanwhile. The first request's asker is kept. */
export async function recordStopRequest(db: Knex, runId: string, byUserId: number, at: Date): Promise<boolean> {
  const updated = await db("agent_runs")
    .where({ id: runId, status: "running" })
    .update({
      stop_requested_at: db.raw("coalesce(stop_requested_at, ?)", [at]),
      stop_requested_by: db.raw("coalesce(stop_requested_by, ?)", [byUserId]),
    });
  return updated === 1;
}

/** Who asked the run to stop, once someone has (the running process's poll). */
export async function stopRequestOf(db: Knex, runId: string): Promise<{ by: number | null } | undefined> {
  const row = await db("agent_runs")
    .where({ id: runId })
    .whereNotNull("stop_requested_at")
    .first<{ stop_requested_by: number | null } | undefined>("stop_requested_by");
  return row ? { by: row.stop_requested_by } : undefined;
}
