// Role approvals: the three role-request tools (seed 001 §5.2).
import { z } from "zod";
import {
  approveRoleRequest,
  assertPending,
  authorizeDecision,
  getRoleRequests,
  rejectRoleRequest,
  requireRoleRequest,
} from "../domain/roles/role-service.ts";
import type { RoleRequestRow } from "../domain/roles/role-store.ts";
import { DAY_MS } from "../domain/clock.ts";
import { executionSummary } from "../domain/record-change.ts";
import { ROLE_REQUEST_STATUSES, type RoleRequestStatus } from "../domain/vocabulary.ts";
import { POLICY } from "./policy.ts";
import { entityId, humanText, iso, pageLimit, pageOffset, truncate } from "./schema-helpers.ts";
import { changePreview } from "./change-view.ts";
import { defineTool } from "./tool.ts";
import { liveRoles } from "../domain/users/user-store.ts";

const requestId = entityId("role request", "from list_role_requests");
const requesterQuote = (name: string) => ({ label: "The requester's name", text: name });

/** What members wrote (their name, email, reason) and the decision's reason, which may quote them. */
const ROLE_UNTRUSTED = ["name", "email", "reason", "decision_reason"] as const;

const decidedView = (r: RoleRequestRow) => ({
  decided_by: r.decided_by === null ? null : { id: r.decided_by, name: r.decider_name },
  decision_reason: truncate(r.decision_reason, 300),
  decided_at: iso(r.decided_at),
});

export const listRoleRequestsTool = defineTool({
  name: "list_role_requests",
  group: "roles",
  description:
    "List users' requests for a role (STAFF, ADMIN, INSTRUCTOR, …); by default the approval queue: PENDING, oldest first. Rows: " +
    "request id, user (id, name, email), requested role, roles held now, reason (first 300 characters), status, submitted_at, " +
    "age in days; decided ones (newest first) add who decided, why and when. Plus `total` and `counts_by_status` over all " +
    "requests. The ids work with approve_role_request and reject_role_request.",
  input: z.strictObject({
    status: z
      .enum([...ROLE_REQUEST_STATUSES, "ALL"])
      .default("PENDING")
      .describe("PENDING (the queue), APPROVED, REJECTED or ALL."),
    limit: pageLimit(20, 100),
    offset: pageOffset(),
  }),
  effect: POLICY.read,
  untrusted: ROLE_UNTRUSTED,
  async run(args, ctx) {
    const statuses: readonly RoleRequestStatus[] = args.status === "ALL" ? ROLE_REQUEST_STATUSES : [args.status];
    const { rows, total, countsByStatus } = await getRoleRequests(ctx, { statuses, limit: args.limit, offset: args.offset });
    const now = ctx.clock.now().getTime();
    return {
      filter: { status: args.status },
      total,
      returned: rows.length,
      offset: args.offset,
      counts_by_status: countsByStatus,
      requests: rows.map((r) => ({
        id: r.id,
        user: { id: r.user_id, name: r.user_name, email: r.user_email },
        requested_role: r.requested_role,
        current_roles: r.current_roles,
        reason: truncate(r.reason, 300),
        status: r.status,
        submitted_at: iso(r.submitted_at),
        age_days: Math.floor((now - r.submitted_at.getTime()) / DAY_MS),
        ...(r.status === "PENDING" ? {} : decidedView(r)),
      })),
    };
  },
});

export const approveRoleRequestTool = defineTool({
  name: "approve_role_request",
  group: "roles",
  description:
    "Approve a PENDING role request (id from list_role_requests): grants the role and fires the RoleApproved workflow rules. " +
    "Needs confirmation. Only staff may decide, never on their own request; an ADMIN request needs an ADMIN. Returns the user's " +
    "roles afterwards and the workflow runs it fired.",
  input: z.strictObject({
    request_id: requestId,
    note: humanText("note", 1000).optional().describe("Why it was approved; kept with the decision."),
  }),
  effect: POLICY.approve_role_request,
  untrusted: ROLE_UNTRUSTED,
  authorize: (args, ctx) => authorizeDecision(ctx.db, ctx.actor, args.request_id, "approve"),
  lock: async (args, ctx) => void (await requireRoleRequest(ctx.db, args.request_id, { forUpdate: true })),
  async preview(args, ctx) {
    const request = await requireRoleRequest(ctx.db, args.request_id);
    assertPending(request);
    const roles = await liveRoles(ctx.db, request.user_id);
    const listed = (names: string[]) => (names.length ? names.join(", ") : "none");
    // The card's words from trusted fields; the member's name and the proposed note are quoted (docs/untrusted-text.md).
    return changePreview(
      {
        action: `Approve role request #${request.id}: grant ${request.requested_role} to user #${request.user_id}`,
        changes: [
          { field: "request", before: request.status, after: "APPROVED" },
          {
            field: `user #${request.user_id}'s roles`,
            before: listed(roles),
            after: listed([...new Set([...roles, request.requested_role])].sort()),
          },
        ],
        destructive: false,
      },
      { request_id: request.id, status: request.status },
      [requesterQuote(request.user_name), ...(args.note ? [{ label: "The note, as proposed", text: args.note }] : [])],
    );
  },
  async run(args, ctx) {
    const { request, assignmentId, alreadyHeld, rolesAfter, change } = await approveRoleRequest(ctx, ctx.actor, {
      requestId: args.request_id,
      note: args.note ?? null,
    });
    return {
      request_id: request.id,
      status: request.status,
      user: { id: request.user_id, name: request.user_name, email: request.user_email },
      role: request.requested_role,
      role_assignment_id: assignmentId,
      ...(alreadyHeld ? { already_held: `${request.user_name} already held ${request.requested_role}; no new grant was needed.` } : {}),
      current_roles: rolesAfter,
      ...decidedView(request),
      workflow_executions: executionSummary(change.executions),
    };
  },
});

export const rejectRoleRequestTool = defineTool({
  name: "reject_role_request",
  group: "roles",
  description:
    "Reject a PENDING role request (id from list_role_requests) with a reason, firing the RoleRejected workflow rules. Needs " +
    "confirmation. Only staff may decide, never on their own request; an ADMIN request needs an ADMIN.",
  input: z.strictObject({
    request_id: requestId,
    reason: humanText("reason", 1000).describe("Why; kept with the decision, visible to staff."),
  }),
  effect: POLICY.reject_role_request,
  untrusted: ROLE_UNTRUSTED,
  authorize: (args, ctx) => authorizeDecision(ctx.db, ctx.actor, args.request_id, "reject"),
  lock: async (args, ctx) => void (await requireRoleRequest(ctx.db, args.request_id, { forUpdate: true })),
  async preview(args, ctx) {
    const request = await requireRoleRequest(ctx.db, args.request_id);
    assertPending(request);
    return changePreview(
      {
        action: `Reject role request #${request.id} for ${request.requested_role} (user #${request.user_id})`,
        changes: [{ field: "status", before: request.status, after: "REJECTED" }],
        destructive: true,
      },
      { request_id: request.id, status: request.status },
      [requesterQuote(request.user_name), { label: "The reason, as proposed", text: args.reason }],
    );
  },
  async run(args, ctx) {
    const { request, change } = await rejectRoleRequest(ctx, ctx.actor, { requestId: args.request_id, reason: args.reason });
    return {
      request_id: request.id,
      status: request.status,
      user: { id: request.user_id, name: request.user_name, email: request.user_email },
      role: request.requested_role,
      ...decidedView(request),
      workflow_executions: executionSummary(change.executions),
    };
  },
});

export const roleTools = [listRoleRequestsTool, approveRoleRequestTool, rejectRoleRequestTool];
