// The process around the one wiring (compose.ts): open and migrate the database, find the bot's identity, pick the
// transport, start listening and the scheduler, and stop in order (signals are `maestro start`'s).
import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import os from "node:os";
import type { Server } from "node:http";
import { WebClient } from "@slack/web-api";
import { loadAnthropicSdk } from "./agent/anthropic-model.ts";
import type { ModelClient } from "./agent/model-client.ts";
import { anthropicModel, compose, type Composed } from "./compose.ts";
import { requireSlackSettings, type Config } from "./config.ts";
import { openDatabase, type Database } from "./db/connect.ts";
import { prepareSchema } from "./db/migrate.ts";
import { systemClock, type Clock } from "./domain/clock.ts";
import { bootstrapAdmins } from "./domain/users/staff-directory.ts";
import { createLogger, type Logger } from "./logger.ts";
import type { MetricsServer } from "./metrics/metrics-server.ts";
import { checkReadiness } from "./readiness.ts";
import { runRecovery } from "./recovery/recovery.ts";
import type { Transport } from "./slack/app.ts";
import { readDatabaseFailure, readSlackFailure } from "./startup/start-failures.ts";
import { serveStartProbes } from "./startup/start-probes.ts";
import { retryStart, type RetryOptions } from "./startup/retry-start.ts";

export interface Maestro extends Composed {
  /** The HTTP port actually listened on (HTTP mode). */
  port?: number;
  /** The port GET /metrics listens on (METRICS_PORT, or the one chosen for 0). */
  metricsPort?: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
  /** Replaces the model client (tests pass a scripted one). */
  model?: ModelClient | null;
  /** Replaces the receiver chosen from settings (tests and the console pass the fake transport). */
  transport?: Transport;
  /** `false` starts no scheduler (tests and the console drive jobs by hand). */
  schedule?: boolean;
  /** How long shutdown waits for running turns (default: MAESTRO_SHUTDOWN_GRACE_MS). */
  drainMs?: number;
  /** An already open database (tests); otherwise DATABASE_URL or the embedded one is opened. */
  database?: Database;
  /** Aborted by a stop signal while start-up waits for the database or Slack. */
  signal?: AbortSignal;
  /** Waits between start-up attempts (tests: short). Default: START_RETRY_DELAYS_MS. */
  startRetryDelaysMs?: readonly number[];
}

async function botIdentity(config: Config, token: string): Promise<{ botUserId: string; botId: string }> {
  if (config.slack.botUserId && config.slack.botId) return { botUserId: config.slack.botUserId, botId: config.slack.botId };
  // Once at start, so Bolt never calls auth.test per event. No retries of its own: retryStart logs each attempt.
  const client = new WebClient(token, {
    retryConfig: { retries: 0 },
    timeout: config.deadlines.slackRequestMs,
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
  });
  const auth = await client.auth.test();
  return { botUserId: auth.user_id as string, botId: auth.bot_id as string };
}

export async function startMaestro(config: Config, options: StartOptions = {}): Promise<Maestro> {
  const logger = options.logger ?? createLogger(config.log);
  const clock = options.clock ?? systemClock;
  const slack = options.transport ? { ...config.slack, botToken: config.slack.botToken ?? "xoxb-console" } : requireSlackSettings(config);
  // While waiting for a peer, /healthz and /readyz answer on the service port (not when a test or the console brings its transport).
  const probes = options.transport ? undefined : await serveStartProbes(config.port);
  const retry: RetryOptions = { logger, probes, signal: options.signal, delaysMs: options.startRetryDelaysMs };
  const ownsDatabase = !options.database;
  let db: Database | undefined;
  const closeDatabase = () => (ownsDatabase && db ? db.close() : Promise.resolve());
  let metricsServer: MetricsServer | undefined;
  try {
    db = await retryStart("the database", () => openAndPrepare(config, options.database, logger), readDatabaseFailure, retry);

    const model = options.model !== undefined ? options.model : anthropicModel(config);
    if (!model) logger.warn("ANTHROPIC_API_KEY is not set: free-text questions get a notice; slash commands work");
    let accepting = true;
    const knex = db.knex;
    const readiness = { check: () => (accepting ? checkReadiness(knex) : Promise.resolve({ ready: false, detail: "shutting down" })) };
    const transport: Transport =
      options.transport ??
      (slack.appToken
        ? { kind: "socket", appToken: slack.appToken, readiness, port: config.port }
        : { kind: "http", signingSecret: slack.signingSecret!, readiness });
    const identity = options.transport
      ? { botUserId: "U0MAESTROBOT", botId: "B0MAESTRO" }
      : await retryStart("Slack", () => botIdentity(config, slack.botToken), readSlackFailure, retry);
    const maestro = compose(config, {
      database: db,
      logger,
      clock,
      model,
      instanceId: `${os.hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`,
      slack: { botToken: slack.botToken, apiUrl: config.slack.apiUrl, ...identity, transport },
    });
    const { app, scheduler, digest, background, metrics } = maestro;
    // Named from their Slack profiles (a lookup that fails leaves "Admin U…", filled in when they first write).
    const adminProfiles = await maestro.surface.profiles.getMany(app.client, config.adminSlackIds);
    const bootstrapped = await bootstrapAdmins(db.knex, config.adminSlackIds, clock.now(), adminProfiles);
    if (bootstrapped.length) logger.info({ slackUserIds: bootstrapped }, "users.admin.bootstrapped");
    if (!config.digest.channel) logger.info("DIGEST_CHANNEL is not set: the morning digest is off (`/maestro digest` still previews it)");

    // Off the Slack server on purpose: a public /slack/events endpoint never exposes the metrics. Before the app
    // listens, so a METRICS_PORT that is taken stops start before any Slack request is accepted.
    metricsServer = metrics && config.metrics.port !== undefined ? await metrics.serve(config.metrics.port) : undefined;
    if (metricsServer) logger.info({ port: metricsServer.port }, "metrics.serve.start");
    await probes?.close(); // the app takes the port over
    const port = await listen(maestro, transport.kind);
    // Now that /readyz answers, load the SDK in the background, so neither start nor the first question waits for it.
    if (options.model === undefined && model) {
      loadAnthropicSdk().catch((error: unknown) => maestro.logger.error({ err: error }, "model.sdk.load_failed"));
    }
    if (options.schedule !== false) {
      scheduler.start();
      // What a process that died left behind (a turn, a lease, queued messages) is taken over now, not at the first tick.
      background.track(runRecovery({ surface: maestro.surface, client: app.client }));
      // A start after today's digest minute (the process was down then) posts it once; claimed, so replicas agree.
      if (config.digest.channel)
        background.track(digest.catchUp().catch((error: unknown) => maestro.logger.error({ err: error }, "digest.catch_up.failed")));
    }

    let stopped = false;
    return {
      ...maestro,
      port,
      metricsPort: metricsServer?.port,
      async stop() {
        if (stopped) return;
        stopped = true;
        accepting = false;
        logger.info({ running: background.running }, "maestro.stop");
        await scheduler.stop();
        await app.stop().catch(() => undefined); // stop taking new work
        // Running turns persist every step; give them time to reach the end of theirs.
        await background.drain(options.drainMs ?? config.shutdownGraceMs);
        await metricsServer?.close();
        await closeDatabase();
      },
    };
  } catch (error) {
    await probes?.close();
    await metricsServer?.close();
    await closeDatabase();
    throw error;
  }
}

/** Starts the Slack app on its transport; the HTTP port actually listened on in HTTP mode. */
async function listen({ app, config, db, logger }: Composed, mode: Transport["kind"]): Promise<number | undefined> {
  if (mode !== "http") {
    await app.start();
    logger.info({ mode, database: db.description }, "maestro.start");
    return undefined;
  }
  const server = (await app.start(config.port)) as Server;
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, mode, database: db.description }, "maestro.start");
  return port;
}

/** The database opened (unless given) and its schema prepared; closed again if preparing fails, so a retry starts clean. */
async function openAndPrepare(config: Config, given: Database | undefined, logger: Logger): Promise<Database> {
  const db =
    given ?? (await openDatabase({ url: config.database.url, dataDir: config.database.dataDir, poolMax: config.database.poolMax }));
  try {
    const schema = await prepareSchema(db.knex, config.database.migrateOnStart);
    if (schema.applied.length) logger.info({ applied: schema.applied }, "db.migrate.applied");
    if (schema.ahead.length) logger.warn({ ahead: schema.ahead }, "db.schema.ahead");
    return db;
  } catch (error) {
    if (!given) await db.close().catch(() => undefined);
    throw error;
  }
}
