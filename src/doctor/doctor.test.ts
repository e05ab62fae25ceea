// maestro doctor: a fresh clone, a bad token and a good setup against the fake Slack, each with the right verdict and fix.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeSlack, slackError } from "../testing/fake-slack.ts";
import { SMTP_PASSWORD, startTestSmtpServer } from "../testing/smtp-test-server.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "../testing/test-database.ts";
import type { Finding } from "./check.ts";
import { manifestScopes } from "./manifest-scopes.ts";
import { anyFailed, formatFindings, runDoctor, type DoctorOptions } from "./run-doctor.ts";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/maestro.js");
const KEY = "sk-ant-test-0000";
const GOOD_ENV = {
  SLACK_BOT_TOKEN: "xoxb-good-token",
  SLACK_APP_TOKEN: "xapp-1-good",
  ANTHROPIC_API_KEY: KEY,
  MAESTRO_ADMIN_SLACK_IDS: "U0MAYA",
  DIGEST_CHANNEL: "C0DIGEST",
  MAESTRO_TIMEZONE: "Europe/London",
};

/** The Messages API's token counter at its wire boundary: a known key and model get a count, others Anthropic's errors. */
const modelApi = (known = "claude-sonnet-5-5"): typeof fetch =>
  (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const headers = new Headers(init?.headers);
    const body = JSON.parse(String(init?.body ?? "{}")) as { model?: string };
    const error = (status: number, type: string) => Response.json({ type: "error", error: { type, message: type } }, { status });
    if (!url.endsWith("/v1/messages/count_tokens")) return error(404, "not_found_error");
    if (headers.get("x-api-key") !== KEY && headers.get("authorization") !== `Bearer ${KEY}`) return error(401, "authentication_error");
    if (body.model !== known) return error(404, "not_found_error");
    return Response.json({ input_tokens: 8 });
  }) as typeof fetch;

function goodSlack(): FakeSlack {
  const fake = new FakeSlack();
  fake.grantedScopes = manifestScopes();
  fake.respondTo("conversations.info", (args) => ({ ok: true, channel: { id: args.channel, name: "studio-digest", is_member: true } }));
  return fake;
}

const byId = (findings: Finding[]) => Object.fromEntries(findings.map((f) => [f.id, f]));

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const doctor = (env: Record<string, string>, more: Partial<DoctorOptions> = {}) =>
  runDoctor({ env, database: db, slackFetch: goodSlack().fetch, modelFetch: modelApi(), ...more });

describe("maestro doctor on a fresh clone with no settings", () => {
  it("fails on the Slack settings, naming each and how to get it, and exits 1", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-doctor-"));
    try {
      const env = { PATH: process.env.PATH ?? "", HOME: dir };
      const text = spawnSync(process.execPath, [BIN, "doctor"], { cwd: dir, env, encoding: "utf8" });
      expect(text.status, text.stderr).toBe(1);
      expect(text.stdout).toMatch(
        /^fail {2}slack bot token +SLACK_BOT_TOKEN is not set\n +fix: set SLACK_BOT_TOKEN to the Bot User OAuth Token/m,
      );
      expect(text.stdout).toMatch(/^fail {2}slack mode +neither SLACK_APP_TOKEN \(Socket Mode\) nor SLACK_SIGNING_SECRET/m);
      expect(text.stdout).toMatch(/^skip {2}database +embedded database not created yet/m);
      expect(fs.existsSync(path.join(dir, ".maestro"))).toBe(false); // the doctor creates nothing
      const json = spawnSync(process.execPath, [BIN, "doctor", "--json"], { cwd: dir, env, encoding: "utf8" });
      expect(json.status).toBe(1);
      const report = JSON.parse(json.stdout) as { ok: boolean; checks: Finding[] };
      expect(report.ok).toBe(false);
      expect(byId(report.checks)["slack.token"]).toMatchObject({ verdict: "fail", fix: expect.stringContaining("SLACK_BOT_TOKEN") });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe(`maestro doctor against the fake Slack (${testEngine()})`, () => {
  it("a good setup passes every check, and says what the model check costs", async () => {
    const findings = await doctor(GOOD_ENV);
    const checks = byId(findings);
    expect(anyFailed(findings)).toBe(false);
    expect(findings.filter((f) => f.verdict !== "pass").map((f) => f.id)).toEqual(["ops-channel", "mail", "mail.server"]);
    expect(checks["slack.token"]!.detail).toBe("team Studio (T0MAESTRO), bot user @maestro (U0MAESTROBOT)");
    expect(checks["slack.scopes"]!.detail).toMatch(/^the \d+ scopes of manifest.yml, no more$/);
    expect(checks.model).toMatchObject({
      detail: expect.stringContaining("claude-sonnet-5-5 known"),
      cost: expect.stringContaining("free"),
    });
    expect(checks["digest-channel"]!.detail).toBe("#studio-digest (C0DIGEST), the bot is a member");
    expect(checks.database!.detail).toMatch(/schema current/);
    expect(formatFindings(findings).at(-1)).toBe("doctor: 10 pass · 0 warn · 0 fail · 3 skip");
  });

  it("a bad token fails naming SLACK_BOT_TOKEN, and the checks that need it are skipped", async () => {
    const fake = goodSlack().respondTo("auth.test", slackError("invalid_auth"));
    const checks = byId(await doctor(GOOD_ENV, { slackFetch: fake.fetch }));
    expect(checks["slack.token"]).toMatchObject({ verdict: "fail", detail: "Slack refused SLACK_BOT_TOKEN: invalid_auth" });
    expect(checks["slack.token"]!.fix).toMatch(/^set SLACK_BOT_TOKEN to the Bot User OAuth Token/);
    expect(checks["slack.scopes"]!.verdict).toBe("skip");
    expect(checks["digest-channel"]!.verdict).toBe("skip");
  });

  it("missing scopes fail, extra ones warn", async () => {
    const missing = goodSlack();
    missing.grantedScopes = manifestScopes().filter((s) => s !== "channels:read");
    expect(byId(await doctor(GOOD_ENV, { slackFetch: missing.fetch }))["slack.scopes"]).toMatchObject({
      verdict: "fail",
      detail: "missing channels:read",
      fix: expect.stringContaining("Reinstall"),
    });
    const extra = goodSlack();
    extra.grantedScopes = [...manifestScopes(), "files:read"];
    expect(byId(await doctor(GOOD_ENV, { slackFetch: extra.fetch }))["slack.scopes"]).toMatchObject({
      verdict: "warn",
      detail: "granted but not in manifest.yml: files:read",
    });
  });

  it("an ops channel the bot is not in fails with how to fix it; unset, alerts are off", async () => {
    const outside = new FakeSlack();
    outside.grantedScopes = manifestScopes();
    outside.respondTo(
      "conversations.info",
      { ok: true, channel: { id: "C0DIGEST", name: "studio-digest", is_member: true } },
      { ok: true, channel: { id: "C0OPS", name: "studio-ops", is_member: false } },
    );
    const ops = byId(await doctor({ ...GOOD_ENV, OPS_CHANNEL: "C0OPS" }, { slackFetch: outside.fetch }))["ops-channel"]!;
    expect(ops).toMatchObject({ verdict: "fail", fix: "invite the bot: type /invite @Maestro in #studio-ops" });
    expect(byId(await doctor(GOOD_ENV))["ops-channel"]).toMatchObject({ verdict: "skip", detail: "OPS_CHANNEL is not set: no ops alerts" });
  });

  it("a digest channel the bot is not in, or cannot see, fails with how to fix it", async () => {
    const outside = new FakeSlack();
    outside.grantedScopes = manifestScopes();
    outside.respondTo("conversations.info", { ok: true, channel: { id: "C0DIGEST", name: "studio-digest", is_member: false } });
    const notIn = byId(await doctor(GOOD_ENV, { slackFetch: outside.fetch }))["digest-channel"]!;
    expect(notIn).toMatchObject({ verdict: "fail", fix: "invite the bot: type /invite @Maestro in #studio-digest" });
    const gone = new FakeSlack();
    gone.grantedScopes = manifestScopes();
    gone.respondTo("conversations.info", slackError("channel_not_found"));
    expect(byId(await doctor(GOOD_ENV, { slackFetch: gone.fetch }))["digest-channel"]!.fix).toMatch(/DIGEST_CHANNEL to the channel's id/);
  });

  it("a refused Socket Mode token fails naming SLACK_APP_TOKEN", async () => {
    const fake = goodSlack().respondTo("apps.connections.open", slackError("invalid_auth"));
    expect(byId(await doctor(GOOD_ENV, { slackFetch: fake.fetch }))["slack.app-token"]).toMatchObject({
      verdict: "fail",
      detail: "Slack refused SLACK_APP_TOKEN: invalid_auth",
    });
  });

  it("a refused key names ANTHROPIC_API_KEY; an unknown model names MAESTRO_MODEL", async () => {
    const badKey = byId(await doctor({ ...GOOD_ENV, ANTHROPIC_API_KEY: "sk-ant-revoked" })).model!;
    expect(badKey).toMatchObject({ verdict: "fail", detail: expect.stringContaining("ANTHROPIC_API_KEY was refused") });
    const badModel = byId(await doctor({ ...GOOD_ENV, MAESTRO_MODEL: "claude-sonnet-4-0-retired" })).model!;
    expect(badModel).toMatchObject({ verdict: "fail", fix: expect.stringContaining("set MAESTRO_MODEL") });
  });

  it("a malformed setting fails by name, and the other checks still run on its default", async () => {
    const findings = await doctor({ ...GOOD_ENV, PORT: "eighty", MAESTRO_TIMEZONE: "Mars/Base" });
    const checks = byId(findings);
    expect(checks.settings).toMatchObject({ verdict: "fail", detail: expect.stringMatching(/^PORT must be a TCP port number/) });
    expect(checks.settings!.fix).toContain("PORT");
    expect(checks["time-zones"]).toMatchObject({ verdict: "fail", fix: expect.stringContaining("MAESTRO_TIMEZONE") });
    expect(checks["slack.token"]!.verdict).toBe("pass");
  });

  it("a schema ahead of this version warns; a pending migration fails when `start` would not apply it", async () => {
    await db.knex("knex_migrations").insert({ name: "20991231_001_future", batch: 99, migration_time: new Date() });
    try {
      expect(byId(await doctor(GOOD_ENV)).database).toMatchObject({
        verdict: "warn",
        detail: expect.stringContaining("schema ahead of this version: 20991231_001_future"),
      });
    } finally {
      await db.knex("knex_migrations").where({ name: "20991231_001_future" }).del();
    }
    const last = (await db.knex("knex_migrations").orderBy("id", "desc").first()) as Record<string, unknown>;
    await db.knex("knex_migrations").where({ id: last.id }).del();
    try {
      const onPostgres = byId(await doctor({ ...GOOD_ENV, DATABASE_URL: "postgres://maestro@db.internal/maestro" })).database!;
      expect(onPostgres).toMatchObject({ verdict: "fail", fix: expect.stringContaining("maestro migrate") });
      expect(onPostgres.detail).toContain(`1 pending migration(s): ${String(last.name)}`);
      expect(byId(await doctor(GOOD_ENV)).database).toMatchObject({
        verdict: "warn",
        fix: expect.stringContaining("MAESTRO_MIGRATE_ON_START"),
      });
    } finally {
      await db.knex("knex_migrations").insert(last);
    }
  });

  it("mail reads SMTP_URL (host and port shown, never the password) and warns while the retired EMAIL_PROVIDER is set", async () => {
    const smtp = { SMTP_URL: "smtps://mailer:Mai1Secret@smtp.example.test", EMAIL_FROM: "studio@example.test" };
    const offline = (env: Record<string, string>) => runDoctor({ env, offlineOnly: true });
    const set = byId(await offline({ ...GOOD_ENV, ...smtp })).mail!;
    expect(set).toMatchObject({ verdict: "pass", detail: "SMTP smtps://smtp.example.test:465, from studio@example.test" });
    expect(JSON.stringify(set)).not.toContain("Mai1Secret");
    expect(byId(await offline(GOOD_ENV)).mail).toMatchObject({ verdict: "skip", detail: expect.stringContaining("SMTP_URL is not set") });
    expect(byId(await offline({ ...GOOD_ENV, ...smtp, EMAIL_PROVIDER: "postmark" })).mail).toMatchObject({
      verdict: "warn",
      detail: "EMAIL_PROVIDER is set but ignored: Maestro no longer reads it",
      fix: expect.stringContaining("SMTP_URL"),
    });
    expect(byId(await offline({ ...GOOD_ENV, SMTP_URL: smtp.SMTP_URL })).settings).toMatchObject({
      verdict: "fail",
      detail: expect.stringContaining("SMTP_URL needs EMAIL_FROM"),
    });
  });

  it("mail server verifies SMTP_URL against a real SMTP server, and names SMTP_URL when it refuses", async () => {
    const smtp = await startTestSmtpServer();
    try {
      const env = { ...GOOD_ENV, SMTP_URL: smtp.url, EMAIL_FROM: "studio@example.test" };
      const good = byId(await doctor(env))["mail.server"]!;
      expect(good).toMatchObject({ verdict: "pass", detail: expect.stringMatching(/^smtp:\/\/127\.0\.0\.1:\d+ accepts the connection/) });
      const bad = byId(await doctor({ ...env, SMTP_URL: smtp.url.replace(SMTP_PASSWORD, "Wr0ngPass") }))["mail.server"]!;
      expect(bad).toMatchObject({ verdict: "fail", detail: expect.stringContaining("535"), fix: expect.stringContaining("SMTP_URL") });
      expect(JSON.stringify(bad)).not.toContain("Wr0ngPass");
      expect(smtp.received).toEqual([]);
    } finally {
      await smtp.close();
    }
  });

  it("--offline runs only the checks that call nothing", async () => {
    const fake = goodSlack();
    const findings = await runDoctor({ env: GOOD_ENV, offlineOnly: true, slackFetch: fake.fetch, modelFetch: modelApi() });
    expect(findings.map((f) => f.id)).toEqual(["settings", "time-zones", "slack.mode", "admins", "mail"]);
    expect(fake.calls).toEqual([]);
  });
});
