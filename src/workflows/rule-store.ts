// SQL for workflow_rules and workflow_executions.
import type { Knex } from "knex";
import type { ActionType, ExecutionStatus } from "../domain/vocabulary.ts";

export interface RuleRow {
  id: number;
  name: string;
  description: string | null;
  trigger_event_type: string;
  condition: unknown;
  action_type: ActionType;
  action_config: Record<string, unknown>;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface ExecutionRow {
  id: number;
  rule_id: number | null;
  feed_event_id: number | null;
  status: ExecutionStatus;
  rule_snapshot: Record<string, unknown>;
  event_payload: Record<string, unknown>;
  action_result: Record<string, unknown> | null;
  error: string | null;
  duration_ms: number;
  created_at: Date;
}

export async function enabledRulesFor(db: Knex, eventType: string): Promise<RuleRow[]> {
  return db<RuleRow>("workflow_rules").where({ trigger_event_type: eventType, enabled: true }).orderBy("id");
}

export async function insertExecution(trx: Knex, execution: Omit<ExecutionRow, "id" | "created_at">, at: Date): Promise<ExecutionRow> {
  const [row] = await trx("workflow_executions")
    .insert({
      ...execution,
      rule_snapshot: JSON.stringify(execution.rule_snapshot),
      event_payload: JSON.stringify(execution.event_payload),
      action_result: execution.action_result === null ? null : JSON.stringify(execution.action_result),
      created_at: at,
    })
    .returning("*");
  return row as ExecutionRow;
}
