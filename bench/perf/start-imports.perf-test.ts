// Perf pin (npm run test:perf): what `maestro start` loads on PostgreSQL: no PGlite, no other command's modules (bench,
// console, seed, evals), and the Anthropic SDK only once the server listens.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "../../src/config.ts";
import { createTestDatabase } from "../../src/testing/test-database.ts";
import { freePort } from "../../src/testing/free-port.ts";

const repoRoot = new URL("../..", import.meta.url).pathname;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-start-imports-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * A module preloaded with --import that registers a loader hook appending every module URL it is asked to load
 * to `file`, one a line. tsx registers its own hooks later, so they run first and pass every load on to this one.
 */
function traceHook(file: string): string {
  const hook = `import fs from "node:fs";
export async function load(url, context, next) { fs.appendFileSync(${JSON.stringify(file)}, url + "\\n"); return next(url, context); }`;
  const register = `import { register } from "node:module";
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  return `data:text/javascript,${encodeURIComponent(register)}`;
}

describe("maestro start on PostgreSQL", () => {
  it("loads the whole start path but neither PGlite nor another command's modules", () => {
    const trace = path.join(dir, "loaded.txt");
    // No Slack settings: start loads everything it needs, then stops at the settings check before any connection.
    const result = spawnSync(process.execPath, ["--import", traceHook(trace), "bin/maestro.js", "start"], {
      cwd: repoRoot,
      // Blank Slack settings, so that a developer's .env cannot fill them in (it never overrides a set variable).
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: "postgres://nobody@127.0.0.1:9/none",
        SLACK_BOT_TOKEN: "",
        SLACK_SIGNING_SECRET: "",
        SLACK_APP_TOKEN: "",
      },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.stderr).toMatch(/SLACK_BOT_TOKEN/);
    expect(result.status).toBe(2);

    const loaded = fs.readFileSync(trace, "utf8").split("\n").filter(Boolean);
    // The hook saw the start path: our modules, and package entries (knex-pglite is one, as CommonJS).
    expect(loaded).toContainEqual(expect.stringMatching(/\/src\/main\.ts$/));
    expect(loaded).toContainEqual(expect.stringMatching(/\/src\/db\/connect\.ts$/));
    expect(loaded).toContainEqual(expect.stringMatching(/\/node_modules\/knex\//));
    expect(loaded.filter((url) => /\/node_modules\/(@electric-sql\/pglite|knex-pglite)\//.test(url))).toEqual([]);
    // Without METRICS_PORT no metrics library either (prom-client and OpenTelemetry: ~90 modules).
    expect(loaded.filter((url) => /\/node_modules\/(prom-client|@opentelemetry)\//.test(url))).toEqual([]);
    expect(
      loaded.filter((url) => /\/src\/(console|seed|testing)\/|\/(bench|evals)\/|\/src\/cli\/commands\/(?!start\.ts|index\.ts)/.test(url)),
    ).toEqual([]);
  });
});

/**
 * traceHook that also appends a LISTENING line to the same file when a server starts listening. Module URLs are
 * recorded when resolved, i.e. when requested; a module requested before the marker was requested before listen.
 */
function traceHookWithListenMarker(file: string): string {
  const hook = `import fs from "node:fs";
export async function resolve(specifier, context, next) { const r = await next(specifier, context); fs.appendFileSync(${JSON.stringify(file)}, r.url + "\\n"); return r; }`;
  const preload = `import { register } from "node:module"; import fs from "node:fs"; import net from "node:net";
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) { this.once("listening", () => fs.appendFileSync(${JSON.stringify(file)}, "LISTENING\\n")); return listen.apply(this, args); };`;
  return `data:text/javascript,${encodeURIComponent(preload)}`;
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const SDK = /\/node_modules\/@anthropic-ai\/sdk\//;

// Needs a reachable PostgreSQL: registered only with TEST_DATABASE_URL.
const databaseUrl = testDatabaseUrl();
if (databaseUrl) {
  describe("maestro start on PostgreSQL, serving", () => {
    it("loads the Anthropic SDK only after it listens, then warms it in the background", async () => {
      const db = await createTestDatabase();
      const url = new URL(databaseUrl);
      url.pathname = `/${db.name}`;
      await db.close();
      const trace = path.join(dir, "serving.txt");
      const port = await freePort();
      const child = spawn(process.execPath, ["--import", traceHookWithListenMarker(trace), "bin/maestro.js", "start"], {
        cwd: repoRoot,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DATABASE_URL: url.toString(),
          PORT: String(port),
          SLACK_BOT_TOKEN: "xoxb-test",
          SLACK_SIGNING_SECRET: "secret",
          SLACK_APP_TOKEN: "",
          // Known identity: no auth.test call to Slack at start.
          SLACK_BOT_USER_ID: "U0MAESTROBOT",
          SLACK_BOT_ID: "B0MAESTRO",
          ANTHROPIC_API_KEY: "sk-ant-test-000",
          DIGEST_CHANNEL: "",
          LOG_LEVEL: "warn",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += String(chunk)));
      child.stderr.on("data", (chunk: Buffer) => (output += String(chunk)));
      const exited = new Promise((resolve) => child.on("close", resolve));
      try {
        await until("/readyz", async () => {
          if (child.exitCode !== null) throw new Error(`maestro start exited ${child.exitCode}: ${output}`);
          const ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
          return ready?.status === 200 ? true : undefined;
        });
        const traced = () => {
          const lines = fs.readFileSync(trace, "utf8").split("\n").filter(Boolean);
          return { lines, listenedAt: lines.indexOf("LISTENING") };
        };
        const { lines, listenedAt } = traced();
        expect(listenedAt).toBeGreaterThan(0);
        expect(lines.slice(0, listenedAt)).toContainEqual(expect.stringMatching(/\/src\/agent\/anthropic-model\.ts$/));
        expect(lines.slice(0, listenedAt).filter((line) => SDK.test(line))).toEqual([]);
        // The warm-up: requested after listening, without a question being asked.
        await until("the SDK warm-up", () =>
          traced()
            .lines.slice(listenedAt)
            .some((line) => SDK.test(line))
            ? true
            : undefined,
        );
        expect(output).not.toMatch(/model\.sdk\.load_failed/);
      } finally {
        child.kill("SIGTERM");
        await exited;
        await db.drop();
      }
    });
  });
}
