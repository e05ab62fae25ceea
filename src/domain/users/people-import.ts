// Importing people (users and their roles) a batch at a time: matched by email, created when new, roles only ever
// added (an import never revokes), ADMIN granted only when the run allows it.
import type { Knex } from "knex";
import { AUDIT_ACTIONS } from "../vocabulary.ts";
import { emailKey, recordImportChanges, type ImportBatchOptions, type ImportChange, type RowOutcome } from "../imports/import-batch.ts";
import {
  findUsersWithRolesByEmails,
  grantRoles,
  insertUsers,
  renameUser,
  roleIdsByName,
  type UserWithLiveRoles,
} from "./people-import-store.ts";

export interface PersonImportRow {
  row: number;
  email: string;
  name: string | null;
  /** Role names, upper-case, each one of ROLE_NAMES (checked when the row was read). */
  roles: string[];
}

export interface PeopleImportOptions extends ImportBatchOptions {
  /** ADMIN may do everything, so a file grants it only when the person running the import says so. */
  grantAdmin: boolean;
}

interface Planned {
  user: UserWithLiveRoles | null;
  email: string;
  name: string;
  renamedFrom: string | null;
  rolesToAdd: Set<string>;
  firstRow: number;
}

export async function importPeopleBatch(trx: Knex, rows: readonly PersonImportRow[], options: PeopleImportOptions): Promise<RowOutcome[]> {
  const existing = await findUsersWithRolesByEmails(trx, [...new Set(rows.map((r) => emailKey(r.email)))]);
  const plans = new Map<string, Planned>();
  const results: { outcome: RowOutcome; plan: Planned | null }[] = [];
  for (const row of rows) {
    const key = emailKey(row.email);
    const known = plans.get(key);
    const user = known?.user ?? existing.get(key) ?? null;
    const held = new Set([...(user?.roles ?? []), ...(known?.rolesToAdd ?? [])]);
    const newRoles = row.roles.filter((r) => !held.has(r));
    if (newRoles.includes("ADMIN") && !options.grantAdmin) {
      results.push({
        outcome: refusal(row, "roles", "granting ADMIN from a file needs --grant-admin (an ADMIN may do everything)"),
        plan: null,
      });
      continue;
    }
    if (!known && !user && !row.name) {
      results.push({ outcome: refusal(row, "name", "a new person needs a name, and this cell is empty"), plan: null });
      continue;
    }
    const plan = known ?? {
      user,
      email: row.email,
      name: user?.name ?? row.name!,
      renamedFrom: null,
      rolesToAdd: new Set<string>(),
      firstRow: row.row,
    };
    plans.set(key, plan);
    const fields: string[] = [];
    if (row.name && row.name !== plan.name) {
      plan.renamedFrom ??= plan.name;
      plan.name = row.name;
      fields.push("name");
    }
    for (const role of newRoles) plan.rolesToAdd.add(role);
    if (newRoles.length) fields.push("roles");
    const outcome: RowOutcome =
      !known && !user
        ? { row: row.row, outcome: "created", email: row.email }
        : { row: row.row, outcome: fields.length ? "updated" : "unchanged", email: row.email, ...(fields.length ? { fields } : {}) };
    results.push({ outcome, plan });
  }
  const ids = await writePlans(trx, [...plans.values()], options);
  for (const r of results) if (r.plan) r.outcome.id = ids.get(r.plan)!;
  return results.map((r) => r.outcome);
}

const refusal = (row: PersonImportRow, field: string, reason: string): RowOutcome => ({
  row: row.row,
  outcome: "refused",
  email: row.email,
  fields: [field],
  reason,
});

async function writePlans(trx: Knex, plans: Planned[], options: PeopleImportOptions): Promise<Map<Planned, number>> {
  const created = plans.filter((p) => !p.user);
  const newIds = await insertUsers(
    trx,
    created.map((p) => ({ name: p.name, email: p.email })),
    options.at,
  );
  const ids = new Map<Planned, number>(plans.map((p) => [p, p.user?.id ?? newIds[created.indexOf(p)]!]));
  for (const p of plans) if (p.user && p.renamedFrom !== null && p.name !== p.renamedFrom) await renameUser(trx, p.user.id, p.name);
  const roleIds = plans.some((p) => p.rolesToAdd.size) ? await roleIdsByName(trx) : new Map<string, number>();
  await grantRoles(
    trx,
    plans.flatMap((p) => [...p.rolesToAdd].map((role) => ({ userId: ids.get(p)!, roleId: roleIds.get(role)! }))),
    options.actor.userId,
    options.at,
  );
  const changes: ImportChange[] = plans
    .filter((p) => !p.user || p.rolesToAdd.size || (p.renamedFrom !== null && p.name !== p.renamedFrom))
    .map((p) => ({
      action: AUDIT_ACTIONS.userImport,
      target: { type: "user", id: ids.get(p)! },
      details: {
        row: p.firstRow,
        ...(p.user
          ? p.renamedFrom !== null && p.name !== p.renamedFrom
            ? { changes: { name: { from: p.renamedFrom, to: p.name } } }
            : {}
          : { created: { name: p.name, email: p.email } }),
        ...(p.rolesToAdd.size ? { roles_granted: [...p.rolesToAdd].sort() } : {}),
      },
    }));
  // People imports emit no feed event: a grant nobody requested is not a RoleApproved, and rules must not fire for it.
  await recordImportChanges(trx, changes, { ...options, fireRules: false });
  return ids;
}
