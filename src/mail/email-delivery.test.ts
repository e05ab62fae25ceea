// Workflow emails reach a real SMTP server on loopback: once across two drains, retried on 451 and on a closed port,
// refused for good on 550 (visible on the execution), taken over after a dead claimer's lease, never sent for EVAL events.
import type { Knex } from "knex";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, testDatabaseUrl } from "../config.ts";
import { openDatabase, type Database } from "../db/connect.ts";
import { manualClock } from "../domain/clock.ts";
import { runHealthCheck } from "../domain/diagnostics/diagnostics-service.ts";
import { claimDueEmail } from "../domain/outbox/email-delivery-store.ts";
import { insertFeedEvent } from "../domain/feed/feed-store.ts";
import { evaluateWorkflowRules } from "../domain/workflows/engine.ts";
import { silentLogger } from "../logger.ts";
import { executeTool } from "../tools/execute.ts";
import { createRegistry } from "../tools/registry.ts";
import { getWorkflowExecutionDetail, listWorkflowExecutions } from "../tools/workflow-tools.ts";
import { freePort } from "../testing/free-port.ts";
import { actorFor, insertStaff } from "../testing/fixtures/people.ts";
import { insertRule } from "../testing/fixtures/workflows.ts";
import { startTestSmtpServer, type TestSmtpServer } from "../testing/smtp-test-server.ts";
import { createSlackHarness, testConfig } from "../testing/slack-harness.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "../testing/test-database.ts";
import { toolContext } from "../testing/tool-context.ts";
import { CLAIM_LEASE_MS, MAX_ATTEMPTS, RETRY_BASE_MS } from "./email-drain.ts";
import { createEmailDelivery } from "./email-delivery.ts";

const START = new Date("2026-12-02T09:00:00.000Z");
const clock = manualClock(START);
let db: TestDatabase;
let knex: Knex;
let smtp: TestSmtpServer;
let staff: { id: number; name: string };

beforeAll(async () => {
  [db, smtp] = await Promise.all([createTestDatabase(), startTestSmtpServer()]);
  knex = db.knex;
  staff = await insertStaff(knex, "Sam Staff");
});
afterAll(async () => {
  await smtp?.close();
  await db?.drop();
});
beforeEach(async () => {
  await knex.raw("truncate feed_events, workflow_executions, workflow_rules, email_outbox restart identity cascade");
  await insertRule(knex, {
    name: "welcome",
    trigger: "ContactCreated",
    actionType: "SEND_EMAIL",
    actionConfig: { to: "{{metadata.email}}", subject: "Welcome, {{metadata.name}}", body: "Hello {{metadata.name}}, see you soon." },
  });
  smtp.received.length = 0;
  clock.set(START);
});

const config = (url = smtp.url) => loadConfig({ SMTP_URL: url, EMAIL_FROM: "studio@studio.example" });
const delivery = (on: Knex = knex, instanceId = "replica-a", url = smtp.url) =>
  createEmailDelivery(config(url), { db: on, clock, logger: silentLogger, instanceId })!;

/** A ContactCreated event for `name`, its rules evaluated in the same transaction (as recordChange does). */
async function contactCreated(name: string, metadata: Record<string, unknown> = {}): Promise<number> {
  return knex.transaction(async (trx) => {
    const event = await insertFeedEvent(
      trx,
      {
        eventType: "ContactCreated",
        actorType: "SYSTEM",
        actorId: null,
        subjectType: null,
        subjectId: null,
        metadata: { name, email: `${name.toLowerCase()}@example.test`, ...metadata },
      },
      clock.now(),
    );
    const [execution] = await evaluateWorkflowRules(trx, event, clock.now());
    return execution!.id;
  });
}

const outbox = () => knex("email_outbox").orderBy("id").select("id", "status", "attempts", "error", "sent_at", "next_attempt_at");
const detail = async (executionId: number) => {
  const outcome = await executeTool(
    createRegistry([getWorkflowExecutionDetail]),
    "get_workflow_execution_detail",
    { execution_id: executionId },
    toolContext(db, actorFor(staff), { clock }),
  );
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.result as { execution: { status: string; error: string | null }; delivery: Record<string, unknown> };
};

/** A second replica: its own connection pool on PostgreSQL; on the embedded engine the one connection there is. */
async function secondReplica(): Promise<Database | undefined> {
  const url = testDatabaseUrl();
  if (!url) return undefined;
  const u = new URL(url);
  u.pathname = `/${db.name}`;
  return openDatabase({ url: u.toString() });
}

describe(`email delivery over SMTP (${testEngine()})`, () => {
  it("a fired SEND_EMAIL rule's email arrives once, even with two replicas draining at the same moment", async () => {
    const executions = [];
    for (const name of ["Ada", "Bo", "Cy", "Di", "Ed", "Flo"]) executions.push(await contactCreated(name));
    const other = await secondReplica();
    try {
      const results = await Promise.all([delivery(knex, "replica-a").drain(), delivery(other?.knex ?? knex, "replica-b").drain()]);
      expect(results[0]!.sent + results[1]!.sent).toBe(6);
    } finally {
      await other?.close();
    }
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(["ada", "bo", "cy", "di", "ed", "flo"].map((n) => `${n}@example.test`));
    expect(smtp.received.find((m) => m.to[0] === "ada@example.test")).toMatchObject({
      from: "studio@studio.example",
      subject: "Welcome, Ada",
      text: "Hello Ada, see you soon.",
      messageId: "<maestro-email-1@studio.example>",
    });
    expect((await outbox()).map((r) => r.status)).toEqual(Array(6).fill("SENT"));
    expect(await delivery().drain()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(6);
    expect((await detail(executions[0]!)).delivery).toMatchObject({ channel: "email", status: "SENT", attempts: 1, error: null });
  });

  it("two composed Maestro processes run the email job from their job list; the email still arrives once", async () => {
    const executionId = await contactCreated("Ada");
    const other = await secondReplica();
    try {
      const env = { SMTP_URL: smtp.url, EMAIL_FROM: "studio@studio.example" };
      const apps = [
        createSlackHarness(db, { config: testConfig(env), clock, instanceId: "app-a" }),
        createSlackHarness(other ?? db, { config: testConfig(env), clock, instanceId: "app-b" }),
      ];
      const jobs = apps.map((app) => app.scheduler.jobs.find((job) => job.name === "outbox.email")!);
      expect(jobs.map((job) => job.cron)).toEqual(["5-59/10 * * * * *", "5-59/10 * * * * *"]);
      await Promise.all(jobs.map((job) => job.run({ scheduledAt: clock.now() })));
      expect(createSlackHarness(db, { clock }).scheduler.jobs.map((job) => job.name)).not.toContain("outbox.email");
    } finally {
      await other?.close();
    }
    expect(smtp.received.map((m) => m.subject)).toEqual(["Welcome, Ada"]);
    expect((await detail(executionId)).delivery).toMatchObject({ status: "SENT" });
  });

  it("a 451 is retried after its backoff, then the email arrives once", async () => {
    const executionId = await contactCreated("Ada");
    smtp.refuseNext(451, "Greylisted, try again later");
    expect(await delivery().drain()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const [row] = await outbox();
    expect(row).toMatchObject({ status: "QUEUED", attempts: 1, error: expect.stringContaining("451 Greylisted") });
    expect(new Date(row.next_attempt_at).getTime()).toBe(START.getTime() + RETRY_BASE_MS);
    expect((await detail(executionId)).delivery).toMatchObject({ status: "QUEUED", note: expect.stringMatching(/retried/) });
    expect(await delivery().drain()).toEqual({ sent: 0, retried: 0, failed: 0 }); // not due yet
    clock.advance(RETRY_BASE_MS);
    expect(await delivery().drain()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received.map((m) => m.subject)).toEqual(["Welcome, Ada"]);
    expect(await outbox()).toEqual([expect.objectContaining({ status: "SENT", attempts: 2, error: null })]);
  });

  it("a 550 fails the email for good with the server's reason, and the execution shows it", async () => {
    const executionId = await contactCreated("Ada");
    smtp.refuseNext(550, "No such user here");
    expect(await delivery().drain()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await outbox()).toEqual([
      expect.objectContaining({ status: "FAILED", error: expect.stringContaining("550 No such user here") }),
    ]);
    clock.advance(RETRY_BASE_MS * 100);
    expect(await delivery().drain()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toEqual([]);
    const shown = await detail(executionId);
    expect(shown.execution).toMatchObject({
      status: "FAILED",
      error: expect.stringMatching(/^email to ada@example.test not delivered: .*550 No such user here/),
    });
    expect(shown.delivery).toMatchObject({
      status: "FAILED",
      error: expect.stringContaining("550 No such user here"),
      note: expect.stringMatching(/refused/),
    });
    const health = await runHealthCheck({ db: knex, clock, config: config(), engine: db.engine });
    const byName = Object.fromEntries(health.checks.map((c) => [c.name, c]));
    expect(byName.email).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(
        /^1 email refused for good in the last 24 hours; the latest \(workflow execution 1\): .*550 No such user here/,
      ),
    });
    expect(byName.workflow_failures_24h!.status).not.toBe("pass");
    const listed = await executeTool(
      createRegistry([listWorkflowExecutions]),
      "list_workflow_executions",
      { since_hours: 24 },
      toolContext(db, actorFor(staff), { clock }),
    );
    expect(listed.ok && listed.result).toMatchObject({
      counts_by_status: expect.objectContaining({ FAILED: 1 }),
      executions: [{ id: executionId, status: "FAILED", error: expect.stringContaining("550 No such user here") }],
    });
  });

  it("an unreachable server is retried, not lost: the email arrives once the server answers", async () => {
    await contactCreated("Ada");
    const closed = `smtp://127.0.0.1:${await freePort()}`;
    expect(await delivery(knex, "replica-a", closed).drain()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await outbox()).toEqual([
      expect.objectContaining({ status: "QUEUED", attempts: 1, error: expect.stringMatching(/ECONNREFUSED|ECONNECTION/) }),
    ]);
    clock.advance(RETRY_BASE_MS);
    expect(await delivery().drain()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it(`gives up after ${MAX_ATTEMPTS} temporary failures, saying so`, async () => {
    await contactCreated("Ada");
    smtp.refuseNext(451, "Still busy", MAX_ATTEMPTS);
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      expect(await delivery().drain()).toMatchObject({ retried: 1 });
      clock.advance(3_600_000);
    }
    expect(await delivery().drain()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await outbox()).toEqual([
      expect.objectContaining({
        status: "FAILED",
        attempts: MAX_ATTEMPTS,
        error: expect.stringMatching(/^gave up after 10 attempts: .*451 Still busy/),
      }),
    ]);
  });

  it("a claimer that died mid-send loses the email to another replica only after its lease", async () => {
    await contactCreated("Ada");
    expect(
      await claimDueEmail(knex, { by: "dead-replica", now: clock.now(), leaseUntil: new Date(START.getTime() + CLAIM_LEASE_MS) }),
    ).toBeDefined();
    expect(await delivery(knex, "replica-b").drain()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.advance(CLAIM_LEASE_MS);
    expect(await delivery(knex, "replica-b").drain()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(await outbox()).toEqual([expect.objectContaining({ status: "SENT", attempts: 2 })]);
  });

  it("an EVAL (test) event's email is a dry run: recorded, never sent", async () => {
    const executionId = await contactCreated("Ada", { source: "EVAL" });
    expect(await delivery().drain()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toEqual([]);
    expect((await detail(executionId)).delivery).toMatchObject({ status: "DRY_RUN", dry_run: true });
  });
});
