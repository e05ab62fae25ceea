// What a person reads while a tool runs: each tool's step in plain words ("Checking the intake queue"), for the thread's
// status and the task list of a streamed reply. Typed by the catalogue, so a new tool without a phrase does not compile.
import type { ToolName } from "../../tools/catalogue.ts";

export const TOOL_PHRASES: Record<ToolName, string> = {
  get_intake_queue: "Checking the intake queue",
  get_intake_detail: "Reading the intake",
  update_intake_status: "Updating the intake's status",
  assign_intake: "Assigning the intake",
  add_intake_note: "Adding a note to the intake",
  list_role_requests: "Looking at role requests",
  approve_role_request: "Preparing a role approval",
  reject_role_request: "Preparing a role rejection",
  list_bookings: "Looking at bookings",
  add_availability_slot: "Adding an availability slot",
  cancel_availability_slot: "Preparing a slot cancellation",
  list_workflow_executions: "Checking how the workflows ran",
  get_workflow_execution_detail: "Reading a workflow run",
  list_workflow_rules: "Looking at the workflow rules",
  toggle_workflow_rule: "Switching a workflow rule",
  trigger_test_workflow: "Running a test workflow",
  create_workflow_rule: "Drafting a new workflow rule",
  update_workflow_rule: "Drafting a change to a workflow rule",
  get_funnel_stats: "Counting the funnel",
  get_recent_activity: "Reading recent activity",
  get_contact_summary: "Looking at contacts",
  get_content_search_log: "Reading the content searches",
  run_health_check: "Running a health check",
  get_audit_log: "Reading the audit log",
  list_staff: "Looking at the staff list",
  grant_role: "Preparing a role grant",
  revoke_role: "Preparing a role removal",
};

/** The step's words for any tool name the model sent (an unknown one reads as itself, never as an error). */
export function toolPhrase(name: string): string {
  return (TOOL_PHRASES as Record<string, string>)[name] ?? `Running ${name.replace(/_/g, " ")}`;
}

/** The same step as the thread's status line: "Checking the intake queue…". */
export const toolStatus = (names: readonly string[]): string =>
  names.length === 1 ? `${toolPhrase(names[0]!)}…` : `${toolPhrase(names[0]!)} and ${names.length - 1} more…`;
