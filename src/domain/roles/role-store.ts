// SQL for role_requests and the grants an approval writes: the staff's approval queue.
import type { Knex } from "knex";
import type { RoleRequestStatus } from "../vocabulary.ts";

export interface RoleRequestRow {
  id: number;
  user_id: number;
  user_name: string;
  user_email: string;
  requested_role_id: number;
  requested_role: string;
  reason: string | null;
  status: RoleRequestStatus;
  decided_by: number | null;
  decider_name: string | null;
  decision_reason: string | null;
  submitted_at: Date;
  decided_at: Date | null;
}

const requestColumns = [
  "rr.id",
  "rr.user_id",
  "u.name as user_name",
  "u.email as user_email",
  "rr.requested_role_id",
  "r.name as requested_role",
  "rr.reason",
  "rr.status",
  "rr.decided_by",
  "d.name as decider_name",
  "rr.decision_reason",
  "rr.submitted_at",
  "rr.decided_at",
];

const withNames = (db: Knex) =>
  db("role_requests as rr")
    .join("users as u", "u.id", "rr.user_id")
    .join("roles as r", "r.id", "rr.requested_role_id")
    .leftJoin("users as d", "d.id", "rr.decided_by");

export async function findRoleRequest(db: Knex, id: number, options: { forUpdate?: boolean } = {}): Promise<RoleRequestRow | undefined> {
  // Lock the request row alone (not the joined users/roles), then read it with names.
  if (options.forUpdate) await db("role_requests").where({ id }).forUpdate().select("id");
  return withNames(db).where("rr.id", id).first<RoleRequestRow | undefined>(requestColumns);
}

export interface RoleRequestQuery {
  statuses: readonly RoleRequestStatus[];
  limit: number;
  offset: number;
}

export interface RoleRequestListRow extends RoleRequestRow {
  /** The requester's live role names, sorted. */
  current_roles: string[];
}

/**
 * One page: pending oldest first (the queue), then decided newest first (the record). Each row carries the
 * requester's live roles, looked up for the page's rows only (role_assignments_live_uq per row).
 */
export async function listRoleRequests(db: Knex, query: RoleRequestQuery): Promise<RoleRequestListRow[]> {
  const q = withNames(db).whereIn("rr.status", query.statuses as RoleRequestStatus[]);
  if (query.statuses.length === 1 && query.statuses[0] === "PENDING") {
    // Matches role_requests_status_submitted_idx exactly.
    q.orderBy([
      { column: "rr.submitted_at", order: "asc" },
      { column: "rr.id", order: "asc" },
    ]);
  } else {
    q.orderByRaw(
      "(rr.status <> 'PENDING') asc, case when rr.status = 'PENDING' then rr.submitted_at end asc, rr.decided_at desc nulls last, rr.id desc",
    );
  }
  const currentRoles = db.raw(
    `array(select r2.name from role_assignments ra join roles r2 on r2.id = ra.role_id
       where ra.user_id = rr.user_id and ra.revoked_at is null order by r2.name) as current_roles`,
  );
  return q
    .limit(query.limit)
    .offset(query.offset)
    .select<RoleRequestListRow[]>(...requestColumns, currentRoles);
}

/** Requests per status over the whole table, from role_request_counts (kept by triggers, migration 004), not a pass over it. */
export async function countRoleRequestsByStatus(db: Knex): Promise<{ status: RoleRequestStatus; n: number }[]> {
  return db("role_request_counts").where("n", "<>", 0).select<{ status: RoleRequestStatus; n: number }[]>("status", db.raw("n::int as n"));
}

/**
 * Records the decision only if the request is still PENDING: the conditional update makes a double
 * decision impossible on both engines (PGlite's FOR UPDATE never blocks). Returns false when it was not.
 */
export async function decideRoleRequest(
  trx: Knex,
  id: number,
  decision: { status: Exclude<RoleRequestStatus, "PENDING">; decidedBy: number; reason: string | null },
  at: Date,
): Promise<boolean> {
  const updated = await trx("role_requests")
    .where({ id, status: "PENDING" })
    .update({ status: decision.status, decided_by: decision.decidedBy, decision_reason: decision.reason, decided_at: at })
    .returning("id");
  return updated.length === 1;
}

/**
 * Grants a role unless the user already holds it live; returns the new assignment id, or null when it
 * was already held. ON CONFLICT against role_assignments_live_uq, so a concurrent grant cannot double it.
 */
export async function grantRole(trx: Knex, grant: { userId: number; roleId: number; grantedBy: number }, at: Date): Promise<number | null> {
  const result = await trx.raw<{ rows: { id: number }[] }>(
    `insert into role_assignments (user_id, role_id, granted_by, granted_at) values (?, ?, ?, ?)
     on conflict (user_id, role_id) where revoked_at is null do nothing
     returning id`,
    [grant.userId, grant.roleId, grant.grantedBy, at],
  );
  return result.rows[0]?.id ?? null;
}

/**
 * A PENDING request, or null when the person already has one for this role: ON CONFLICT against
 * role_requests_one_pending_uq turns a clash into "nothing inserted" instead of an error that aborts the transaction.
 */
export async function insertPendingRoleRequest(
  trx: Knex,
  request: { userId: number; roleId: number; reason: string | null },
  at: Date,
): Promise<number | null> {
  const inserted = await trx.raw<{ rows: { id: number }[] }>(
    `insert into role_requests (user_id, requested_role_id, reason, status, submitted_at) values (?, ?, ?, 'PENDING', ?)
     on conflict (user_id, requested_role_id) where status = 'PENDING' do nothing
     returning id`,
    [request.userId, request.roleId, request.reason, at],
  );
  return inserted.rows[0]?.id ?? null;
}

/** The id of the person's PENDING request for this role, if any. */
export async function pendingRoleRequestId(db: Knex, userId: number, roleId: number): Promise<number | undefined> {
  const row = await db("role_requests")
    .where({ user_id: userId, requested_role_id: roleId, status: "PENDING" })
    .first<{ id: number }>("id");
  return row?.id;
}

/** Every role, by name. */
export async function listRoles(db: Knex): Promise<{ id: number; name: string }[]> {
  return db("roles").orderBy("name").select<{ id: number; name: string }[]>("id", "name");
}
