// SQL for importing people many at a time: users by email with their live roles, new users and grants in one statement each.
import type { Knex } from "knex";
import { ROLE_NAMES } from "../vocabulary.ts";
import type { UserRow } from "./user-store.ts";

export interface UserWithLiveRoles {
  id: number;
  name: string;
  email: string;
  roles: Set<string>;
}

/** The user of each email (lower-cased) with the names of the roles they hold now. */
export async function findUsersWithRolesByEmails(trx: Knex, emailKeys: readonly string[]): Promise<Map<string, UserWithLiveRoles>> {
  if (!emailKeys.length) return new Map();
  const users = await trx<UserRow>("users")
    .whereRaw(`lower(email) in (${emailKeys.map(() => "?").join(", ")})`, [...emailKeys])
    .orderBy("id", "asc")
    .select("id", "name", "email");
  const byId = new Map(users.map((u) => [u.id, { id: u.id, name: u.name, email: u.email, roles: new Set<string>() }]));
  if (byId.size) {
    const grants = await trx("role_assignments as ra")
      .join("roles as r", "r.id", "ra.role_id")
      .whereIn("ra.user_id", [...byId.keys()])
      .whereNull("ra.revoked_at")
      .select<{ user_id: number; name: string }[]>("ra.user_id", "r.name");
    for (const g of grants) byId.get(g.user_id)!.roles.add(g.name);
  }
  const byEmail = new Map<string, UserWithLiveRoles>();
  for (const user of byId.values()) if (!byEmail.has(user.email.toLowerCase())) byEmail.set(user.email.toLowerCase(), user);
  return byEmail;
}

/** The ids of the studio's roles by name, creating any of ROLE_NAMES a database does not have yet. */
export async function roleIdsByName(trx: Knex): Promise<Map<string, number>> {
  const read = async () => new Map((await trx("roles").select<{ id: number; name: string }[]>("id", "name")).map((r) => [r.name, r.id]));
  const roles = await read();
  const missing = ROLE_NAMES.filter((name) => !roles.has(name));
  if (!missing.length) return roles;
  await trx("roles")
    .insert(missing.map((name) => ({ name })))
    .onConflict("name")
    .ignore();
  return read();
}

/** Inserts the users in one statement; returns their ids in the order given. */
export async function insertUsers(trx: Knex, users: readonly { name: string; email: string }[], at: Date): Promise<number[]> {
  if (!users.length) return [];
  const rows = (await trx("users")
    .insert(users.map((u) => ({ name: u.name, email: u.email, created_at: at })))
    .returning(["id", "email"])) as { id: number; email: string }[];
  const ids = new Map(rows.map((r) => [r.email, r.id]));
  return users.map((u) => ids.get(u.email)!);
}

export async function renameUser(trx: Knex, id: number, name: string): Promise<void> {
  await trx("users").where({ id }).update({ name });
}

/** Grants in one statement; a role already held live is skipped (role_assignments_live_uq), never doubled. */
export async function grantRoles(
  trx: Knex,
  grants: readonly { userId: number; roleId: number }[],
  grantedBy: number | null,
  at: Date,
): Promise<void> {
  if (!grants.length) return;
  const values = grants.map(() => "(?, ?, ?, ?)").join(", ");
  await trx.raw(
    `insert into role_assignments (user_id, role_id, granted_by, granted_at) values ${values}
     on conflict (user_id, role_id) where revoked_at is null do nothing`,
    grants.flatMap((g) => [g.userId, g.roleId, grantedBy, at]),
  );
}
