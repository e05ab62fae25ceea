// The read-tool calls the tools suite times: each read tool with its defaults, and a filtered variant where one is meaningful.
import type { Knex } from "knex";

/** Ids and values from the database, so the calls hit real rows on any studio. */
export interface ToolFixtures {
  /** A recently active intake (it has status history). */
  intakeId: number;
  /** The newest FAILED execution (what "why did it fail?" asks about), else the newest. */
  executionId: number;
  /** The most common contact source, lower-cased. */
  contactSource: string;
}

export interface ToolCase {
  tool: string;
  /** Shown in the table: the tool name and the filter, e.g. "get_intake_queue {status: NEW}". */
  label: string;
  args(fixtures: ToolFixtures): Record<string, unknown>;
  /** The key of its raw-SQL baseline in TOOL_BASELINES: the tool name, or `tool:variant` when the filter reshapes the query. */
  baseline: string;
}

const c = (tool: string, args: (f: ToolFixtures) => Record<string, unknown> = () => ({}), filter?: string, variant?: string): ToolCase => ({
  tool,
  label: filter ? `${tool} {${filter}}` : tool,
  args,
  baseline: variant ? `${tool}:${variant}` : tool,
});

export const TOOL_CASES: readonly ToolCase[] = [
  c("get_intake_queue"),
  c("get_intake_queue", () => ({ status: "NEW" }), "status: NEW"),
  c("get_intake_detail", (f) => ({ intake_id: f.intakeId }), "intake_id"),
  c("list_role_requests"),
  c("list_role_requests", () => ({ status: "ALL" }), "status: ALL", "all"),
  c("list_staff"),
  c("list_bookings"),
  c("list_bookings", () => ({ status: "OPEN", days: 90 }), "status: OPEN, days: 90", "status"),
  c("list_workflow_executions"),
  c("list_workflow_executions", () => ({ status: "FAILED", since_hours: 24 }), "status: FAILED, since_hours: 24", "status"),
  c("list_workflow_executions", () => ({ event_type: "IntakeStatusChanged" }), "event_type: IntakeStatusChanged", "event_type"),
  c("get_workflow_execution_detail", (f) => ({ execution_id: f.executionId }), "execution_id"),
  c("list_workflow_rules"),
  c("get_funnel_stats"),
  c("get_funnel_stats", () => ({ days: 90 }), "days: 90"),
  c("get_recent_activity"),
  c("get_recent_activity", () => ({ days: 90, include_eval: true }), "days: 90, include_eval"),
  c("get_contact_summary"),
  c("get_contact_summary", (f) => ({ source: f.contactSource }), "source", "source"),
  c("get_content_search_log"),
  c("run_health_check"),
  c("get_audit_log"),
  c("get_audit_log", () => ({ action: "intake.status_update", limit: 20 }), "action: intake.status_update", "action"),
  c("get_audit_log", () => ({ actor_type: "AGENT", since_hours: 168 }), "actor_type: AGENT, since_hours: 168", "actor_since"),
];

const one = async <T>(db: Knex, sql: string): Promise<T | undefined> => ((await db.raw(sql)) as { rows: T[] }).rows[0];

/** Picks the fixtures; falls back to id 1 / "website" on an empty studio (the tools then answer "not found" or empty). */
export async function loadToolFixtures(db: Knex): Promise<ToolFixtures> {
  const intake = await one<{ id: number }>(db, "select intake_id as id from intake_status_history order by id desc limit 1");
  const execution =
    (await one<{ id: number }>(
      db,
      "select id from workflow_executions where status = 'FAILED' order by created_at desc, id desc limit 1",
    )) ?? (await one<{ id: number }>(db, "select id from workflow_executions order by id desc limit 1"));
  const source = await one<{ source: string }>(
    db,
    "select lower(source) as source from contacts where source is not null group by 1 order by count(*) desc, 1 limit 1",
  );
  return { intakeId: intake?.id ?? 1, executionId: execution?.id ?? 1, contactSource: source?.source ?? "website" };
}
