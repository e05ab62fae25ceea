// An ADMIN manages who holds which role (`/maestro staff`, grant_role, revoke_role): the list of people with a role,
// a grant and a revocation, each checked against the actor's live roles inside its transaction and audited. Granting
// ADMIN is gated by the tool (another ADMIN confirms); the studio never loses its last ADMIN.
import type { Knex } from "knex";
import type { Actor } from "../actor.ts";
import { insertAudit } from "../audit/audit-store.ts";
import type { DomainContext } from "../context.ts";
import { conflict, forbidden, invalidInput, notFound } from "../errors.ts";
import { findUser, liveRoles, type UserRow } from "../users/user-store.ts";
import { AUDIT_ACTIONS } from "../vocabulary.ts";
import { grantRole } from "./role-store.ts";

export interface StaffRow {
  id: number;
  name: string;
  email: string;
  slack_user_id: string | null;
  roles: string[];
}

/** Everyone holding a role other than MEMBER (the studio's team), admins first, then by name. */
export async function listStaff(db: Knex, limit: number): Promise<{ rows: StaffRow[]; total: number }> {
  const { rows } = await db.raw<{ rows: (StaffRow & { total: number })[] }>(
    `select u.id, u.name, u.email, u.slack_user_id, array_agg(r.name order by r.name) as roles, count(*) over ()::int as total
     from users u join role_assignments ra on ra.user_id = u.id and ra.revoked_at is null join roles r on r.id = ra.role_id
     group by u.id
     having bool_or(r.name <> 'MEMBER')
     order by bool_or(r.name = 'ADMIN') desc, u.name, u.id
     limit ?`,
    [limit],
  );
  return { rows: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
}

/** Only a live ADMIN manages roles; the system (no person) never does it on its own. */
export async function assertAdmin(db: Knex, actor: Actor, what: string): Promise<void> {
  if (actor.userId === null || !(await liveRoles(db, actor.userId)).includes("ADMIN")) {
    throw forbidden(`Only an ADMIN may ${what}; ${actor.name} is not an ADMIN.`);
  }
}

export async function requireRoleId(db: Knex, role: string): Promise<number> {
  const row = await db("roles").where({ name: role }).first<{ id: number } | undefined>("id");
  if (!row) throw invalidInput(`There is no ${role} role.`, { field: "role" });
  return row.id;
}

export async function requirePerson(db: Knex, userId: number): Promise<UserRow> {
  const user = await findUser(db, userId);
  if (!user) throw notFound(`Person ${userId}`, "find_staff_owner");
  return user;
}

export interface RoleChange {
  user: UserRow;
  role: string;
  /** False when nothing changed (the role was already held, or already not held). */
  changed: boolean;
  rolesAfter: string[];
}

async function audit(trx: Knex, actor: Actor, action: string, change: { user: UserRow; role: string; changed: boolean }, at: Date) {
  await insertAudit(
    trx,
    { actor, action, targetType: "user", targetId: change.user.id, details: { role: change.role, changed: change.changed } },
    at,
  );
}

export async function grantStaffRole(ctx: DomainContext, actor: Actor, input: { userId: number; role: string }): Promise<RoleChange> {
  return ctx.db.transaction(async (trx) => {
    await assertAdmin(trx, actor, `grant the ${input.role} role`);
    const user = await requirePerson(trx, input.userId);
    const roleId = await requireRoleId(trx, input.role);
    const at = ctx.clock.now();
    const changed = (await grantRole(trx, { userId: user.id, roleId, grantedBy: actor.userId! }, at)) !== null;
    await audit(trx, actor, AUDIT_ACTIONS.userRoleGrant, { user, role: input.role, changed }, at);
    return { user, role: input.role, changed, rolesAfter: await liveRoles(trx, user.id) };
  });
}

export async function revokeStaffRole(ctx: DomainContext, actor: Actor, input: { userId: number; role: string }): Promise<RoleChange> {
  return ctx.db.transaction(async (trx) => {
    await assertAdmin(trx, actor, `remove the ${input.role} role`);
    const user = await requirePerson(trx, input.userId);
    const roleId = await requireRoleId(trx, input.role);
    if (input.role === "ADMIN") {
      // Locks the live ADMIN grants, so two admins removing each other at once cannot leave the studio with none.
      const admins = await trx("role_assignments").where({ role_id: roleId }).whereNull("revoked_at").forUpdate().select("user_id");
      if (admins.length === 1 && admins[0].user_id === user.id) {
        throw conflict(`${user.name} is the studio's only ADMIN; grant ADMIN to someone else first. Nothing was changed.`);
      }
    }
    const at = ctx.clock.now();
    const revoked = await trx("role_assignments")
      .where({ user_id: user.id, role_id: roleId })
      .whereNull("revoked_at")
      .update({ revoked_at: at })
      .returning("id");
    const changed = revoked.length > 0;
    await audit(trx, actor, AUDIT_ACTIONS.userRoleRevoke, { user, role: input.role, changed }, at);
    return { user, role: input.role, changed, rolesAfter: await liveRoles(trx, user.id) };
  });
}

/** Live ADMINs other than `exceptUserId` who are in Slack: who can confirm an ADMIN grant that one of them proposed. */
export async function otherAdmins(db: Knex, exceptUserId: number): Promise<{ id: number; name: string; slack_user_id: string }[]> {
  return db("users as u")
    .join("role_assignments as ra", "ra.user_id", "u.id")
    .join("roles as r", "r.id", "ra.role_id")
    .where("r.name", "ADMIN")
    .whereNull("ra.revoked_at")
    .whereNotNull("u.slack_user_id")
    .whereNot("u.id", exceptUserId)
    .orderBy("u.id")
    .select("u.id", "u.name", "u.slack_user_id");
}
