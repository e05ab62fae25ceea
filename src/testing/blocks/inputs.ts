// Test support: tool results shaped like the real ones (see src/slack/blocks/real-results.test.ts), in normal, oversized and empty forms.
import type { PendingActionView } from "../../agent/agent-types.ts";
import type { ToolOutput } from "../../tools/catalogue.ts";
import { FUNNEL_DEFINITIONS } from "../../tools/marketing-tools.ts";
import { HOSTILE, NOW, hoursAgo, hoursAhead, long, unbroken } from "./hostile.ts";
import { DAY_MS, MINUTE_MS } from "../../domain/clock.ts";

// The tools' own result types: a fixture that no longer fits its tool fails to compile.
type QueueResult = ToolOutput<"get_intake_queue">;
type QueueIntake = QueueResult["intakes"][number];
type IntakeDetailResult = ToolOutput<"get_intake_detail">;
type IntakeHistoryEntry = IntakeDetailResult["history"][number];
type RoleRequestsResult = ToolOutput<"list_role_requests">;
type RoleRequest = RoleRequestsResult["requests"][number];
type BookingsResult = ToolOutput<"list_bookings">;
type Slot = BookingsResult["slots"][number];
type ExecutionsResult = ToolOutput<"list_workflow_executions">;
type ExecutionItem = ExecutionsResult["executions"][number];
type ExecutionDetailResult = ToolOutput<"get_workflow_execution_detail">;
type RulesResult = ToolOutput<"list_workflow_rules">;
type RuleItem = RulesResult["rules"][number];
type FunnelResult = ToolOutput<"get_funnel_stats">;
type ActivityResult = ToolOutput<"get_recent_activity">;
type ContactsResult = ToolOutput<"get_contact_summary">;
type SearchLogResult = ToolOutput<"get_content_search_log">;
type HealthResult = ToolOutput<"run_health_check">;
type AuditResult = ToolOutput<"get_audit_log">;
type AuditEntry = AuditResult["entries"][number];

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const BIG = 10_000;
const NAME = long(300);

// ---- queue ------------------------------------------------------------------------------------------

export const intake = (i: number, over: Partial<QueueIntake> = {}): QueueIntake => ({
  id: i + 1,
  contact_name: ["Pat Prospect", "Robin Rivera", "Lee Kim"][i % 3]!,
  email: `person${i + 1}@example.test`,
  audience: "adult",
  goals: "Learn to throw on the wheel and make a set of mugs.",
  status: (["NEW", "TRIAGED", "QUALIFIED", "BOOKED"] as const)[i % 4]!,
  owner: i % 2 ? { id: 1, name: "Sam Staff" } : null,
  created_at: hoursAgo(24 * (i + 1)),
  age_days: i + 1,
  ...over,
});

const OPEN = "OPEN (NEW, TRIAGED, QUALIFIED, BOOKED)";
export const queue = (intakes: QueueIntake[], total = intakes.length, over: Partial<QueueResult> = {}): QueueResult => ({
  filter: { status: OPEN, owner_user_id: "any" },
  total,
  returned: intakes.length,
  offset: 0,
  counts_by_status: { NEW: Math.ceil(total / 2), TRIAGED: Math.floor(total / 2), QUALIFIED: 0, BOOKED: 0 },
  intakes,
  ...over,
});

export const queueNormal = () =>
  queue(
    range(3).map((i) => intake(i)),
    3,
  );
export const queueOversized = () =>
  queue(
    range(500).map((i) =>
      intake(i, { contact_name: NAME, goals: long(BIG), email: long(300), audience: HOSTILE, owner: { id: 9, name: NAME } }),
    ),
    500,
  );
export const queueEmpty = () => queue([], 0, { counts_by_status: { NEW: 0, TRIAGED: 0, QUALIFIED: 0, BOOKED: 0 } });

// ---- intake detail ----------------------------------------------------------------------------------

const history = (i: number, note: string | null): IntakeHistoryEntry => ({
  from_status: i % 3 === 0 ? "TRIAGED" : "NEW",
  to_status: "TRIAGED",
  kind: i % 3 === 0 ? "note" : "status_change",
  note,
  actor: i % 2 ? { type: "USER", id: 1, name: "Sam Staff" } : { type: "SYSTEM", id: null, name: "Maestro" },
  at: hoursAgo(i + 1),
});

export const detail = (
  over: { name?: string; goals?: string | null; notes?: string | null; entries?: number; total?: number; bookings?: number } = {},
): IntakeDetailResult => {
  const entries = over.entries ?? 2;
  const bookings = over.bookings ?? 1;
  return {
    intake: {
      id: 7,
      contact_name: over.name ?? "Pat Prospect",
      email: "pat@example.test",
      contact_id: 3,
      audience: "adult",
      goals: over.goals === undefined ? "Learn to throw on the wheel.\nThen glaze a set of mugs." : over.goals,
      status: "TRIAGED",
      owner: { id: 1, name: "Sam Staff" },
      created_at: hoursAgo(72),
      updated_at: hoursAgo(2),
    },
    history_total: over.total ?? entries,
    history: range(entries).map((i) =>
      history(i, over.notes === undefined ? (i % 3 === 0 ? "Called, left a voicemail." : null) : over.notes),
    ),
    bookings: range(bookings).map((i) => ({
      booking_id: i + 1,
      booking_status: "CONFIRMED",
      slot_id: 10 + i,
      start_at: hoursAhead(26 + 24 * i),
      end_at: hoursAhead(27 + 24 * i),
      slot_status: "BOOKED",
    })),
  };
};

// ---- role requests ----------------------------------------------------------------------------------

export const roleRequest = (i: number, over: Partial<RoleRequest> = {}): RoleRequest => ({
  id: i + 1,
  user: { id: 20 + i, name: ["Mia Member", "Noor Novak"][i % 2]!, email: `user${i}@example.test` },
  requested_role: i % 2 ? "STAFF" : "ADMIN",
  current_roles: ["MEMBER"],
  reason: "I teach the Tuesday wheel class and need to see the queue.",
  status: "PENDING",
  submitted_at: hoursAgo(30 + i),
  age_days: 1,
  ...over,
});

export const roleRequests = (
  requests: RoleRequest[],
  total = requests.length,
  status: RoleRequestsResult["filter"]["status"] = "PENDING",
): RoleRequestsResult => ({
  filter: { status },
  total,
  returned: requests.length,
  offset: 0,
  counts_by_status: { PENDING: total, APPROVED: 0, REJECTED: 0 },
  requests,
});

export const rejected = (i: number, over: Partial<RoleRequest> = {}) =>
  roleRequest(i, {
    status: "REJECTED",
    decided_by: { id: 2, name: "Ada Admin" },
    decision_reason: "Not teaching this term.",
    decided_at: hoursAgo(5),
    ...over,
  });

export const roleRequestsNormal = () => roleRequests([roleRequest(0), roleRequest(1), rejected(2)], 3, "ALL");
export const roleRequestsOversized = () =>
  roleRequests(
    range(200).map((i) =>
      roleRequest(i, {
        user: { id: i, name: NAME, email: long(300) },
        reason: long(BIG),
        current_roles: range(30).map(() => HOSTILE),
        requested_role: "ADMIN",
      }),
    ),
    200,
  );

// ---- bookings ---------------------------------------------------------------------------------------

export const slot = (i: number, over: Partial<Slot> = {}): Slot => ({
  id: i + 1,
  start_at: hoursAhead(2 + 5 * i),
  end_at: hoursAhead(3 + 5 * i),
  duration_minutes: 60,
  status: i % 2 ? "OPEN" : "BOOKED",
  booking: i % 2 ? null : { booking_id: i + 1, intake_id: 40 + i, contact_name: "Pat Prospect", status: "CONFIRMED" },
  ...over,
});

export const bookings = (slots: Slot[], total = slots.length): BookingsResult => ({
  filter: { from: NOW.toISOString(), to: hoursAhead(24 * 14), days: 14, status: "any" },
  total,
  returned: slots.length,
  counts_by_status: { OPEN: Math.floor(total / 2), BOOKED: Math.ceil(total / 2), CANCELLED: 0 },
  slots,
});

export const bookingsNormal = () => bookings(range(4).map((i) => slot(i)));
export const bookingsOversized = () =>
  bookings(
    range(200).map((i) =>
      slot(i, {
        start_at: hoursAhead(i),
        end_at: hoursAhead(i + 30),
        booking: { booking_id: i, intake_id: i, contact_name: NAME, status: "CONFIRMED" },
      }),
    ),
    5000,
  );

// ---- workflows --------------------------------------------------------------------------------------

export const execution = (i: number, over: Partial<ExecutionItem> = {}): ExecutionItem => ({
  id: i + 1,
  rule: { id: 1, name: "notify-ops" },
  event_type: "TriageTicket",
  status: (["FAILED", "SUCCESS", "SKIPPED"] as const)[i % 3]!,
  duration_ms: 12,
  error: i % 3 === 0 ? "contact not found: intake 1 has no contact" : null,
  test_event: i === 1,
  created_at: hoursAgo(i + 1),
  ...over,
});

export const executions = (items: ExecutionItem[], total = items.length, status = "any"): ExecutionsResult => ({
  filter: { since_hours: 168, status, rule_id: "any", event_type: "any" },
  window: { from: hoursAgo(168), to: NOW.toISOString() },
  total,
  counts_by_status: { SUCCESS: 1, FAILED: 1, SKIPPED: 1 },
  returned: items.length,
  offset: 0,
  executions: items,
});

export const executionsNormal = () => executions(range(3).map((i) => execution(i)));
export const executionsOversized = () =>
  executions(
    range(100).map((i) => execution(i, { rule: { id: i, name: NAME }, error: long(BIG), event_type: HOSTILE })),
    9000,
  );

export const executionDetail = (over: { error?: string | null; big?: boolean } = {}): ExecutionDetailResult => ({
  execution: {
    id: 1,
    status: "FAILED",
    error: over.error === undefined ? "contact not found: intake 1 has no contact" : over.error,
    duration_ms: 12,
    created_at: hoursAgo(2),
    feed_event_id: 1,
  },
  what_the_rule_does: over.big ? long(BIG) : 'When TriageTicket happens, post "Ticket {{subject_id}} needs triage" to Slack channel #ops.',
  rule: {
    id: 1,
    name: over.big ? NAME : "notify-ops",
    trigger_event_type: "TriageTicket",
    condition: null,
    condition_summary: over.big ? long(BIG) : "always",
    action_type: "NOTIFY_SLACK",
    action_config: over.big ? { text: long(BIG), channel: HOSTILE } : { text: "Ticket {{subject_id}} needs triage", channel: "#ops" },
    enabled_when_run: true,
  },
  rule_now: { id: 1, name: "notify-ops", enabled: true },
  event: {
    id: 1,
    event_type: "TriageTicket",
    actor_type: "SYSTEM",
    actor_id: null,
    subject_type: "intake",
    subject_id: "4",
    created_at: hoursAgo(2),
    test_event: false,
    metadata: over.big ? { note: long(BIG), list: range(50).map(() => HOSTILE) } : { path: "agent" },
  },
  action_result: over.big ? { echo: long(BIG) } : null,
  ...(over.big
    ? {
        delivery: {
          channel: "slack",
          outbox_id: 3,
          status: "FAILED",
          dry_run: false,
          sent_at: null,
          error: long(BIG),
          attempts: 6,
          next_attempt_at: null,
          note: long(BIG),
        },
      }
    : {}),
});

export const rule = (i: number, over: Partial<RuleItem> = {}): RuleItem => ({
  id: i + 1,
  name: ["notify-ops", "welcome-email", "assign-new"][i % 3]!,
  description: "Tell #ops about tickets that need triage.",
  trigger_event_type: "TriageTicket",
  condition_summary: "always",
  action_type: "NOTIFY_SLACK",
  enabled: i % 2 === 0,
  last_execution: i === 2 ? null : { status: "SUCCESS", at: hoursAgo(3) },
  executions_24h: 2,
  failures_24h: i === 0 ? 1 : 0,
  ...over,
});

export const rules = (items: RuleItem[], total = items.length): RulesResult => ({
  filter: { enabled: "any" },
  total,
  counts: { enabled: items.filter((r) => r.enabled).length, disabled: items.filter((r) => !r.enabled).length },
  returned: items.length,
  rules: items,
});

export const rulesNormal = () => rules(range(3).map((i) => rule(i)));
export const rulesOversized = () =>
  rules(
    range(200).map((i) =>
      rule(i, { name: `${i}-${NAME}`, description: long(BIG), condition_summary: long(BIG), trigger_event_type: HOSTILE }),
    ),
  );

// ---- marketing --------------------------------------------------------------------------------------

const window = (days: number) => ({ days, start: hoursAgo(24 * days), end: NOW.toISOString() });
const rates = (a: number | null) => ({
  new_to_qualified_pct: a,
  qualified_to_booked_pct: a === null ? null : 50,
  new_to_booked_pct: a === null ? null : 12.5,
  rejection_pct: a === null ? null : 10,
});

export const funnel = (total = 40): FunnelResult => ({
  window: window(30),
  total_intakes: total,
  counts_by_status: { NEW: 10, TRIAGED: 8, QUALIFIED: 7, REJECTED: 4, BOOKED: 6, CLOSED: 5 },
  stages: { reached_qualified: 18, reached_booked: 9, closed_after_booking: 3, closed_without_booking: 2, rejected_after_qualifying: 1 },
  rates: rates(total ? 45 : null),
  previous_window: {
    start: hoursAgo(1440),
    end: hoursAgo(720),
    total_intakes: 32,
    counts_by_status: { NEW: 8, TRIAGED: 6, QUALIFIED: 6, REJECTED: 3, BOOKED: 5, CLOSED: 4 },
    stages: { reached_qualified: 14, reached_booked: 7, closed_after_booking: 2, closed_without_booking: 2, rejected_after_qualifying: 1 },
    rates: rates(40),
  },
  change_vs_previous: {
    total_intakes: total - 32,
    total_intakes_pct: 25,
    new_to_qualified_points: 5,
    qualified_to_booked_points: -2.5,
    rejection_points: 0,
  },
  definitions: FUNNEL_DEFINITIONS,
  ...(total === 0 ? { note: "No intakes were created in the last 30 days." } : {}),
});

export const activity = (groups: number, typeName = "IntakeCreated"): ActivityResult =>
  ({
    window: window(7),
    include_eval: false,
    total: groups * 3,
    event_types_total: groups,
    event_types: range(Math.min(groups, 50)).map((i) => ({ event_type: `${typeName}${i}`, count: 3, last_at: hoursAgo(i + 1) })),
    eval_events_left_out: 2,
    note: "2 synthetic EVAL events left out.",
  }) as ActivityResult;

export const contacts = (total = 25, source = "any", sourceName = "website"): ContactsResult => ({
  filter: { source },
  total,
  counts_by_status: { NEW: 10, CONTACTED: 5, QUALIFIED: 4, ACTIVE: 5, CHURNED: 1 },
  new_last_30_days: 7,
  top_sources: total
    ? [
        { source: sourceName, contacts: 15 },
        { source: "referral", contacts: 10 },
      ]
    : [],
  ...(total === 0 ? { note: "There are no contacts yet." } : {}),
});

export const searches = (n = 3, query = "glaze"): SearchLogResult => ({
  window: window(30),
  total_searches: n * 4,
  distinct_queries: n,
  zero_result_searches: n ? 2 : 0,
  top_queries: range(n).map((i) => ({ query: `${query} ${i}`, searches: 4, avg_results: i ? 3.5 : 0, zero_result_searches: i ? 0 : 2 })),
  zero_result_queries: n ? range(Math.min(n, 5)).map((i) => ({ query: `${query} ${i}`, searches: 2 })) : [],
  ...(n === 0 ? { note: "The content search log is empty: no search has ever been logged." } : {}),
});

// ---- diagnostics ------------------------------------------------------------------------------------

export const health = (detail = "Reachable; a round trip took 3 ms, best of 3 (under 200 ms)."): HealthResult => ({
  overall: "warn",
  summary: "1 warn (email_provider); 2 pass.",
  checked_at: NOW.toISOString(),
  checks: [
    { name: "database", status: "pass", detail },
    { name: "migrations", status: "pass", detail: "The schema is at the latest migration." },
    { name: "email_provider", status: "warn", detail: "Transactional email is not configured." },
    { name: "admin_user", status: "fail", detail: "No user holds a live ADMIN role." },
  ],
});

export const auditEntry = (i: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  id: 100 - i,
  at: hoursAgo(i + 1),
  actor: { type: "USER", id: "2", name: "Ada Admin" },
  action: "role_request.approve",
  target: { type: "role_request", id: String(i + 1) },
  path: "button",
  details: '{"note":"welcome aboard"}',
  ...over,
});

export const audit = (entries: AuditEntry[], total = entries.length): AuditResult => ({
  filter: { action: "any", actor_type: "any", target_type: "any", since: "all time" },
  total,
  total_is_lower_bound: false,
  returned: entries.length,
  entries,
});

// ---- pending actions --------------------------------------------------------------------------------

export const pendingView = (over: Partial<PendingActionView> = {}): PendingActionView => ({
  id: "6f1c2d3e-4b5a-4c6d-8e7f-901234567890",
  toolName: "reject_role_request",
  summary: "Reject role request 12 for the ADMIN role",
  quoted: [
    { label: "The requester's name", text: "Mia Member" },
    { label: "The reason, as proposed", text: "Not teaching this term." },
  ],
  args: { request_id: 12, reason: "Not teaching this term." },
  change: {
    action: "Reject role request #12 for ADMIN (user #7)",
    changes: [{ field: "status", before: "PENDING", after: "REJECTED" }],
    destructive: true,
  },
  reason: "Rejecting is final and fires the RoleRejected workflows.",
  requestedBy: { id: 1, name: "Sam Staff" },
  askedIn: { channelId: "C0OPS", link: "https://studio.slack.test/archives/C0OPS/p1700000000000100" },
  createdAt: new Date(NOW.getTime() - 5 * MINUTE_MS),
  expiresAt: new Date(NOW.getTime() + DAY_MS - 5 * MINUTE_MS),
  status: "pending",
  ...over,
});

export const pendingOversized = () =>
  pendingView({
    summary: long(BIG),
    change: undefined,
    args: { request_id: 12, reason: long(BIG), extra: unbroken(BIG) },
    reason: long(BIG),
    requestedBy: { id: 1, name: NAME },
  });
