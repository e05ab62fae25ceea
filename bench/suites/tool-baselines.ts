// The baseline of each read tool: the single most important query it runs, as plain SQL, run with knex.raw.
// Keyed by tool name, or `tool:variant` where a filter changes the query's shape (not just a value).
import type { ToolFixtures } from "./tool-cases.ts";

export interface BaselineInput {
  /** The case's arguments as given (defaults are written into the SQL, as the tool's schema fills them). */
  args: Record<string, unknown>;
  fixtures: ToolFixtures;
  now: Date;
}

export interface ToolBaseline {
  sql: string;
  bindings(input: BaselineInput): unknown[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (now: Date, ms: number) => new Date(now.getTime() - ms);
/** A PostgreSQL array literal bound as one text value (knex.raw would expand a JS array into a list). */
const pgArray = (values: readonly string[]) => `{${values.join(",")}}`;

const INTAKE_COLUMNS = `i.id, i.contact_id, i.contact_name, i.email, i.audience, i.goals, i.status, i.owner_user_id,
  u.name as owner_name, i.created_at, i.updated_at`;
const ROLE_REQUEST_FROM = `select rr.id, rr.user_id, u.name as user_name, u.email as user_email, rr.requested_role_id,
  r.name as requested_role, rr.reason, rr.status, rr.decided_by, d.name as decider_name, rr.decision_reason, rr.submitted_at, rr.decided_at
  from role_requests rr join users u on u.id = rr.user_id join roles r on r.id = rr.requested_role_id left join users d on d.id = rr.decided_by`;
const SLOTS_FROM = `select a.id, a.start_at, a.end_at, a.status, a.created_at, a.updated_at, b.id as booking_id, b.status as booking_status,
  b.intake_id, i.contact_name
  from maestro_availability a
  left join bookings b on b.availability_id = a.id and b.status = 'CONFIRMED'
  left join intake_requests i on i.id = b.intake_id`;
const EXECUTIONS_FROM = `select e.id, e.rule_id, e.rule_snapshot->>'name' as rule_name, e.event_payload->>'event_type' as event_type, e.status,
  e.duration_ms, e.error, coalesce(e.event_payload->'metadata'->>'source' = 'EVAL', false) as is_test, e.created_at
  from workflow_executions e`;
const AUDIT_FROM = "select id, actor_type, actor_id, action, target_type, target_id, details, created_at from audit_log";
const sinceHours = (input: BaselineInput, fallback: number) => ago(input.now, Number(input.args.since_hours ?? fallback) * HOUR);
const days = (input: BaselineInput, fallback: number) => Number(input.args.days ?? fallback);

export const TOOL_BASELINES: Record<string, ToolBaseline> = {
  // The page of the queue (the counts per status are its second query, run beside it, from intake_request_counts).
  get_intake_queue: {
    sql: `select ${INTAKE_COLUMNS} from intake_requests i left join users u on u.id = i.owner_user_id
      where i.status = any(?::text[]) order by i.created_at asc, i.id asc limit 20`,
    bindings: ({ args }) => [pgArray(args.status ? [String(args.status)] : ["NEW", "TRIAGED", "QUALIFIED", "BOOKED"])],
  },
  // The intake itself (the tool's one statement also brings its newest history, the history's count and its bookings).
  get_intake_detail: {
    sql: `select ${INTAKE_COLUMNS} from intake_requests i left join users u on u.id = i.owner_user_id where i.id = ? limit 1`,
    bindings: ({ fixtures }) => [fixtures.intakeId],
  },
  list_role_requests: {
    sql: `${ROLE_REQUEST_FROM} where rr.status = 'PENDING' order by rr.submitted_at asc, rr.id asc limit 20`,
    bindings: () => [],
  },
  "list_role_requests:all": {
    sql: `${ROLE_REQUEST_FROM} order by (rr.status <> 'PENDING') asc, case when rr.status = 'PENDING' then rr.submitted_at end asc,
      rr.decided_at desc nulls last, rr.id desc limit 20`,
    bindings: () => [],
  },
  list_bookings: {
    sql: `${SLOTS_FROM} where a.start_at >= ? and a.start_at < ? order by a.start_at asc, a.id asc limit 50`,
    bindings: (input) => [input.now, new Date(input.now.getTime() + days(input, 14) * DAY)],
  },
  "list_bookings:status": {
    sql: `${SLOTS_FROM} where a.start_at >= ? and a.start_at < ? and a.status = ? order by a.start_at asc, a.id asc limit 50`,
    bindings: (input) => [input.now, new Date(input.now.getTime() + days(input, 14) * DAY), input.args.status],
  },
  list_workflow_executions: {
    sql: `${EXECUTIONS_FROM} where e.created_at >= ? order by e.created_at desc, e.id desc limit 20`,
    bindings: (input) => [sinceHours(input, 168)],
  },
  "list_workflow_executions:status": {
    sql: `${EXECUTIONS_FROM} where e.created_at >= ? and e.status = ? order by e.created_at desc, e.id desc limit 20`,
    bindings: (input) => [sinceHours(input, 168), input.args.status],
  },
  // What the tool does in two steps (the event type's rules, then their runs), in one statement.
  "list_workflow_executions:event_type": {
    sql: `${EXECUTIONS_FROM} where e.created_at >= ?
      and e.rule_id in (select id from workflow_rules where trigger_event_type = ?) order by e.created_at desc, e.id desc limit 20`,
    bindings: (input) => [sinceHours(input, 168), input.args.event_type],
  },
  get_workflow_execution_detail: {
    sql: `select e.*, r.name as current_rule_name, r.enabled as current_rule_enabled
      from workflow_executions e left join workflow_rules r on r.id = e.rule_id where e.id = ? limit 1`,
    bindings: ({ fixtures }) => [fixtures.executionId],
  },
  // The team: everyone with a live role other than MEMBER, admins first (the tool's one statement, total included).
  list_staff: {
    sql: `select u.id, u.name, u.email, u.slack_user_id, array_agg(r.name order by r.name) as roles, count(*) over ()::int as total
      from users u join role_assignments ra on ra.user_id = u.id and ra.revoked_at is null join roles r on r.id = ra.role_id
      group by u.id having bool_or(r.name <> 'MEMBER') order by bool_or(r.name = 'ADMIN') desc, u.name, u.id limit 50`,
    bindings: () => [],
  },
  // The rules with each one's newest run (the 24-hour counts are its second query).
  list_workflow_rules: {
    sql: `select r.*, last_run.status as last_status, last_run.created_at as last_at from workflow_rules r
      left join lateral (select e.status, e.created_at from workflow_executions e where e.rule_id >= r.id and e.rule_id <= r.id
        order by e.rule_id desc, e.created_at desc limit 1) as last_run on true
      order by r.name asc, r.id asc limit 50`,
    bindings: () => [],
  },
  // The current window's intakes per status and furthest stage (the previous window is the same statement, run beside
  // it). Since migration 004 the stage is intake_requests.reached_stage, kept by triggers: an index-only range scan.
  // Before it, this baseline (and the tool) probed the history of each closed or rejected intake instead.
  get_funnel_stats: {
    sql: `select i.status, case when i.status in ('REJECTED', 'CLOSED') then i.reached_stage end as stage, count(*)::int as n
      from intake_requests as i where i.created_at >= ? and i.created_at < ? group by i.status, stage`,
    bindings: (input) => [ago(input.now, days(input, 30) * DAY), new Date(input.now.getTime() + 1)],
  },
  get_recent_activity: {
    sql: `select event_type, count(*)::int as n_all, (count(*) filter (where metadata->>'source' = 'EVAL'))::int as n_eval,
      max(created_at) as last_at_all, max(created_at) filter (where metadata->>'source' is distinct from 'EVAL') as last_at_real
      from feed_events where created_at >= ? and created_at < ? group by event_type order by count(*) desc, event_type limit 70`,
    bindings: (input) => [ago(input.now, days(input, 7) * DAY), new Date(input.now.getTime() + 1)],
  },
  // Contacts per status, from a pass over every contact. Not the tool's statement since migration 004: it reads
  // contact_counts (kept by triggers) and the new contacts' index range. Kept as the yardstick: the same figures from the table.
  get_contact_summary: {
    sql: `select status, count(*)::int as n, (count(*) filter (where created_at >= ?))::int as new_since from contacts group by status`,
    bindings: ({ now }) => [ago(now, 30 * DAY)],
  },
  "get_contact_summary:source": {
    sql: `select status, count(*)::int as n, (count(*) filter (where created_at >= ?))::int as new_since from contacts
      where lower(source) = lower(?) group by status`,
    bindings: ({ now, fixtures }) => [ago(now, 30 * DAY), fixtures.contactSource],
  },
  // The top queries (the totals and the zero-result queries are two more).
  get_content_search_log: {
    sql: `select lower(btrim(query)) as query, count(*)::int as searches, round(avg(results_count), 1) as avg_results,
      (count(*) filter (where results_count = 0))::int as zero_result_searches
      from content_search_log where created_at >= ? and created_at < ?
      group by lower(btrim(query)) order by count(*) desc, lower(btrim(query)) limit 10`,
    bindings: (input) => [ago(input.now, days(input, 30) * DAY), new Date(input.now.getTime() + 1)],
  },
  // Whether the key tables have rows: the check that reads studio data (the tool's one statement also reads the others').
  run_health_check: {
    sql: `select (select id from users order by id limit 1) is not null as users, (select id from roles order by id limit 1) is not null as roles,
      (select id from workflow_rules order by id limit 1) is not null as workflow_rules,
      (select id from intake_requests order by id limit 1) is not null as intake_requests`,
    bindings: () => [],
  },
  // The page of entries (the exact total and the actors' names are two more queries).
  get_audit_log: {
    sql: `${AUDIT_FROM} order by created_at desc, id desc limit 10`,
    bindings: () => [],
  },
  "get_audit_log:action": {
    sql: `${AUDIT_FROM} where action = ? order by created_at desc, id desc limit ?`,
    bindings: ({ args }) => [args.action, args.limit ?? 10],
  },
  "get_audit_log:actor_since": {
    sql: `${AUDIT_FROM} where actor_type = ? and created_at >= ? order by created_at desc, id desc limit 10`,
    bindings: (input) => [input.args.actor_type, sinceHours(input, 0)],
  },
};
