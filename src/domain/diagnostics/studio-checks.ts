// The health checks that read studio data — migrations applied, key tables, a live admin, the day's workflow
// failures: each one's query part (so all four can share one statement), its verdict, and the check on its own.
import type { Knex } from "knex";
import { migrations } from "../../../migrations/index.ts";
import { HOUR_MS } from "../clock.ts";
import { check, guarded, type CheckResult, type HealthContext } from "./health-checks.ts";

/**
 * Names of the applied migrations in one read of knex_migrations; none when the table does not exist yet.
 * (knex's `migrate.list()` takes four statements and creates its tables when they are missing: a write.)
 */
async function appliedMigrations(db: Knex): Promise<string[]> {
  try {
    const { rows } = await db.raw<{ rows: { name: string }[] }>("select name from knex_migrations order by id");
    return rows.map((r) => r.name);
  } catch (error) {
    if ((error as { code?: unknown }).code === "42P01") return []; // undefined_table: never migrated
    throw error;
  }
}

/** The migrations verdict from the names applied, in order (none when never migrated). */
export function migrationsCheck(applied: readonly string[]): CheckResult {
  const known = migrations.map((m) => m.name);
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length) {
    return check(
      "migrations",
      "fail",
      `The database has migrations this version of Maestro does not know (${unknown.join(", ")}): it was migrated by a newer version. Run that version, or restore a matching backup.`,
    );
  }
  const pending = known.filter((name) => !applied.includes(name));
  if (pending.length) {
    return check(
      "migrations",
      "fail",
      `${pending.length} migration${pending.length === 1 ? " is" : "s are"} not applied: ${pending.join(", ")}. ` +
        "Run `maestro migrate` (Maestro also migrates when it starts).",
    );
  }
  return check("migrations", "pass", `The schema is at the latest migration, ${known[known.length - 1]} (${applied.length} applied).`);
}

export const checkMigrations = (ctx: HealthContext) => guarded("migrations", async () => migrationsCheck(await appliedMigrations(ctx.db)));

const KEY_TABLES = {
  users: "nobody can be recognised from Slack",
  roles: "nobody can be staff",
  workflow_rules: "no automation runs on studio events",
  intake_requests: "no prospects have arrived yet",
} as const;

export const KEY_TABLE_NAMES = Object.keys(KEY_TABLES) as (keyof typeof KEY_TABLES)[];

/**
 * Emptiness by the first primary key, never a count: these tables can be large. (`exists (select 1 from t)`
 * reads one row too, but shows as a sequential scan in EXPLAIN; this is one primary-key index probe.)
 * Columns named after the tables, true when the table has a row.
 */
export const keyTablesSelect = (db: Knex) =>
  db.raw(
    KEY_TABLE_NAMES.map(() => "(select id from ?? order by id limit 1) is not null as ??").join(", "),
    KEY_TABLE_NAMES.flatMap((t) => [t, t]),
  );

export function keyTablesCheck(row: Partial<Record<string, boolean>> | undefined): CheckResult {
  const tables = KEY_TABLE_NAMES;
  const empty = tables.filter((t) => !row?.[t]);
  if (!empty.length) return check("key_tables", "pass", `${tables.join(", ")} all have rows.`);
  return check(
    "key_tables",
    "warn",
    `Empty: ${empty.map((t) => `${t} (${KEY_TABLES[t]})`).join("; ")}.` +
      (empty.length < tables.length ? ` ${tables.filter((t) => !empty.includes(t)).join(", ")} have rows.` : ""),
  );
}

export const checkKeyTables = (ctx: HealthContext) =>
  guarded("key_tables", async () => {
    const { rows } = await ctx.db.raw<{ rows: Record<string, boolean>[] }>("select ?", [keyTablesSelect(ctx.db)]);
    return keyTablesCheck(rows[0]);
  });

/** How many users hold a live ADMIN role (role_assignments_live_role_idx: the ADMIN entries only). */
export const liveAdminCount = (db: Knex) =>
  db("role_assignments as ra")
    .join("roles as r", "r.id", "ra.role_id")
    .where("r.name", "ADMIN")
    .whereNull("ra.revoked_at")
    .select(db.raw("count(distinct ra.user_id)::int"));

export function adminCheck(n: number): CheckResult {
  if (n === 0) {
    return check(
      "admin_user",
      "fail",
      "No user holds a live ADMIN role, so nobody can confirm ADMIN role requests. Set MAESTRO_ADMIN_SLACK_IDS and restart Maestro to bootstrap one.",
    );
  }
  return check("admin_user", "pass", `${n} user${n === 1 ? " holds" : "s hold"} a live ADMIN role.`);
}

export const checkAdmin = (ctx: HealthContext) =>
  guarded("admin_user", async () => {
    const { rows } = await ctx.db.raw<{ rows: { n: number }[] }>("select ? as n", [liveAdminCount(ctx.db)]);
    return adminCheck(rows[0]?.n ?? 0);
  });

export const failuresSince = (ctx: Pick<HealthContext, "clock">) => new Date(ctx.clock.now().getTime() - 24 * HOUR_MS);

/** FAILED executions since `since` (workflow_executions_status_created_idx). */
export const failureCount = (db: Knex, since: Date) =>
  db("workflow_executions").where("status", "FAILED").andWhere("created_at", ">=", since).select(db.raw("count(*)::int"));

export function failuresCheck(n: number): CheckResult {
  if (n === 0) return check("workflow_failures_24h", "pass", "No workflow execution failed in the last 24 hours.");
  return check(
    "workflow_failures_24h",
    "warn",
    `${n} workflow execution${n === 1 ? "" : "s"} failed in the last 24 hours; list_workflow_executions with status FAILED shows which rules and why.`,
  );
}

export const checkWorkflowFailures = (ctx: HealthContext) =>
  guarded("workflow_failures_24h", async () => {
    const { rows } = await ctx.db.raw<{ rows: { n: number }[] }>("select ? as n", [failureCount(ctx.db, failuresSince(ctx))]);
    return failuresCheck(rows[0]?.n ?? 0);
  });
