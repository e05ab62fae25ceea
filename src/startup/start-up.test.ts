// Start-up that fails well: the probes answer while the database or Slack is away, each attempt is logged, start-up
// carries on when the peer comes back, and a setting that can never work stops it with the setting named.
import { spawn } from "node:child_process";
import net from "node:net";
import { Writable } from "node:stream";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, testDatabaseUrl } from "../config.ts";
import { startMaestro, type Maestro } from "../main.ts";
import { FakeSlack, slackError } from "../testing/fake-slack.ts";
import { freePort } from "../testing/free-port.ts";
import { serveFakeSlackApi } from "../testing/slack-api-server.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";

// The database step's peer is PostgreSQL (DATABASE_URL); the embedded engine has none. This file always uses the
// machine's PostgreSQL (TEST_DATABASE_URL, else the local default every machine and CI run has).
const serverUrl = new URL(testDatabaseUrl() ?? "postgres://postgres@127.0.0.1:5432/postgres");
const scratch = `maestro_startup_${process.pid}`;
const fast = [50, 100, 200];

function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  return { logger: pino({ level: "info" }, sink), lines, events: (msg: string) => lines.filter((l) => l.msg === msg) };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A TCP relay on `port` to the real PostgreSQL, started when the test decides the database is "back". */
function relayTo(port: number) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    const upstream = net.connect(Number(serverUrl.port || 5432), serverUrl.hostname);
    client.pipe(upstream).pipe(client);
    const close = () => (client.destroy(), upstream.destroy());
    client.on("error", close);
    upstream.on("error", close);
  });
  return {
    listen: () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve)),
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), sockets.forEach((s) => s.destroy()))),
  };
}

const admin = () => new pg.Client({ connectionString: serverUrl.toString() });
let fake: FakeSlack;
let api: Awaited<ReturnType<typeof serveFakeSlackApi>>;

beforeAll(async () => {
  const client = admin();
  await client.connect();
  await client.query(`drop database if exists ${scratch}`);
  await client.query(`create database ${scratch}`);
  await client.end();
  fake = new FakeSlack();
  api = await serveFakeSlackApi(fake);
});
afterAll(async () => {
  await api?.close();
  const client = admin();
  await client.connect();
  await client.query(`drop database if exists ${scratch} with (force)`);
  await client.end();
});

function settings(env: Record<string, string>) {
  return loadConfig({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: "test-signing-secret-0123456789",
    SLACK_API_URL: api.url,
    MAESTRO_TIMEZONE: "Europe/London",
    ...env,
  });
}

describe("a database that is not there yet", () => {
  it("keeps /healthz answering and /readyz saying why, logs each attempt, and starts once it is back", async () => {
    const [dbPort, port] = [await freePort(), await freePort()];
    const url = Object.assign(new URL(serverUrl), { port: String(dbPort), pathname: `/${scratch}` }).toString();
    const config = { ...settings({ DATABASE_URL: url, MAESTRO_MIGRATE_ON_START: "on" }), port };
    const { logger, events } = recordingLogger();
    const relay = relayTo(dbPort);
    let maestro: Maestro | undefined;
    const starting = startMaestro(config, { logger, model: null, schedule: false, startRetryDelaysMs: fast }).then((m) => (maestro = m));
    try {
      await until(() => events("maestro.start.waiting").length >= 2, "two logged attempts");
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(health.status).toBe(200);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { detail: string }).detail).toMatch(
        /^waiting for the database: unreachable \(ECONNREFUSED\) \(attempt \d+, next in/,
      );
      expect(events("maestro.start.waiting")[0]).toMatchObject({ peer: "the database", attempt: 1, level: 40 });
      expect(maestro).toBeUndefined();

      await relay.listen(); // the database comes back
      await starting;
      const readyNow = await fetch(`http://127.0.0.1:${maestro!.port}/readyz`);
      expect(readyNow.status).toBe(200);
      expect(maestro!.port).toBe(port);
      expect(events("maestro.start.reached")).toEqual([expect.objectContaining({ peer: "the database" })]);
    } finally {
      await starting.catch(() => undefined);
      await maestro?.stop();
      await relay.close();
    }
  });

  it("stops at once, naming DATABASE_URL, when the database does not exist", async () => {
    const url = Object.assign(new URL(serverUrl), { pathname: "/maestro_no_such_database" }).toString();
    const { logger, events } = recordingLogger();
    const config = { ...settings({ DATABASE_URL: url, MAESTRO_MIGRATE_ON_START: "on" }), port: 0 };
    const failure = await startMaestro(config, { logger, model: null, schedule: false, startRetryDelaysMs: fast }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).problems).toEqual([
      { setting: "DATABASE_URL", problem: expect.stringMatching(/does not exist \(3D000\)/) },
    ]);
    expect(events("maestro.start.waiting")).toHaveLength(0);
  });

  it("gives up waiting when told to stop", async () => {
    const url = Object.assign(new URL(serverUrl), { port: String(await freePort()), pathname: `/${scratch}` }).toString();
    const { logger, events } = recordingLogger();
    const stop = new AbortController();
    const started = startMaestro(
      { ...settings({ DATABASE_URL: url }), port: 0 },
      { logger, model: null, signal: stop.signal, startRetryDelaysMs: [60_000] },
    );
    await until(() => events("maestro.start.waiting").length === 1, "the first attempt");
    stop.abort();
    await expect(started).rejects.toThrow(/start-up stopped while waiting for the database/);
  });
});

describe("Slack at start", () => {
  let db: TestDatabase;
  beforeAll(async () => void (db = await createTestDatabase()));
  afterAll(() => db?.drop());

  it("stops with SLACK_BOT_TOKEN named when Slack rejects the token (the CLI exits 2 on it)", async () => {
    fake.respondTo("auth.test", slackError("invalid_auth"));
    const started = startMaestro(
      { ...settings({}), port: 0 },
      { logger: pino({ level: "silent" }), database: db, model: null, schedule: false },
    );
    const failure = await started.catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).message).toMatch(/SLACK_BOT_TOKEN: Slack rejected it \(invalid_auth\)/);
    expect((failure as ConfigError).message).not.toContain("xoxb-test-token");
  });

  it("`maestro start` exits 2 with the setting named and no stack when Slack rejects the token", async () => {
    fake.respondTo("auth.test", slackError("token_revoked"));
    const child = spawn(process.execPath, ["bin/maestro.js", "start"], {
      cwd: new URL("../..", import.meta.url).pathname,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        SLACK_BOT_TOKEN: "xoxb-revoked-token",
        SLACK_SIGNING_SECRET: "test-signing-secret-0123456789",
        SLACK_API_URL: api.url,
        DATABASE_URL: Object.assign(new URL(serverUrl), { pathname: `/${scratch}` }).toString(),
        MAESTRO_MIGRATE_ON_START: "on",
        PORT: String(await freePort()),
        LOG_LEVEL: "silent",
      },
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const status = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(status).toBe(2);
    expect(stderr).toMatch(/SLACK_BOT_TOKEN: Slack rejected it \(token_revoked\)/);
    expect(stderr).not.toMatch(/xoxb-revoked-token|\n\s+at /);
  }, 60_000);

  it("retries while Slack answers with errors, then starts", async () => {
    fake.respondTo("auth.test", { ok: false, error: "internal_error" }, { __status: 503, ok: false });
    const { logger, events } = recordingLogger();
    const maestro = await startMaestro(
      { ...settings({}), port: 0 },
      { logger, database: db, model: null, schedule: false, startRetryDelaysMs: fast },
    );
    try {
      expect(events("maestro.start.waiting").map((l) => l.reason)).toEqual(["Slack answered internal_error", "Slack answered HTTP 503"]);
      expect((await fetch(`http://127.0.0.1:${maestro.port}/readyz`)).status).toBe(200);
    } finally {
      await maestro.stop();
    }
  });
});

describe("DATABASE_POOL_MAX", () => {
  it("sizes the connection pool `maestro start` opens on DATABASE_URL", async () => {
    const url = Object.assign(new URL(serverUrl), { pathname: `/${scratch}` }).toString();
    const config = { ...settings({ DATABASE_URL: url, MAESTRO_MIGRATE_ON_START: "on", DATABASE_POOL_MAX: "3" }), port: 0 };
    const maestro = await startMaestro(config, { logger: recordingLogger().logger, model: null, schedule: false });
    try {
      expect((maestro.db.knex.client as { pool: { max: number } }).pool.max).toBe(3);
    } finally {
      await maestro.stop();
    }
  });
});
