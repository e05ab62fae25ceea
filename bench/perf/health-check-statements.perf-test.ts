// Performance pin of the health check (moved from src/tools/diagnostics-tools.test.ts, which keeps the behaviour): on a
// healthy database every database check is read in one statement, which is also the latency probe; the email check
// and the Slack notifications check read their outboxes in one more each, and the Slack token check reads its revocation
// flag in one (run beside it, not after).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { manualClock } from "../../src/domain/clock.ts";
import { runHealthCheck } from "../../src/domain/diagnostics/diagnostics-service.ts";
import { insertAdmin } from "../../src/testing/fixtures/people.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.ts";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await insertAdmin(db.knex, "Ada Admin");
});
afterAll(() => db?.drop());

describe("the health check's database checks", () => {
  it("are one statement, reading the migrations too, and the email, Slack notification and token checks one more each", async () => {
    const statements: string[] = [];
    const record = (q: { sql: string }) => statements.push(q.sql);
    db.knex.on("query", record);
    try {
      const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-perf-1", SLACK_SIGNING_SECRET: "perf-signing", ANTHROPIC_API_KEY: "sk-ant-perf" });
      const report = await runHealthCheck({ db: db.knex, clock: manualClock(new Date()), config, engine: db.engine });
      expect(report.checks.map((c) => c.name)).toContain("database");
    } finally {
      db.knex.off("query", record);
    }
    // A slow round trip (a loaded machine) adds `select 1` latency probes; the checks themselves stay four statements.
    const checks = statements.filter((sql) => sql !== "select 1");
    expect(checks).toHaveLength(4);
    expect(checks.filter((sql) => sql.includes("knex_migrations"))).toHaveLength(1);
    expect(checks.filter((sql) => sql.includes("email_outbox"))).toHaveLength(1);
    expect(checks.filter((sql) => sql.includes("slack_outbox"))).toHaveLength(1);
    expect(checks.filter((sql) => sql.includes("slack_token_revocations"))).toHaveLength(1);
  });
});
