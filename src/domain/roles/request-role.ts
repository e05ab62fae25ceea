// A person asks for a role: one PENDING request per person and role (role_requests_one_pending_uq), audited, and the
// RoleRequested event that alerts staff and fires workflow rules. Used by Slack's Request access, the studio API and imports.
import type { Knex } from "knex";
import type { Actor } from "../actor.ts";
import type { DomainContext } from "../context.ts";
import { conflict, DomainError, invalidInput } from "../errors.ts";
import { recordChange, type RecordedChange } from "../record-change.ts";
import { storableText } from "../untrusted-text.ts";
import { findOrCreatePersonByEmail } from "../users/find-or-create-person.ts";
import { findUser, liveRoles, type UserRow } from "../users/user-store.ts";
import { AUDIT_ACTIONS, FEED_EVENT_TYPES } from "../vocabulary.ts";
import { findRoleRequest, insertPendingRoleRequest, listRoles, pendingRoleRequestId, type RoleRequestRow } from "./role-store.ts";

export const MAX_ROLE_REQUEST_REASON_LENGTH = 2000;

export interface RoleRequestInput {
  userId: number;
  /** A role name (ADMIN, STAFF, INSTRUCTOR, MEMBER…), any case. */
  role: string;
  reason?: string | null;
}

export interface RoleRequested {
  request: RoleRequestRow;
  change: RecordedChange;
}

async function requireRole(trx: Knex, name: string): Promise<{ id: number; name: string }> {
  const wanted = name.trim().toUpperCase();
  const roles = await listRoles(trx);
  const role = roles.find((r) => r.name.toUpperCase() === wanted);
  if (role) return role;
  const known = roles.length ? roles.map((r) => r.name).join(", ") : "none yet";
  throw invalidInput(`There is no role "${name.slice(0, 50)}"; the roles are: ${known}. Nothing was requested.`, {
    field: "role",
  });
}

/** The pending request this person already has for this role: the one a second request would duplicate. */
async function pendingRequestOf(trx: Knex, userId: number, roleId: number): Promise<RoleRequestRow | undefined> {
  const id = await pendingRoleRequestId(trx, userId, roleId);
  return id === undefined ? undefined : findRoleRequest(trx, id);
}

function alreadyPending(person: UserRow, pending: RoleRequestRow): DomainError {
  return conflict(
    `${person.name} already asked for ${pending.requested_role} on ${pending.submitted_at.toISOString().slice(0, 10)} ` +
      `(role request ${pending.id}); it is waiting for a staff decision, so no second request was made.`,
    { request_id: pending.id, status: pending.status, role: pending.requested_role },
  );
}

/** Creates the request inside the caller's transaction (with a person found or created in the same one). */
export async function requestRoleIn(trx: Knex, actor: Actor, input: RoleRequestInput, at: Date): Promise<RoleRequested> {
  const person = await findUser(trx, input.userId);
  if (!person) throw new DomainError("not_found", `Person ${input.userId} not found; nothing was requested.`);
  const role = await requireRole(trx, input.role);
  const reason = input.reason?.trim() ? storableText(input.reason.trim()) : null;
  if (reason && reason.length > MAX_ROLE_REQUEST_REASON_LENGTH) {
    throw invalidInput(`The reason is ${reason.length} characters; at most ${MAX_ROLE_REQUEST_REASON_LENGTH} fit. Nothing was requested.`, {
      field: "reason",
    });
  }
  if ((await liveRoles(trx, person.id)).includes(role.name)) {
    throw conflict(`${person.name} already has the ${role.name} role; nothing was requested.`, { role: role.name });
  }
  // The partial unique index is the rule: two requests at once cannot both be pending.
  const id = await insertPendingRoleRequest(trx, { userId: person.id, roleId: role.id, reason }, at);
  if (id === null) {
    const pending = await pendingRequestOf(trx, person.id, role.id);
    if (pending) throw alreadyPending(person, pending);
    throw conflict(`${person.name}'s request for ${role.name} changed while asking; nothing was requested. Try again.`);
  }
  const request = (await findRoleRequest(trx, id))!;
  const change = await recordChange(
    trx,
    {
      actor,
      action: AUDIT_ACTIONS.roleRequestCreate,
      target: { type: "role_request", id },
      details: { user_id: person.id, role: role.name, reason },
      event: {
        type: FEED_EVENT_TYPES.roleRequested,
        metadata: { request_id: id, user_id: person.id, user_name: person.name, email: person.email, role: role.name, reason },
      },
    },
    at,
  );
  return { request, change };
}

/** A role request for an existing person, in one transaction. */
export async function requestRole(ctx: DomainContext, actor: Actor, input: RoleRequestInput): Promise<RoleRequested> {
  return ctx.db.transaction((trx) => requestRoleIn(trx, actor, input, ctx.clock.now()));
}

/** A role request for the person with this email (created when there is none), in one transaction. */
export async function requestRoleByEmail(
  ctx: DomainContext,
  actor: Actor,
  input: { email: string; name?: string | null; role: string; reason?: string | null },
): Promise<RoleRequested & { personCreated: boolean }> {
  return ctx.db.transaction(async (trx) => {
    const at = ctx.clock.now();
    const { person, created } = await findOrCreatePersonByEmail(trx, actor, { email: input.email, name: input.name }, at);
    const requested = await requestRoleIn(trx, actor, { userId: person.id, role: input.role, reason: input.reason }, at);
    return { ...requested, personCreated: created };
  });
}
