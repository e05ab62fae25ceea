// SQL for workflow_executions: the engine's record of each run, and the tools' pages by window and detail by id.
// Every list here is bounded and filters on indexed columns.
import type { Knex } from "knex";
import type { EventPayload, RuleSnapshot } from "./engine.ts";
import { EVAL_SOURCE, EXECUTION_STATUSES, type ExecutionStatus } from "../vocabulary.ts";
import { storableError } from "../untrusted-text.ts";

export interface ExecutionRow {
  id: number;
  rule_id: number | null;
  feed_event_id: number | null;
  status: ExecutionStatus;
  /** JSON written by the engine (ruleSnapshot, eventPayload); rows from older versions may lack keys. */
  rule_snapshot: Partial<RuleSnapshot>;
  event_payload: Partial<EventPayload>;
  action_result: Record<string, unknown> | null;
  error: string | null;
  duration_ms: number;
  created_at: Date;
}

export async function insertExecution(trx: Knex, execution: Omit<ExecutionRow, "id" | "created_at">, at: Date): Promise<ExecutionRow> {
  const [row] = await trx("workflow_executions")
    .insert({
      ...execution,
      error: execution.error === null ? null : storableError(execution.error),
      rule_snapshot: JSON.stringify(execution.rule_snapshot),
      event_payload: JSON.stringify(execution.event_payload),
      action_result: execution.action_result === null ? null : JSON.stringify(execution.action_result),
      created_at: at,
    })
    .returning("*");
  return row as ExecutionRow;
}

export interface ExecutionListQuery {
  since: Date;
  status?: ExecutionStatus;
  /** Only executions of this rule. */
  ruleId?: number;
  /** Only executions of the rules this event type triggers (matched through workflow_rules_trigger_idx). */
  eventType?: string;
  limit: number;
  offset: number;
}

export interface ExecutionListRow {
  id: number;
  rule_id: number | null;
  rule_name: string | null;
  event_type: string | null;
  status: ExecutionStatus;
  duration_ms: number;
  error: string | null;
  /** The run came from a synthetic EVAL event (trigger_test_workflow). */
  is_test: boolean;
  created_at: Date;
}

/** One page of executions, newest first, and the count per status in the window (the status filter aside). */
export async function listExecutions(db: Knex, query: ExecutionListQuery) {
  // No function on an indexed column: created_at, status and rule_id are compared bare so
  // workflow_executions_{created_rule_status,status_created,rule_created}_idx serve every combination.
  const scoped = (q: Knex.QueryBuilder) => {
    q.where("e.created_at", ">=", query.since);
    if (query.ruleId !== undefined) q.where("e.rule_id", query.ruleId);
    if (query.eventType !== undefined) {
      q.whereIn("e.rule_id", db("workflow_rules").where({ trigger_event_type: query.eventType }).select("id"));
    }
    return q;
  };
  const page = scoped(db("workflow_executions as e"));
  if (query.status) page.where("e.status", query.status);
  // Independent reads: on PostgreSQL the pool runs them in parallel; PGlite serializes them.
  const [rows, counts] = await Promise.all([
    page
      .orderBy([
        { column: "e.created_at", order: "desc" },
        { column: "e.id", order: "desc" },
      ])
      .limit(query.limit)
      .offset(query.offset)
      .select<ExecutionListRow[]>(
        "e.id",
        "e.rule_id",
        db.raw("e.rule_snapshot->>'name' as rule_name"),
        db.raw("e.event_payload->>'event_type' as event_type"),
        "e.status",
        "e.duration_ms",
        "e.error",
        db.raw("coalesce(e.event_payload->'metadata'->>'source' = ?, false) as is_test", [EVAL_SOURCE]),
        "e.created_at",
      ),
    // Naming every status (the column's check constraint allows exactly these) lets the window be counted from
    // workflow_executions_status_created_idx alone, an index-only scan instead of a heap visit per run.
    scoped(db("workflow_executions as e"))
      .whereIn("e.status", [...EXECUTION_STATUSES])
      .groupBy("e.status")
      .select<{ status: ExecutionStatus; n: number }[]>("e.status", db.raw("count(*)::int as n")),
  ]);
  return { rows, counts };
}

export interface ExecutionDetailRow extends ExecutionRow {
  /** The rule as it is now (null when it was deleted since). */
  current_rule_name: string | null;
  current_rule_enabled: boolean | null;
}

export async function findExecution(db: Knex, id: number): Promise<ExecutionDetailRow | undefined> {
  return db("workflow_executions as e")
    .leftJoin("workflow_rules as r", "r.id", "e.rule_id")
    .where("e.id", id)
    .first<ExecutionDetailRow | undefined>("e.*", "r.name as current_rule_name", "r.enabled as current_rule_enabled");
}

/**
 * The action's outside effect was refused for good after the run (an email the SMTP server rejected): the run is
 * FAILED with why, so it shows wherever failed runs do (lists, the health check, the digest, Home).
 */
export async function markExecutionUndelivered(db: Knex, id: number, error: string): Promise<void> {
  await db("workflow_executions")
    .where({ id, status: "SUCCESS" })
    .update({ status: "FAILED", error: storableError(error) });
}
