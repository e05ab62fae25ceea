// The diagnostics tools on a real database: every health check's statuses, no secret ever shown, audit filters and names.
import type { Knex } from "knex";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../config.ts";
import { openDatabase } from "../db/connect.ts";
import { latestMigrationName } from "../db/migrate.ts";
import type { Actor } from "../domain/actor.ts";
import { HOUR_MS, manualClock } from "../domain/clock.ts";
import { runHealthCheck } from "../domain/diagnostics/diagnostics-service.ts";
import { checkEngine, latencyCheck, safeErrorText } from "../domain/diagnostics/health-checks.ts";
import { AUDIT_ACTIONS } from "../domain/vocabulary.ts";
import { insertAuditEntry, readFootprint } from "../testing/fixtures/activity.ts";
import { insertIntake } from "../testing/fixtures/intakes.ts";
import { actorFor, insertAdmin, insertStaff, insertUser } from "../testing/fixtures/people.ts";
import { freePort } from "../testing/free-port.ts";
import { SMTP_PASSWORD, startTestSmtpServer, type TestSmtpServer } from "../testing/smtp-test-server.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { toolContext } from "../testing/tool-context.ts";
import { diagnosticsTools } from "./diagnostics-tools.ts";
import { executeTool } from "./execute.ts";
import { createRegistry } from "./registry.ts";

const registry = createRegistry(diagnosticsTools);
const NOW = new Date("2026-11-20T12:00:00.000Z");
const clock = manualClock(NOW);
const hoursAgo = (n: number) => new Date(NOW.getTime() - n * HOUR_MS);

const SECRETS = {
  SLACK_BOT_TOKEN: "xoxb-secret-123",
  SLACK_SIGNING_SECRET: "signing-secret-456",
  ANTHROPIC_API_KEY: "sk-ant-secret",
  SMTP_URL: "smtps://mailer:smtp-password-secret@smtp.example.test:465",
  EMAIL_FROM: "studio-secret@example.test",
};
let fullConfig: Config;
let smtp: TestSmtpServer;

let db: TestDatabase;
let actor: Actor;
let staff: { id: number; name: string };
let admin: { id: number; name: string };

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  fullConfig = loadConfig({ ...SECRETS, SMTP_URL: smtp.url });
  db = await createTestDatabase();
  staff = await insertStaff(db.knex, "Sam Staff");
  admin = await insertAdmin(db.knex, "Ada Admin");
  actor = actorFor(staff);
});
afterAll(async () => {
  await smtp?.close();
  await db?.drop();
});

const run = (name: string, args: unknown, config: Config = fullConfig) =>
  executeTool(registry, name, args, toolContext(db, actor, { clock, config }));

/** Runs a read tool and proves it wrote nothing. */
async function read(name: string, args: unknown, config: Config = fullConfig): Promise<Record<string, unknown>> {
  const before = await readFootprint(db.knex);
  const outcome = await run(name, args, config);
  expect(await readFootprint(db.knex)).toEqual(before);
  if (!outcome.ok) throw new Error(`${name} failed: ${outcome.error.code} ${outcome.error.message}`);
  expect(outcome.effect.effect).toBe("read");
  return outcome.result;
}

interface Check {
  name: string;
  status: string;
  detail: string;
}
const byName = (result: Record<string, unknown>) => Object.fromEntries((result.checks as Check[]).map((c) => [c.name, c]));

describe("run_health_check", () => {
  beforeEach(async () => {
    await db.knex.raw("truncate intake_requests, workflow_rules, workflow_executions, feed_events restart identity cascade");
    await insertIntake(db.knex, { createdAt: hoursAgo(5) });
    await db.knex("workflow_rules").insert({ name: "notify", trigger_event_type: "IntakeCreated", action_type: "NOTIFY_SLACK" });
  });

  it("passes every check on a seeded database with full settings, and shows no setting's value", async () => {
    const result = await read("run_health_check", {});
    const checks = byName(result);
    expect(Object.keys(checks)).toEqual([
      "database",
      "database_engine",
      "migrations",
      "key_tables",
      "admin_user",
      "workflow_failures_24h",
      "email",
      "slack_notifications",
      "slack_token_state",
      "slack_bot_token",
      "anthropic_api_key",
    ]);
    expect(result).toMatchObject({ overall: "pass", summary: "All 11 checks pass.", checked_at: NOW.toISOString() });
    for (const c of Object.values(checks)) expect(c.status, `${c.name}: ${c.detail}`).toBe("pass");
    expect(checks.migrations!.detail).toContain(latestMigrationName);
    expect(checks.admin_user!.detail).toBe("1 user holds a live ADMIN role.");
    expect(checks.database!.detail).toMatch(/^Reachable; a round trip took \d+ ms/);

    expect(checks.email!.detail).toMatch(/^The SMTP server \(smtp:\/\/127\.0\.0\.1:\d+\) accepts Maestro's connection; nothing waiting/);
    const json = JSON.stringify(result);
    for (const value of [...Object.values(SECRETS), SMTP_PASSWORD]) expect(json).not.toContain(value);
    expect(json).not.toMatch(/xoxb-|sk-ant-/);
  });

  it("warns when SMTP_URL is missing, and says how many emails wait and will not be sent", async () => {
    const noSmtp = loadConfig({ ...SECRETS, SMTP_URL: "", EMAIL_PROVIDER: "postmark" });
    const result = await read("run_health_check", {}, noSmtp);
    expect(result).toMatchObject({ overall: "warn", summary: "1 warns (email); 10 pass." });
    expect(byName(result).email).toMatchObject({ status: "warn", detail: expect.stringMatching(/SMTP_URL is not set/) });
    expect(JSON.stringify(result)).not.toContain("smtp-password-secret");
    await db
      .knex("email_outbox")
      .insert([0, 1, 2].map(() => ({ to_address: "ada@example.test", subject: "Hi", body: "Hello", created_at: NOW })));
    try {
      expect(byName(await read("run_health_check", {}, noSmtp)).email).toMatchObject({
        status: "warn",
        detail: "3 emails are waiting and will not be sent: SMTP_URL is not set.",
      });
    } finally {
      await db.knex("email_outbox").del();
    }
  });

  it("fails when the SMTP server cannot be reached or refuses the credentials, without showing them", async () => {
    const closed = loadConfig({ ...SECRETS, SMTP_URL: `smtp://mailer:${SMTP_PASSWORD}@127.0.0.1:${await freePort()}` });
    expect(byName(await read("run_health_check", {}, closed)).email).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/did not accept Maestro's connection: .*ECONNREFUSED.*Check SMTP_URL/),
    });
    const wrong = loadConfig({ ...SECRETS, SMTP_URL: smtp.url.replace(SMTP_PASSWORD, "Wr0ngPassw0rd") });
    const result = await read("run_health_check", {}, wrong);
    expect(byName(result).email).toMatchObject({ status: "fail", detail: expect.stringMatching(/535/) });
    expect(JSON.stringify(result)).not.toMatch(/Wr0ngPassw0rd|smtp-test-Passw0rd/);
  });

  it("warns while emails are overdue, with the last temporary failure's reason", async () => {
    await db.knex("email_outbox").insert({
      to_address: "ada@example.test",
      subject: "Hi",
      body: "Hello",
      attempts: 2,
      error: "451 Greylisted, try again later",
      next_attempt_at: new Date(NOW.getTime() + 60_000),
      created_at: hoursAgo(1),
    });
    try {
      expect(byName(await read("run_health_check", {})).email).toMatchObject({
        status: "warn",
        detail:
          "1 email overdue of 1 waiting; the last try failed: 451 Greylisted, try again later. They are retried with backoff; a refusal fails them for good.",
      });
    } finally {
      await db.knex("email_outbox").del();
    }
  });

  it("warns when the Slack token or the Anthropic key is missing", async () => {
    const result = await read("run_health_check", {}, loadConfig({ SMTP_URL: smtp.url, EMAIL_FROM: "a@example.test" }));
    const checks = byName(result);
    expect(checks.slack_bot_token).toMatchObject({ status: "warn", detail: expect.stringMatching(/SLACK_BOT_TOKEN is not set/) });
    expect(checks.anthropic_api_key).toMatchObject({ status: "warn", detail: expect.stringMatching(/ANTHROPIC_API_KEY is not set/) });
    expect(result.summary).toBe("2 warn (slack_bot_token, anthropic_api_key); 9 pass.");
  });

  it("fails naming the migration that is not applied", async () => {
    const row = await db.knex("knex_migrations").where({ name: latestMigrationName }).first();
    await db.knex("knex_migrations").where({ name: latestMigrationName }).del();
    try {
      const result = await read("run_health_check", {});
      expect(result).toMatchObject({ overall: "fail" });
      expect(byName(result).migrations).toMatchObject({ status: "fail" });
      expect(byName(result).migrations!.detail).toBe(
        `1 migration is not applied: ${latestMigrationName}. Run \`maestro migrate\` (Maestro also migrates when it starts).`,
      );
    } finally {
      await db.knex("knex_migrations").insert(row);
    }
    expect(byName(await read("run_health_check", {})).migrations!.status).toBe("pass");
  });

  it("fails when the database holds a migration this code does not know", async () => {
    await db.knex("knex_migrations").insert({ name: "20991231_001_future", batch: 99, migration_time: NOW });
    try {
      // (not `read`: its footprint counts knex_migrations rows)
      const outcome = await run("run_health_check", {});
      if (!outcome.ok) throw new Error(outcome.error.message);
      const check = byName(outcome.result).migrations!;
      expect(check).toMatchObject({ status: "fail" });
      expect(check.detail).toMatch(/does not know \(20991231_001_future\): it was migrated by a newer version/);
    } finally {
      await db.knex("knex_migrations").where({ name: "20991231_001_future" }).del();
    }
  });

  it("reports a never-migrated database as pending without creating knex's tables", async () => {
    await db.knex.raw("alter table knex_migrations rename to knex_migrations_away");
    try {
      // (not `read`: its footprint counts knex_migrations rows)
      const outcome = await run("run_health_check", {});
      if (!outcome.ok) throw new Error(outcome.error.message);
      const check = byName(outcome.result).migrations!;
      expect(check).toMatchObject({
        status: "fail",
        detail: expect.stringMatching(/^\d+ migrations are not applied: .*Run `maestro migrate`/),
      });
      const { rows } = await db.knex.raw<{ rows: { present: boolean }[] }>("select to_regclass('knex_migrations') is not null as present");
      expect(rows[0]!.present).toBe(false);
    } finally {
      await db.knex.raw("alter table knex_migrations_away rename to knex_migrations");
    }
  });

  // That the fast case is one statement is pinned in bench/perf/health-check-statements.perf-test.ts (npm run test:perf).
  it("takes the database checks' own round trip as the latency, probing again only when it was slow", async () => {
    const outcome = await run("run_health_check", {});
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(byName(outcome.result).database).toMatchObject({
      status: "pass",
      detail: expect.stringMatching(/^Reachable; a round trip took \d+ ms \(under 200 ms\)\.$/),
    });

    // The combined statement took 250 ms: `select 1` probes follow, and the best round trip counts.
    let probes = 0;
    const slowSnapshot = new Proxy(db.knex, {
      get(target, prop, receiver) {
        if (prop !== "raw") return Reflect.get(target, prop, receiver);
        return (sql: string, bindings?: Knex.RawBinding[]) => {
          if (sql === "select 1") probes++;
          const raw = bindings === undefined ? target.raw(sql) : target.raw(sql, bindings);
          if (!sql.includes("knex_migrations")) return raw;
          return new Promise((resolve) => setTimeout(resolve, 250)).then(() => raw);
        };
      },
    });
    const slow = await runHealthCheck({ db: slowSnapshot, clock, config: fullConfig, engine: db.engine });
    expect(probes).toBe(1);
    expect(slow.checks[0]).toMatchObject({
      name: "database",
      status: "pass",
      detail: expect.stringMatching(/, best of 2 \(under 200 ms\)\.$/),
    });
    expect(slow.checks.find((c) => c.name === "migrations")).toMatchObject({ status: "pass" });
  });

  it("runs each database check on its own when the combined statement fails, probing again only while over the pass mark", async () => {
    let calls = 0;
    // Not a knex: the combined statement cannot even be built, as when any part of it fails.
    const slowFirst = {
      raw: async (sql: string) => {
        if (sql === "select 1" && ++calls === 1) await new Promise((resolve) => setTimeout(resolve, 250));
        return { rows: [] };
      },
    } as unknown as Knex;
    const result = await runHealthCheck({ db: slowFirst, clock, config: fullConfig, engine: "postgres" });
    expect(calls).toBe(2);
    expect(result.checks[0]).toMatchObject({
      name: "database",
      status: "pass",
      detail: expect.stringMatching(/, best of 2 \(under 200 ms\)\.$/),
    });
  });

  it("masks any configured secret that an error message would carry", async () => {
    const config = loadConfig({ ...SECRETS, DATABASE_URL: "postgres://maestro:pa55word@db.internal:5432/studio" });
    // Fails when awaited, like a knex query (a query built but not sent never fails).
    const leaky = {
      raw: () => ({
        then: (_: unknown, reject: (e: Error) => void) =>
          reject(new Error(`auth failed for ${SECRETS.ANTHROPIC_API_KEY} at pa55word ${SECRETS.SLACK_BOT_TOKEN}`)),
      }),
    } as unknown as Knex;
    const result = await runHealthCheck({ db: leaky, clock, config, engine: "postgres" });
    expect(result.checks[0]).toMatchObject({
      name: "database",
      status: "fail",
      detail: "The database is unreachable: auth failed for *** at *** ***",
    });
    const json = JSON.stringify(result);
    for (const value of [...Object.values(SECRETS), "pa55word"]) expect(json).not.toContain(value);
  });

  it("warns about empty key tables and fails without a live ADMIN", async () => {
    await db.knex.raw("truncate intake_requests, workflow_rules restart identity cascade");
    await db
      .knex("role_assignments")
      .where({ user_id: admin.id })
      .update({ revoked_at: hoursAgo(1) });
    try {
      const result = await read("run_health_check", {});
      const checks = byName(result);
      expect(checks.key_tables).toMatchObject({ status: "warn" });
      expect(checks.key_tables!.detail).toBe(
        "Empty: workflow_rules (no automation runs on studio events); intake_requests (no prospects have arrived yet). users, roles have rows.",
      );
      expect(checks.admin_user).toMatchObject({ status: "fail", detail: expect.stringMatching(/MAESTRO_ADMIN_SLACK_IDS/) });
      expect(result).toMatchObject({ overall: "fail", summary: "1 fails (admin_user) and 1 warns (key_tables); 9 pass." });
    } finally {
      await db.knex("role_assignments").where({ user_id: admin.id }).update({ revoked_at: null });
    }
  });

  it("warns with the count of workflow failures in the last 24 hours only", async () => {
    const execution = (status: string, at: Date) => ({ status, rule_snapshot: "{}", event_payload: "{}", error: "boom", created_at: at });
    await db
      .knex("workflow_executions")
      .insert([
        execution("FAILED", hoursAgo(1)),
        execution("FAILED", hoursAgo(23)),
        execution("FAILED", hoursAgo(25)),
        execution("SUCCESS", hoursAgo(2)),
      ]);
    const check = byName(await read("run_health_check", {})).workflow_failures_24h!;
    expect(check).toMatchObject({ status: "warn" });
    expect(check.detail).toMatch(/^2 workflow executions failed in the last 24 hours/);
  });

  it("fails when the database is unreachable, skips the database checks and masks credentials", async () => {
    const unreachable = await openDatabase({ url: "postgres://maestro:hunter2@127.0.0.1:1/nowhere" });
    try {
      const outcome = await executeTool(
        registry,
        "run_health_check",
        {},
        { ...toolContext(db, actor, { clock, config: fullConfig }), db: unreachable.knex, engine: "postgres" },
      );
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      const checks = byName(outcome.result);
      expect(outcome.result.overall).toBe("fail");
      expect(checks.database).toMatchObject({ status: "fail", detail: expect.stringMatching(/^The database is unreachable/) });
      for (const name of ["migrations", "key_tables", "admin_user", "workflow_failures_24h"]) {
        expect(checks[name]).toEqual({ name, status: "fail", detail: "Not run: the database is unreachable." });
      }
      expect(JSON.stringify(outcome.result)).not.toContain("hunter2");
    } finally {
      await unreachable.close();
    }
  });

  it("grades latency and the engine, and masks URL credentials in error text", () => {
    expect(latencyCheck(15).status).toBe("pass");
    expect(latencyCheck(200).status).toBe("warn");
    expect(latencyCheck(999).status).toBe("warn");
    expect(latencyCheck(1000).status).toBe("fail");
    expect(checkEngine("postgres", loadConfig({ NODE_ENV: "production" })).status).toBe("pass");
    expect(checkEngine("pglite", loadConfig({ NODE_ENV: "development" })).status).toBe("pass");
    expect(checkEngine("pglite", loadConfig({ NODE_ENV: "production" })).status).toBe("warn");
    expect(safeErrorText(new Error("connect to postgres://u:pw@host/db failed\nstack"))).toBe("connect to postgres://***@host/db failed");
  });

  it("rejects arguments", async () => {
    for (const args of [{ verbose: true }, { checks: ["database"] }, "all"]) {
      expect(await run("run_health_check", args)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    }
  });
});

describe("get_audit_log", () => {
  let deletedUserId: number;
  beforeAll(async () => {
    await db.knex("audit_log").del();
    const gone = await insertUser(db.knex, { name: "Gone Gwen" });
    deletedUserId = gone.id;
    await db.knex("users").where({ id: gone.id }).del();
    await insertAuditEntry(db.knex, {
      actorType: "SYSTEM",
      action: AUDIT_ACTIONS.userRoleBootstrap,
      targetType: "user",
      targetId: String(admin.id),
      details: { path: "system", role: "ADMIN" },
      at: hoursAgo(100),
    });
    await insertAuditEntry(db.knex, {
      actorType: "AGENT",
      actorId: String(staff.id),
      action: AUDIT_ACTIONS.intakeStatusUpdate,
      targetType: "intake",
      targetId: "7",
      details: { path: "agent", actor_name: "Sam Staff", from_status: "NEW", to_status: "TRIAGED", note: "n".repeat(500) },
      at: hoursAgo(3),
    });
    await insertAuditEntry(db.knex, {
      actorType: "USER",
      actorId: String(admin.id),
      action: AUDIT_ACTIONS.roleRequestApprove,
      targetType: "role_request",
      targetId: "4",
      details: { path: "button", actor_name: "Ada Admin", role: "STAFF" },
      at: hoursAgo(2),
    });
    await insertAuditEntry(db.knex, {
      actorType: "USER",
      actorId: String(deletedUserId),
      action: AUDIT_ACTIONS.workflowRuleToggle,
      targetType: "workflow_rule",
      targetId: "2",
      details: { path: "command", actor_name: "Gone Gwen", enabled: false },
      at: hoursAgo(1),
    });
  });

  it("lists the newest entries first with actor names, path, bounded details and the exact total", async () => {
    const result = await read("get_audit_log", { limit: 3 });
    expect(result).toMatchObject({
      filter: { action: "any", actor_type: "any", target_type: "any", since: "all time" },
      total: 4,
      total_is_lower_bound: false,
      returned: 3,
    });
    const entries = result.entries as {
      actor: unknown;
      action: string;
      path: string;
      details: string | null;
      target: unknown;
      at: string;
    }[];
    expect(entries.map((e) => e.action)).toEqual(["workflow_rule.toggle", "role_request.approve", "intake.status_update"]);
    expect(entries[0]).toMatchObject({
      at: hoursAgo(1).toISOString(),
      actor: { type: "USER", id: String(deletedUserId), name: "Gone Gwen" },
      target: { type: "workflow_rule", id: "2" },
      path: "command",
      details: '{"enabled":false}',
    });
    expect(entries[1]).toMatchObject({ actor: { type: "USER", id: String(admin.id), name: "Ada Admin" }, path: "button" });
    expect(entries[2]!.actor).toEqual({ type: "AGENT", id: String(staff.id), name: "Sam Staff" });
    expect(entries[2]!.details!.length).toBeLessThanOrEqual(300);
    const details = JSON.parse(entries[2]!.details!) as Record<string, string>;
    expect(details).toMatchObject({ from_status: "NEW", to_status: "TRIAGED" });
    expect(details.note).toMatch(/^n{79}…$/);

    const all = await read("get_audit_log", {});
    expect((all.entries as { actor: { name: string } }[])[3]).toMatchObject({
      actor: { type: "SYSTEM", id: null, name: "Maestro" },
      path: "system",
    });
  });

  it("filters by action, actor type, target type and time, alone and together", async () => {
    const actions = async (args: Record<string, unknown>) => {
      const result = await read("get_audit_log", args);
      return { total: result.total, actions: (result.entries as { action: string }[]).map((e) => e.action) };
    };
    expect(await actions({ action: "role_request.approve" })).toEqual({ total: 1, actions: ["role_request.approve"] });
    expect(await actions({ actor_type: "USER" })).toEqual({ total: 2, actions: ["workflow_rule.toggle", "role_request.approve"] });
    expect(await actions({ target_type: "intake" })).toEqual({ total: 1, actions: ["intake.status_update"] });
    expect(await actions({ since_hours: 24 })).toEqual({
      total: 3,
      actions: ["workflow_rule.toggle", "role_request.approve", "intake.status_update"],
    });
    expect(await actions({ actor_type: "USER", since_hours: 1, limit: 5 })).toEqual({ total: 1, actions: ["workflow_rule.toggle"] });
    expect(await actions({ actor_type: "SYSTEM", target_type: "user" })).toEqual({ total: 1, actions: ["user.role_bootstrap"] });
    expect(await actions({ action: "role_request.approve", actor_type: "AGENT" })).toEqual({ total: 0, actions: [] });

    const echoed = await read("get_audit_log", { action: "intake.assign", since_hours: 2 });
    expect(echoed).toMatchObject({ filter: { action: "intake.assign", since: hoursAgo(2).toISOString() }, total: 0, entries: [] });
    expect(echoed).not.toHaveProperty("hint");
  });

  it("counts matches exactly up to 1,000 and reports more as a lower bound", async () => {
    const bulk = (n: number) =>
      db.knex.raw(
        `insert into audit_log (actor_type, actor_id, action, target_type, target_id, details, created_at)
         select 'SYSTEM', null, 'test.bulk', 'intake', g::text, '{}', ? from generate_series(1, ?) g`,
        [hoursAgo(200), n],
      );
    try {
      await bulk(1000);
      expect(await read("get_audit_log", { action: "test.bulk" })).toMatchObject({
        total: 1000,
        total_is_lower_bound: false,
        returned: 10,
      });
      await bulk(1);
      expect(await read("get_audit_log", { action: "test.bulk", limit: 100 })).toMatchObject({
        total: 1000,
        total_is_lower_bound: true,
        returned: 100,
      });
      // Other filters still count exactly.
      expect(await read("get_audit_log", { actor_type: "USER" })).toMatchObject({ total: 2, total_is_lower_bound: false });
    } finally {
      await db.knex("audit_log").where({ action: "test.bulk" }).del();
    }
  });

  it("lists the known actions when an unknown one matches nothing", async () => {
    const result = await read("get_audit_log", { action: "role.approve" });
    expect(result).toMatchObject({ total: 0, entries: [] });
    expect(result.hint).toMatch(/role_request\.approve/);
  });

  it("rejects bad arguments and writes nothing", async () => {
    const before = await readFootprint(db.knex);
    for (const args of [
      { limit: 0 },
      { limit: 101 },
      { actor_type: "BOT" },
      { since_hours: 0 },
      { since_hours: 8761 },
      { action: "" },
      { target_type: "  " },
      { actor: "USER" },
    ]) {
      expect(await run("get_audit_log", args), JSON.stringify(args)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    }
    expect(await readFootprint(db.knex)).toEqual(before);
  });
});
