// The health check's database checks: on a healthy database one statement reads what all of them need and times
// the round trip; when that statement fails, each check runs on its own so one failure never hides the others.
import { performance } from "node:perf_hooks";
import { checkDatabase, notRun, type CheckResult, type HealthContext } from "./health-checks.ts";
import {
  adminCheck,
  checkAdmin,
  checkKeyTables,
  checkMigrations,
  checkWorkflowFailures,
  failureCount,
  failuresCheck,
  failuresSince,
  keyTablesCheck,
  keyTablesSelect,
  liveAdminCount,
  migrationsCheck,
} from "./studio-checks.ts";

const SEPARATE_CHECKS: [string, (ctx: HealthContext) => Promise<CheckResult>][] = [
  ["migrations", checkMigrations],
  ["key_tables", checkKeyTables],
  ["admin_user", checkAdmin],
  ["workflow_failures_24h", checkWorkflowFailures],
];

interface Snapshot {
  migrations: string[] | null;
  admins: number;
  failures: number;
  [table: string]: unknown;
}

/**
 * Applied migrations, key-table emptiness, live admins and the last day's failures in one statement: every part is a
 * primary-key probe or a short index range. Throws when any part cannot run (knex_migrations missing on a database
 * never migrated, the database unreachable…); undefined when it returned nothing.
 */
async function readSnapshot(ctx: HealthContext): Promise<Snapshot | undefined> {
  const { db } = ctx;
  const { rows } = await db.raw<{ rows: Snapshot[] }>(
    "select ?, (select json_agg(name order by id) from knex_migrations) as migrations, ? as admins, ? as failures",
    [keyTablesSelect(db), liveAdminCount(db), failureCount(db, failuresSince(ctx))],
  );
  return rows[0];
}

/** Database latency first, then migrations, key tables, admin and failures, in that order. */
export async function runDatabaseChecks(ctx: HealthContext): Promise<{ database: CheckResult; checks: CheckResult[] }> {
  const started = performance.now();
  const snapshot = await readSnapshot(ctx).catch(() => undefined);
  if (snapshot) {
    // The statement was a round trip: the first latency probe. Only a slow one is probed again (with `select 1`).
    const database = await checkDatabase(ctx, performance.now() - started);
    return {
      database: database.result,
      checks: [
        migrationsCheck(snapshot.migrations ?? []),
        keyTablesCheck(snapshot as Record<string, boolean>),
        adminCheck(snapshot.admins),
        failuresCheck(snapshot.failures),
      ],
    };
  }
  // The latency probe runs alone (other queries in flight would skew it, and the embedded engine has one
  // connection); the separate checks are independent reads and run together (in parallel on PostgreSQL).
  const database = await checkDatabase(ctx);
  const checks = database.reachable
    ? await Promise.all(SEPARATE_CHECKS.map(([, run]) => run(ctx)))
    : SEPARATE_CHECKS.map(([name]) => notRun(name));
  return { database: database.result, checks };
}
