// SQL for users and their live roles: who someone is and whether they are staff.
import type { Knex } from "knex";
import { STAFF_ROLES } from "../vocabulary.ts";

export interface UserRow {
  id: number;
  name: string;
  email: string;
  slack_user_id: string | null;
  created_at: Date;
}

export interface UserWithRoles extends UserRow {
  roles: string[];
}

export async function findUser(db: Knex, id: number): Promise<UserRow | undefined> {
  return db<UserRow>("users").where({ id }).first();
}

export async function findUserByEmail(db: Knex, email: string): Promise<UserRow | undefined> {
  return db<UserRow>("users").whereRaw("lower(email) = lower(?)", [email]).first();
}

export async function findUserBySlackId(db: Knex, slackUserId: string): Promise<UserRow | undefined> {
  return db<UserRow>("users").where({ slack_user_id: slackUserId }).first();
}

/** A user by Slack id with their live role names (sorted), in one round trip: the gatekeeper asks on every request. */
export async function findUserWithRolesBySlackId(db: Knex, slackUserId: string): Promise<UserWithRoles | undefined> {
  const result = await db.raw<{ rows: UserWithRoles[] }>(
    `select u.id, u.name, u.email, u.slack_user_id, u.created_at,
       coalesce(array_agg(r.name order by r.name) filter (where r.name is not null), '{}') as roles
     from users u
     left join role_assignments ra on ra.user_id = u.id and ra.revoked_at is null
     left join roles r on r.id = ra.role_id
     where u.slack_user_id = ?
     group by u.id`,
    [slackUserId],
  );
  return result.rows[0];
}

/** Live (not revoked) role names of a user, sorted. */
export async function liveRoles(db: Knex, userId: number): Promise<string[]> {
  const rows = await db("role_assignments as ra")
    .join("roles as r", "r.id", "ra.role_id")
    .where("ra.user_id", userId)
    .whereNull("ra.revoked_at")
    .orderBy("r.name")
    .select<{ name: string }[]>("r.name");
  return rows.map((r) => r.name);
}

export const isStaffRoleSet = (roles: readonly string[]) => roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r));

export async function isStaff(db: Knex, userId: number): Promise<boolean> {
  return isStaffRoleSet(await liveRoles(db, userId));
}

/** Names of many users at once, for lists that show people rather than ids. */
export async function userNames(db: Knex, ids: readonly (number | null | undefined)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => typeof id === "number"))];
  if (!wanted.length) return new Map();
  const rows = await db<UserRow>("users").whereIn("id", wanted).select("id", "name");
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * A new person, or undefined when one with this email (any case) exists already. No conflict target: the email is
 * stored lower-cased, so a concurrent insert of it hits both users_email_unique and users_email_lower_uq, and naming
 * one arbiter turned the other's violation into an error instead of "taken" (only email columns are inserted).
 */
export async function insertUserUnlessEmailTaken(trx: Knex, user: { name: string; email: string }, at: Date): Promise<UserRow | undefined> {
  const inserted = await trx.raw<{ rows: UserRow[] }>(
    `insert into users (name, email, created_at) values (?, ?, ?)
     on conflict do nothing
     returning id, name, email, slack_user_id, created_at`,
    [user.name, user.email, at],
  );
  return inserted.rows[0];
}
