// A fresh, migrated database per test file (or eval scenario): cloned from a template on PostgreSQL
// (TEST_DATABASE_URL) or loaded into memory from a template dump on the embedded engine.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { testDatabaseUrl } from "../config.ts";
import { createPGlite, openDatabase, type Database } from "../db/connect.ts";
import { migrateLatest } from "../db/migrate.ts";
import { DAY_MS } from "../domain/clock.ts";

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../migrations");

/** A fingerprint of the migration sources, so a changed migration gets a new template. */
function schemaFingerprint(): string {
  const hash = crypto.createHash("sha256");
  for (const file of fs.readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(file).update(fs.readFileSync(path.join(MIGRATIONS_DIR, file)));
  }
  return hash.digest("hex").slice(0, 12);
}

export interface TestDatabase extends Database {
  /** The database name (PostgreSQL) or "memory" (embedded). */
  name: string;
  /** Closes and, on PostgreSQL, drops the database. */
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the migrated PostgreSQL template if missing; returns its name. Safe to call concurrently. */
export async function ensurePostgresTemplate(url: string): Promise<string> {
  const template = `maestro_tpl_${schemaFingerprint()}`;
  await withAdminClient(url, async (admin) => {
    await admin.query("select pg_advisory_lock(727274)");
    try {
      const exists = await admin.query("select 1 from pg_database where datname = $1", [template]);
      if (exists.rowCount) return;
      // Templates of other schemas may belong to another checkout testing on this server right now (a branch
      // with a new migration): only those built over a day ago are dropped.
      const stale = await admin.query(
        "select datname, shobj_description(oid, 'pg_database') as built_at from pg_database where datname like 'maestro_tpl_%'",
      );
      const dayAgo = Date.now() - DAY_MS;
      for (const row of stale.rows) {
        const builtAt = Date.parse(row.built_at ?? "");
        if (Number.isNaN(builtAt) || builtAt < dayAgo) await admin.query(`drop database if exists "${row.datname}" with (force)`);
      }
      const building = `${template}_building`;
      await admin.query(`drop database if exists "${building}" with (force)`);
      await admin.query(`create database "${building}"`);
      const db = await openDatabase({ url: withDatabase(url, building), poolMax: 1 });
      try {
        await migrateLatest(db.knex);
      } finally {
        await db.close();
      }
      // Renamed only once complete, so a crash never leaves a half-migrated template.
      await admin.query(`alter database "${building}" rename to "${template}"`);
      await admin.query(`comment on database "${template}" is '${new Date().toISOString()}'`);
    } finally {
      await admin.query("select pg_advisory_unlock(727274)");
    }
  });
  return template;
}

/** Creates the embedded template dump if missing; returns its path. */
export async function ensurePgliteTemplate(): Promise<string> {
  const dumpPath = path.join(os.tmpdir(), `maestro-tpl-${schemaFingerprint()}.tar.gz`);
  if (fs.existsSync(dumpPath)) return dumpPath;
  const pglite = await createPGlite();
  const db = await openDatabase({ pglite });
  try {
    await migrateLatest(db.knex);
    const dump = await pglite.dumpDataDir("gzip");
    const temp = `${dumpPath}.${process.pid}.tmp`;
    fs.writeFileSync(temp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(temp, dumpPath); // atomic: concurrent creators both end with a whole file
  } finally {
    await db.close();
  }
  return dumpPath;
}

/** A fresh migrated database on the engine the environment selects. */
export async function createTestDatabase(options: { url?: string } = {}): Promise<TestDatabase> {
  const url = options.url ?? testDatabaseUrl();
  if (url) {
    const template = await ensurePostgresTemplate(url);
    const name = `maestro_t_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
    await withAdminClient(url, (admin) => admin.query(`create database "${name}" template "${template}"`));
    const db = await openDatabase({ url: withDatabase(url, name) });
    return {
      ...db,
      name,
      drop: async () => {
        await db.close();
        await withAdminClient(url, (admin) => admin.query(`drop database if exists "${name}" with (force)`));
      },
    };
  }
  const dumpPath = await ensurePgliteTemplate();
  const pglite = await createPGlite({ loadDataDir: new Blob([fs.readFileSync(dumpPath)]) });
  const db = await openDatabase({ pglite });
  return { ...db, name: "memory", drop: () => db.close() };
}

/** The engine tests run on, for test titles. */
export function testEngine(): "postgres" | "pglite" {
  return testDatabaseUrl() ? "postgres" : "pglite";
}
