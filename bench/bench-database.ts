// The databases a bench run uses: the large studio (created, migrated and seeded when missing) and a
// throwaway scratch database with the demo studio for the loop and prompt suites.
import pg from "pg";
import { describeUrl, openDatabase, type Database } from "../src/db/connect.ts";
import { isAlive } from "../src/db/data-dir-lock.ts";
import { migrateLatest } from "../src/db/migrate.ts";
import { countRows } from "../src/seed/count-rows.ts";
import { seedDemo } from "../src/seed/demo.ts";
import { seedLarge } from "./seed/large.ts";
import { STUDIO_TABLES } from "../src/seed/reset-studio-data.ts";
import type { BenchResults } from "./results.ts";

/** The URL with its database name replaced (or suffixed: `maestro_bench` + `_quick`). */
export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  // Interpolated into CREATE/DROP DATABASE: keep it to plain identifiers.
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,50}$/.test(name)) {
    throw new Error(`MAESTRO_BENCH_DATABASE_URL must name a database of letters, digits and _ (got "${name}")`);
  }
  return name;
}

/** Runs `fn` on the server's maintenance database, where CREATE/DROP DATABASE may run. */
async function onServer<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabaseName(url, "postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the database named by `url` when it does not exist; true when it did not. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  return onServer(url, async (client) => {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount) return false;
    await client.query(`create database "${name}"`);
    return true;
  });
}

export async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await onServer(url, (client) => client.query(`drop database if exists "${name}" with (force)`));
}

/**
 * The scratch database of this process: `<name>_scratch_<pid>`, so two bench runs on one server never drop each
 * other's. Scratch databases of processes that no longer run here (a crashed or killed run) are dropped first.
 */
export async function claimScratchUrl(base: string): Promise<string> {
  const prefix = `${databaseName(base)}_scratch_`;
  const names = await onServer(base, async (client) =>
    (await client.query<{ datname: string }>("select datname from pg_database")).rows.map((r) => r.datname),
  );
  for (const name of names) {
    const pid = name.startsWith(prefix) ? Number(name.slice(prefix.length)) : NaN;
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid)) await dropDatabase(withDatabaseName(base, name));
  }
  return withDatabaseName(base, `${prefix}${process.pid}`);
}

async function isEmpty(db: Database): Promise<boolean> {
  const { rows } = (await db.knex.raw("select not exists (select 1 from users) and not exists (select 1 from feed_events) as empty")) as {
    rows: { empty: boolean }[];
  };
  return rows[0]!.empty;
}

/**
 * Flushes what seeding and vacuuming dirtied, so the write-back does not land in the first measured rounds
 * (the loop suite's commits wait on the same disk). Needs superuser or pg_checkpoint; skipped without.
 */
async function settle(db: Database): Promise<void> {
  await db.knex.raw("checkpoint").catch(() => undefined);
}

export interface PreparedStudio {
  db: Database;
  setup: NonNullable<BenchResults["database"]>;
}

/** The large studio at `url`: created if missing, migrated, seeded at `scale` if empty, then vacuumed. */
export async function prepareStudio(url: string, options: { scale: number; log: (line: string) => void }): Promise<PreparedStudio> {
  const created = await ensureDatabase(url);
  if (created) options.log(`created database ${describeUrl(url)}`);
  const db = await openDatabase({ url, poolMax: 4 });
  try {
    const migrationsApplied = await migrateLatest(db.knex);
    if (migrationsApplied.length) options.log(`applied migrations: ${migrationsApplied.join(", ")}`);
    let seeded: PreparedStudio["setup"]["seeded"] = null;
    if (await isEmpty(db)) {
      options.log(`building the large studio at scale ${options.scale} (about 40 s at scale 1)…`);
      const result = await seedLarge(db.knex, { scale: options.scale, log: (line) => options.log(`  ${line}`) });
      seeded = { scale: options.scale, seconds: Math.round(result.seconds * 10) / 10 };
      options.log(`built the large studio in ${seeded.seconds} s`);
    }
    // A studio in service has been vacuumed by autovacuum; a freshly loaded one has not, and its plans (index-only
    // scans need the visibility map) would depend on when autovacuum last woke. Settle it so runs compare.
    await db.knex.raw(`vacuum (analyze) ${STUDIO_TABLES.join(", ")}`);
    await settle(db);
    const rows = await countRows(db.knex);
    return { db, setup: { description: db.description, created, migrationsApplied, seeded, rows } };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** A fresh scratch database (dropped first if a crashed run left one) with the demo studio. */
export async function prepareScratch(url: string): Promise<Database> {
  await dropDatabase(url);
  await ensureDatabase(url);
  const db = await openDatabase({ url, poolMax: 4 });
  try {
    await migrateLatest(db.knex);
    await seedDemo(db.knex, { adminSlackIds: [] });
    await settle(db);
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
