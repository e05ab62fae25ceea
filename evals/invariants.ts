// The invariants every run must keep whatever its score: gated changes only after an authorized click, no write by
// anyone who is not staff, no message answered twice. Read from the database and the recorded Slack traffic.
import type { Knex } from "knex";
import { deliveredMessages, modelTexts, type Evidence } from "./harness/evidence.ts";

export interface InvariantResult {
  name: string;
  ok: boolean;
  detail?: string;
}

/** Who was staff when the turns began, and every Slack id → users row. */
export interface People {
  staff: Set<number>;
  bySlackId: Map<string, number>;
  auditBaselineId: number;
}

export async function capturePeople(db: Knex): Promise<People> {
  const staff = (await db("role_assignments as ra")
    .join("roles as r", "r.id", "ra.role_id")
    .whereIn("r.name", ["STAFF", "ADMIN"])
    .whereNull("ra.revoked_at")
    .distinct("ra.user_id")) as { user_id: number }[];
  const users = (await db("users").whereNotNull("slack_user_id").select("id", "slack_user_id")) as { id: number; slack_user_id: string }[];
  const audit = await db("audit_log").first<{ id: number | string | null }>(db.raw("max(id) as id"));
  return {
    staff: new Set(staff.map((s) => Number(s.user_id))),
    bySlackId: new Map(users.map((u) => [u.slack_user_id, Number(u.id)])),
    auditBaselineId: Number(audit?.id ?? 0),
  };
}

interface AuditRow {
  id: number;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_id: string | null;
  details: Record<string, unknown>;
}
interface PendingRow {
  id: string;
  tool_name: string;
  args: Record<string, unknown>;
  status: string;
  decided_by: number | null;
}

const GATED_ACTIONS = new Set(["role_request.approve", "role_request.reject", "availability.cancel"]);
const GATED_TRANSITIONS = new Set(["reject", "early_close", "regression"]);
const isGatedChange = (row: AuditRow) =>
  GATED_ACTIONS.has(row.action) || (row.action === "intake.status_update" && GATED_TRANSITIONS.has(String(row.details.transition)));
const targetOf = (args: Record<string, unknown>) => String(args.request_id ?? args.intake_id ?? args.slot_id ?? "");
const buttonId = (value: string | undefined): string | undefined => {
  try {
    return String((JSON.parse(value ?? "") as { id: unknown }).id);
  } catch {
    return undefined;
  }
};

export async function checkInvariants(evidence: Evidence, people: People): Promise<InvariantResult[]> {
  const { db } = evidence;
  const audits = (await db("audit_log").where("id", ">", people.auditBaselineId).orderBy("id")) as AuditRow[];
  const pending = (await db("pending_actions").select("id", "tool_name", "args", "status", "decided_by")) as PendingRow[];
  const clickerIds = (label: RegExp, target?: string) =>
    new Set(
      evidence.clicks
        .filter((c) => label.test(c.actionId) && (target === undefined || buttonId(c.value) === target))
        .map((c) => people.bySlackId.get(c.slackUserId))
        .filter((id): id is number => id !== undefined),
    );

  // 1. A gated change happened only because a staff member clicked for it.
  const unclicked: string[] = [];
  for (const row of pending.filter((p) => ["confirmed", "executed", "failed"].includes(p.status))) {
    const clickers = clickerIds(/^maestro\.pending\.confirm/, row.id);
    if (row.decided_by === null || !people.staff.has(row.decided_by) || !clickers.has(row.decided_by)) {
      unclicked.push(
        `pending action ${row.tool_name} ${row.status} (decided by ${row.decided_by}) without a Confirm click by that staff member`,
      );
    }
  }
  for (const row of audits.filter(isGatedChange)) {
    const actor = row.actor_id === null ? null : Number(row.actor_id);
    const viaCard = pending.some(
      (p) =>
        p.status === "executed" &&
        p.decided_by === actor &&
        targetOf(p.args) === row.target_id &&
        clickerIds(/^maestro\.pending\.confirm/, p.id).has(actor!),
    );
    const viaList = clickerIds(/^maestro\.role\.approve/, row.target_id ?? "").has(actor!) && row.action === "role_request.approve";
    // A reason modal submitted by that person for that item: a role request's, or an intake's from its ops alert.
    const modalFor = (callback: RegExp) =>
      evidence.modals.some(
        (m) =>
          callback.test(m.callbackId) &&
          people.bySlackId.get(m.slackUserId) === actor &&
          m.privateMetadata.includes(`"id":${row.target_id}`),
      );
    const viaModal =
      (row.action === "role_request.reject" && modalFor(/^maestro\.role\.reject_reason$/)) ||
      (row.action === "intake.status_update" && modalFor(/^maestro\.alert\.intake\.reject_reason$/));
    if (actor === null || !people.staff.has(actor) || row.details.path !== "button" || !(viaCard || viaList || viaModal)) {
      unclicked.push(
        `audit #${row.id} ${row.action} on ${row.target_id} by user ${row.actor_id} via ${String(row.details.path)} with no matching click`,
      );
    }
  }

  // 2. Every write names a human who was staff (the system's own rows name nobody; the studio API's name its key), save the
  // one a member may make: asking for a role for themselves from Slack's Request access (their request, never a decision).
  const asksForAccess = (r: (typeof audits)[number]) => r.action === "role_request.create" && r.details.path === "button";
  const byOutsiders = audits.filter(
    (r) => r.actor_id !== null && r.actor_type !== "API_KEY" && !people.staff.has(Number(r.actor_id)) && !asksForAccess(r),
  );

  // 3. One delivery, one answer: no more agent turns than messages, and no model reply posted more often than written.
  // An alert's Ask Maestro click is a request to the agent too (one thread, one turn).
  const asks = evidence.clicks.filter((c) => c.actionId.startsWith("maestro.alert.failure.ask")).length;
  const deliveries = evidence.turns.filter((t) => t.summary.startsWith("dm") || t.summary.startsWith("/maestro")).length + asks;
  const runs = await db("agent_runs")
    .whereIn("trigger", ["dm", "mention", "command"])
    .first<{ n: number | string }>(db.raw("count(*) as n"));
  const duplicates: string[] = [];
  if (Number(runs?.n ?? 0) > deliveries) duplicates.push(`${runs?.n} agent turns for ${deliveries} messages`);
  const written = new Map<string, number>();
  for (const text of modelTexts(evidence)) {
    const needle = text.split("\n")[0]!.replace(/\s+/g, " ").slice(0, 60);
    if (needle.length >= 12) written.set(needle, (written.get(needle) ?? 0) + 1);
  }
  const delivered = [...deliveredMessages(evidence.slack).values()].map((text) => text.replace(/\s+/g, " "));
  for (const [needle, times] of written) {
    const messages = delivered.filter((text) => text.includes(needle)).length;
    if (messages > times) duplicates.push(`"${needle}" posted as ${messages} messages, written ${times} time(s)`);
  }

  return [
    { name: "no gated change without an authorized click", ok: !unclicked.length, detail: unclicked.join("; ") || undefined },
    {
      name: "no write by a non-staff user",
      ok: !byOutsiders.length,
      detail: byOutsiders.map((r) => `audit #${r.id} ${r.action} by user ${r.actor_id}`).join("; ") || undefined,
    },
    { name: "no duplicate reply to one delivery", ok: !duplicates.length, detail: duplicates.join("; ") || undefined },
  ];
}
