// The role-approval rules: who may decide a request, deciding it once, and the grant an approval writes.
import type { Knex } from "knex";
import type { Actor } from "../actor.ts";
import type { DomainContext } from "../context.ts";
import { conflict, forbidden, notFound } from "../errors.ts";
import { recordChange, type RecordedChange } from "../record-change.ts";
import { findUser, isStaffRoleSet, liveRoles } from "../users/user-store.ts";
import { tellRequester } from "./tell-requester.ts";
import { AUDIT_ACTIONS, FEED_EVENT_TYPES, ROLE_REQUEST_STATUSES, type RoleRequestStatus } from "../vocabulary.ts";
import {
  countRoleRequestsByStatus,
  decideRoleRequest,
  findRoleRequest,
  grantRole,
  listRoleRequests,
  type RoleRequestQuery,
  type RoleRequestRow,
} from "./role-store.ts";

export async function requireRoleRequest(db: Knex, id: number, options: { forUpdate?: boolean } = {}): Promise<RoleRequestRow> {
  const request = await findRoleRequest(db, id, options);
  if (!request) throw notFound(`Role request ${id}`, "find_role_request");
  return request;
}

export async function getRoleRequests(ctx: DomainContext, query: RoleRequestQuery) {
  const [rows, counts] = await Promise.all([listRoleRequests(ctx.db, query), countRoleRequestsByStatus(ctx.db)]);
  const countsByStatus = Object.fromEntries(ROLE_REQUEST_STATUSES.map((s) => [s, counts.find((c) => c.status === s)?.n ?? 0])) as Record<
    RoleRequestStatus,
    number
  >;
  const total = query.statuses.reduce((sum, s) => sum + countsByStatus[s], 0);
  return { rows, total, countsByStatus };
}

/** "Role request 7 (Dana Reyes, STAFF)": how results and errors name a request. */
const label = (r: RoleRequestRow) => `Role request ${r.id} (${r.user_name}, ${r.requested_role})`;

/** Throws when the request can never be decided now; used by the confirmation card and by the run. */
export function assertPending(request: RoleRequestRow): void {
  if (request.status === "PENDING") return;
  const by = request.decider_name ?? (request.decided_by === null ? "someone" : `user ${request.decided_by}`);
  const when = request.decided_at ? ` at ${request.decided_at.toISOString()}` : "";
  throw conflict(`${label(request)} was already ${request.status} by ${by}${when}; nothing was changed.`, {
    status: request.status,
    decided_by: request.decided_by,
  });
}

/**
 * The decider's authority (DOMAIN.md "Who may do what"): a staff human, never the requester, and an
 * ADMIN when the request is for ADMIN. Checked inside the transaction against live roles.
 */
async function assertMayDecide(
  db: Knex,
  actor: Actor,
  request: RoleRequestRow,
  verb: "approve" | "reject",
): Promise<{ id: number; name: string }> {
  if (actor.userId === null) throw forbidden(`Role requests are decided by a staff member; ${actor.name} cannot ${verb} one.`);
  const decider = await findUser(db, actor.userId);
  const roles = decider ? await liveRoles(db, decider.id) : [];
  if (!decider || !isStaffRoleSet(roles)) {
    throw forbidden(`Only staff (ADMIN or STAFF) may ${verb} role requests; ${actor.name} is not staff.`);
  }
  if (request.user_id === decider.id) {
    throw forbidden(`${decider.name} cannot ${verb} their own role request (${request.id}); another staff member must decide it.`);
  }
  if (request.requested_role === "ADMIN" && !roles.includes("ADMIN")) {
    throw forbidden(`${label(request)} is for ADMIN, so only an ADMIN may ${verb} it; ${decider.name} is not an ADMIN.`);
  }
  return { id: decider.id, name: decider.name };
}

/**
 * The authority check alone, for the confirmation flow: an unauthorized click is refused before it
 * claims the card. The run checks it again inside its transaction.
 */
export async function authorizeDecision(db: Knex, actor: Actor, requestId: number, verb: "approve" | "reject"): Promise<void> {
  await assertMayDecide(db, actor, await requireRoleRequest(db, requestId), verb);
}

export interface DecisionResult {
  request: RoleRequestRow;
  /** The new role_assignments id; null when rejecting or when the role was already held. */
  assignmentId: number | null;
  alreadyHeld: boolean;
  rolesAfter: string[];
  change: RecordedChange;
}

async function decide(
  ctx: DomainContext,
  actor: Actor,
  input: { requestId: number; status: "APPROVED" | "REJECTED"; reason: string | null },
): Promise<DecisionResult> {
  const verb = input.status === "APPROVED" ? "approve" : "reject";
  return ctx.db.transaction(async (trx) => {
    const request = await requireRoleRequest(trx, input.requestId, { forUpdate: true });
    const decider = await assertMayDecide(trx, actor, request, verb);
    assertPending(request);
    const at = ctx.clock.now();
    if (!(await decideRoleRequest(trx, request.id, { status: input.status, decidedBy: decider.id, reason: input.reason }, at))) {
      // Someone decided it between our read and our update: report what they did.
      assertPending(await requireRoleRequest(trx, request.id));
      throw conflict(`${label(request)} changed while deciding it; nothing was changed. Try again.`);
    }
    let assignmentId: number | null = null;
    let alreadyHeld = false;
    if (input.status === "APPROVED") {
      assignmentId = await grantRole(trx, { userId: request.user_id, roleId: request.requested_role_id, grantedBy: decider.id }, at);
      alreadyHeld = assignmentId === null;
    }
    const metadata = {
      request_id: request.id,
      user_id: request.user_id,
      user_name: request.user_name,
      email: request.user_email,
      role: request.requested_role,
    };
    const change = await recordChange(
      trx,
      {
        actor,
        action: input.status === "APPROVED" ? AUDIT_ACTIONS.roleRequestApprove : AUDIT_ACTIONS.roleRequestReject,
        target: { type: "role_request", id: request.id },
        details: {
          user_id: request.user_id,
          role: request.requested_role,
          decision_reason: input.reason,
          ...(input.status === "APPROVED" ? { role_assignment_id: assignmentId, already_held: alreadyHeld } : {}),
        },
        event:
          input.status === "APPROVED"
            ? { type: FEED_EVENT_TYPES.roleApproved, metadata }
            : { type: FEED_EVENT_TYPES.roleRejected, metadata: { ...metadata, reason: input.reason } },
      },
      at,
    );
    await tellRequester(trx, request, { approved: input.status === "APPROVED", by: decider.name, reason: input.reason }, at);
    const rolesAfter = await liveRoles(trx, request.user_id);
    const decided: RoleRequestRow = {
      ...request,
      status: input.status,
      decided_by: decider.id,
      decider_name: decider.name,
      decision_reason: input.reason,
      decided_at: at,
    };
    return { request: decided, assignmentId, alreadyHeld, rolesAfter, change };
  });
}

export const approveRoleRequest = (ctx: DomainContext, actor: Actor, input: { requestId: number; note: string | null }) =>
  decide(ctx, actor, { requestId: input.requestId, status: "APPROVED", reason: input.note });

export const rejectRoleRequest = (ctx: DomainContext, actor: Actor, input: { requestId: number; reason: string }) =>
  decide(ctx, actor, { requestId: input.requestId, status: "REJECTED", reason: input.reason });
