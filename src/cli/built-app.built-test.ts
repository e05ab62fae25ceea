// The built JavaScript as the image runs it: the runtime stage's layout (package files, manifest.yml, bin/, dist/src
// without src/testing, dist/migrations and `npm ci --omit=dev`, no sources) where `node bin/maestro.js start` loads no TypeScript, answers
// /readyz, serves a signed slash command over HTTP, and stops on SIGTERM — on the embedded database and on PostgreSQL.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SETTING_NAMES, testDatabaseUrl } from "../config.ts";
import { openDatabase } from "../db/connect.ts";
import { migrateLatest } from "../db/migrate.ts";
import { FakeSlack } from "../testing/fake-slack.ts";
import { insertStaff } from "../testing/fixtures/people.ts";
import { freePort } from "../testing/free-port.ts";
import { postSignedToSlackEvents, serveFakeSlackApi, slashCommandBody } from "../testing/slack-api-server.ts";
import { createTestDatabase } from "../testing/test-database.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BUILT = path.join(ROOT, "dist", "src", "cli", "main.js");
const SECRET = "built-test-signing-secret";
// The development tools (@types/node also arrives with production packages: @slack/web-api depends on it).
const DEV_TOOLS = Object.keys(
  (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { devDependencies: object }).devDependencies,
).filter((name) => !name.startsWith("@types/"));

/** A preload that records every module URL the process loads, one a line. */
function traceHook(file: string): string {
  const hook = `import fs from "node:fs";
export async function load(url, context, next) { fs.appendFileSync(${JSON.stringify(file)}, url + "\\n"); return next(url, context); }`;
  const register = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  return `data:text/javascript,${encodeURIComponent(register)}`;
}

let dir: string;
/** The runtime stage of the Dockerfile, assembled the same way. */
let image: string;
const fake = new FakeSlack();
let api: Awaited<ReturnType<typeof serveFakeSlackApi>>;
beforeAll(async () => {
  if (!fs.existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` first`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-built-"));
  image = path.join(dir, "app");
  fs.mkdirSync(path.join(image, "dist"), { recursive: true });
  for (const file of ["package.json", "package-lock.json", ".npmrc", "manifest.yml"])
    fs.copyFileSync(path.join(ROOT, file), path.join(image, file));
  // As the Dockerfile's build stage leaves it: no dist/src/testing (nor dist/bench, dist/evals, never copied).
  const testing = path.join(ROOT, "dist", "src", "testing");
  for (const tree of ["bin", "dist/src", "dist/migrations"]) {
    fs.cpSync(path.join(ROOT, tree), path.join(image, tree), { recursive: true, filter: (from) => !from.startsWith(testing) });
  }
  const install = spawnSync("npm", ["ci", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: image, encoding: "utf8" });
  if (install.status !== 0) throw new Error(`npm ci --omit=dev failed:\n${install.stderr}`);
  api = await serveFakeSlackApi(fake);
}, 300_000);
afterAll(async () => {
  await api?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function serveOnce(name: string, database: Record<string, string>) {
  const trace = path.join(dir, `${name}.loaded.txt`);
  const port = await freePort();
  const env = {
    ...Object.fromEntries(SETTING_NAMES.map((s) => [s, ""])), // neither this shell nor a .env changes what runs
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    LOG_LEVEL: "info",
    SLACK_BOT_TOKEN: "xoxb-built-test",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: api.url,
    SLACK_BOT_USER_ID: "U0MAESTROBOT",
    SLACK_BOT_ID: "B0MAESTRO",
    PORT: String(port),
    ...database,
  };
  const child = spawn(process.execPath, ["--import", traceHook(trace), "bin/maestro.js", "start"], {
    cwd: image,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const ready = await fetch(`${base}/readyz`).catch(() => undefined);
      if (ready?.status === 200) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`never ready; the process said:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const body = slashCommandBody("help", api.url.replace("/api/", ""), name);
    const response = await postSignedToSlackEvents(base, SECRET, body);
    expect(response.status).toBe(200);
    const answered = () => fake.callsOf("respond").filter((c) => String(c.args.response_url).endsWith(`/respond/${name}`));
    await expect.poll(() => answered().length, { timeout: 20_000 }).toBe(1);
    expect(JSON.stringify(answered()[0]!.args)).toContain("Maestro commands");
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
  const loaded = fs.readFileSync(trace, "utf8").split("\n").filter(Boolean);
  expect(loaded).toContainEqual(`file://${image}/dist/src/main.js`);
  expect(loaded.filter((url) => url.endsWith(".ts") || (!url.startsWith(`file://${image}/`) && url.startsWith("file:")))).toEqual([]);
  for (const dep of DEV_TOOLS) expect(fs.existsSync(path.join(image, "node_modules", dep)), dep).toBe(false);
  // `start` logs the doctor's offline subset before it connects.
  expect(output).toMatch(/"msg":"doctor\.check"/);
}

describe("the built JavaScript", () => {
  it("serves on the embedded database (migrating at start)", async () => {
    const dataDir = path.join(image, ".maestro", "pgdata"); // the image's default MAESTRO_DATA_DIR
    const db = await openDatabase({ dataDir });
    try {
      await migrateLatest(db.knex);
      await insertStaff(db.knex, "Sam Staff", "U0SAM");
    } finally {
      await db.close();
    }
    await serveOnce("embedded", {});
  });

  // With TEST_DATABASE_URL (as CI runs it), the same on PostgreSQL: migrated beforehand, as a release step would.
  // Registered only then, like the PostgreSQL case of bench/perf/start-imports.perf-test.ts.
  const url = testDatabaseUrl();
  if (url)
    it("serves on PostgreSQL (DATABASE_URL, no migration at start)", async () => {
      const db = await createTestDatabase();
      try {
        await insertStaff(db.knex, "Sam Staff", "U0SAM");
        const target = new URL(url!);
        target.pathname = `/${db.name}`;
        await serveOnce("postgres", { DATABASE_URL: target.toString() });
      } finally {
        await db.drop();
      }
    });
});
