// Maestro as the benches start it in-process: HTTP mode on a free port, the fake Slack API behind SLACK_API_URL,
// an instant model, no scheduler, and its own connection pool of the production size on the scratch database.
import { Writable } from "node:stream";
import type { Config } from "../src/config.ts";
import { openDatabase, type Database } from "../src/db/connect.ts";
import { createLogger } from "../src/logger.ts";
import { startMaestro, type Maestro } from "../src/main.ts";
import type { InstantModel } from "./instant-model.ts";

export const BENCH_SIGNING_SECRET = "bench-signing-secret-0123456789";
export const BENCH_BOT = { botToken: "xoxb-bench", botUserId: "U0MAESTROBOT", botId: "B0MAESTRO" } as const;

/** The PostgreSQL URL a Database was opened with, or null (the embedded engine has none). */
export function postgresUrlOf(db: Database): string | null {
  if (db.engine !== "postgres") return null;
  const connection = (db.knex.client as { config?: { connection?: { connectionString?: string } } }).config?.connection;
  return connection?.connectionString ?? null;
}

/**
 * The scratch database behind a pool of the size `maestro start` opens (DATABASE_POOL_MAX) (the runner's own pools hold 4; under 50
 * concurrent requests that would queue Maestro on connections it would not be short of in production).
 */
export async function productionPool(scratch: Database, config: Config): Promise<{ db: Database; close(): Promise<void> }> {
  const url = postgresUrlOf(scratch);
  if (!url) return { db: scratch, close: async () => {} };
  const db = await openDatabase({ url, poolMax: config.database.poolMax });
  return { db, close: () => db.close() };
}

/** Warnings and errors Maestro logged, counted (the bench must know when the path it timed went wrong). */
export interface LogTally {
  warnings: number;
  errors: number;
  first: string[];
}

function tallyStream(tally: LogTally): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line) continue;
        const entry = JSON.parse(line) as { level: number; msg?: string; err?: { message?: string } };
        if (entry.level >= 50) tally.errors += 1;
        else if (entry.level >= 40) tally.warnings += 1;
        if (tally.first.length < 5) tally.first.push(`${entry.msg ?? ""}${entry.err?.message ? `: ${entry.err.message}` : ""}`);
      }
      done();
    },
  });
}

export async function startBenchMaestro(
  base: Config,
  options: { db: Database; apiUrl: string; model: InstantModel },
): Promise<{ maestro: Maestro; log: LogTally }> {
  const log: LogTally = { warnings: 0, errors: 0, first: [] };
  const config: Config = {
    ...base,
    port: 0,
    slack: {
      ...BENCH_BOT,
      signingSecret: BENCH_SIGNING_SECRET,
      apiUrl: options.apiUrl,
      rateLimitPerMinute: base.slack.rateLimitPerMinute,
      profileTtlMs: base.slack.profileTtlMs,
    },
    // No digest job and no admins from the caller's settings: the bench's Maestro answers Slack and nothing else.
    digest: { ...base.digest, channel: undefined },
    adminSlackIds: [],
  };
  // Maestro's own logger at warn: the same code path as production, without a line per request on the bench's output.
  const logger = createLogger({ level: "warn", format: "json", destination: tallyStream(log) });
  const maestro = await startMaestro(config, { logger, database: options.db, model: options.model, schedule: false, drainMs: 15_000 });
  return { maestro, log };
}
