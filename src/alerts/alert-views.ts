// What an ops alert shows, read fresh from the database each time it is rendered (posted, or updated after a decision),
// so an alert always tells the item's state now and offers only the buttons that still apply.
import type { Knex } from "knex";
import { findRoleRequest } from "../domain/roles/role-store.ts";
import type { AlertKind } from "../domain/alerts/alert-store.ts";
import { findIntake } from "../domain/intake/intake-store.ts";
import { describeRule } from "../domain/workflows/describe-rule.ts";
import { findExecution } from "../domain/workflows/execution-store.ts";
import type { IntakeStatus, RoleRequestStatus } from "../domain/vocabulary.ts";

export interface IntakeAlertView {
  kind: "intake";
  id: number;
  name: string;
  email: string | null;
  audience: string | null;
  /** Untrusted: the prospect's own words, shown quoted and clipped. */
  goals: string | null;
  status: IntakeStatus;
  owner: string | null;
  createdAt: Date;
}

export interface RoleAlertView {
  kind: "role_request";
  id: number;
  userName: string;
  email: string;
  role: string;
  /** Untrusted: the requester's words. */
  reason: string | null;
  status: RoleRequestStatus;
  decidedBy: string | null;
  decisionReason: string | null;
  decidedAt: Date | null;
  submittedAt: Date;
}

export interface FailureAlertView {
  kind: "workflow_failure";
  executionId: number;
  ruleId: number | null;
  ruleName: string;
  /** The rule's trigger, for a test event. */
  eventType: string | null;
  /** The triggering event's metadata (a test event reuses it). */
  eventMetadata: Record<string, unknown>;
  error: string;
  /** What the rule was trying to do, in one sentence. */
  doing: string;
  /** The rule as it is now: null when it was deleted. */
  ruleEnabled: boolean | null;
  at: Date;
}

export type AlertView = IntakeAlertView | RoleAlertView | FailureAlertView;

/** The item as it is now; undefined when it no longer exists. */
export async function loadAlertView(db: Knex, kind: AlertKind, subjectId: number): Promise<AlertView | undefined> {
  if (kind === "intake") {
    const i = await findIntake(db, subjectId);
    return (
      i && {
        kind,
        id: i.id,
        name: i.contact_name,
        email: i.email,
        audience: i.audience,
        goals: i.goals,
        status: i.status,
        owner: i.owner_name,
        createdAt: i.created_at,
      }
    );
  }
  if (kind === "role_request") {
    const r = await findRoleRequest(db, subjectId);
    return (
      r && {
        kind,
        id: r.id,
        userName: r.user_name,
        email: r.user_email,
        role: r.requested_role,
        reason: r.reason,
        status: r.status,
        decidedBy: r.decider_name,
        decisionReason: r.decision_reason,
        decidedAt: r.decided_at,
        submittedAt: r.submitted_at,
      }
    );
  }
  const e = await findExecution(db, subjectId);
  if (!e) return undefined;
  const snapshot = e.rule_snapshot ?? {};
  const payload = e.event_payload ?? {};
  return {
    kind,
    executionId: Number(e.id),
    ruleId: e.rule_id === null ? null : Number(e.rule_id),
    ruleName: e.current_rule_name ?? (typeof snapshot.name === "string" ? snapshot.name : `rule ${e.rule_id ?? "?"}`),
    eventType: typeof payload.event_type === "string" ? payload.event_type : null,
    eventMetadata: (payload.metadata as Record<string, unknown> | undefined) ?? {},
    error: e.error ?? "no error recorded",
    doing: describeRule(snapshot),
    ruleEnabled: e.current_rule_enabled,
    at: e.created_at,
  };
}
