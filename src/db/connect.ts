// Opens the database: knex over pg when a URL is given, otherwise embedded PGlite in a data directory.
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import knexFactory, { type Knex } from "knex";
import { lockDataDir } from "./data-dir-lock.ts";
import { pgliteParsers, pgTypes } from "./type-parsers.ts";

export type Engine = "postgres" | "pglite";

export interface Database {
  knex: Knex;
  engine: Engine;
  /** Where the data lives, safe to print (no password). */
  description: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A postgres:// URL; when absent the embedded engine is used. */
  url?: string;
  /** The embedded engine's data directory (ignored with `url`). */
  dataDir?: string;
  /** An embedded instance built by the caller (tests load a template into memory). */
  pglite?: PGlite;
  /** Maximum pooled connections for PostgreSQL. */
  poolMax?: number;
}

export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgresql://${u.username ? `${u.username}@` : ""}${u.host}${u.pathname}`;
  } catch {
    return "postgresql (unparseable URL)";
  }
}

/** Builds a PGlite instance with Maestro's type parsers. `dataDir` undefined means in memory. */
export async function createPGlite(options: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<PGlite> {
  if (options.dataDir) fs.mkdirSync(path.dirname(path.resolve(options.dataDir)), { recursive: true });
  // Loaded here, not at the top: through tsx, PGlite and knex-pglite (which requires PGlite's CommonJS build)
  // cost ~0.4 s of start-up and tens of MB of RSS that a process on PostgreSQL never uses.
  const { PGlite } = await import("@electric-sql/pglite");
  const instance = new PGlite({
    dataDir: options.dataDir ? path.resolve(options.dataDir) : undefined,
    loadDataDir: options.loadDataDir,
    parsers: pgliteParsers,
  });
  await instance.waitReady;
  return instance;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) {
    const knex = knexFactory({
      client: "pg",
      connection: { connectionString: options.url, types: pgTypes } as Knex.PgConnectionConfig,
      pool: { min: 0, max: options.poolMax ?? 10 },
      acquireConnectionTimeout: 10_000,
    });
    return { knex, engine: "postgres", description: describeUrl(options.url), close: () => knex.destroy() };
  }

  // Before the lock is taken, so that a failed load cannot leave the directory locked.
  const { default: ClientPGLite } = await import("knex-pglite");
  let release = () => {};
  let pglite = options.pglite;
  if (!pglite) {
    const dataDir = options.dataDir ?? ".maestro/pgdata";
    release = lockDataDir(dataDir);
    try {
      pglite = await createPGlite({ dataDir });
    } catch (error) {
      release();
      throw error;
    }
  }
  const knex = knexFactory({
    client: ClientPGLite as unknown as typeof knexFactory.Client,
    connection: { pglite } as unknown as Knex.StaticConnectionConfig,
    // One connection only: waiting longer than this means a query used `db` inside a transaction.
    acquireConnectionTimeout: 15_000,
  });
  return {
    knex,
    engine: "pglite",
    description: options.pglite ? "embedded (in memory)" : `embedded (${path.resolve(options.dataDir ?? ".maestro/pgdata")})`,
    close: async () => {
      try {
        await knex.destroy();
      } finally {
        release();
      }
    },
  };
}
