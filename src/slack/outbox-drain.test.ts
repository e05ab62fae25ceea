// NOTIFY_SLACK delivery through the real app over the fake Slack: Slack's Retry-After honoured then posted, once across two
// replicas; a refusal FAILED on the message and on the workflow execution (its detail and the health check), not only logged.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "../domain/clock.ts";
import { arriveIntake } from "../testing/fixtures/arrivals.ts";
import { insertAdmin } from "../testing/fixtures/people.ts";
import { insertRule } from "../testing/fixtures/workflows.ts";
import { createSlackHarness, testConfig, type SlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { slackError, slackRateLimited } from "./fake-web-api.ts";
import { SLACK_MAX_ATTEMPTS } from "./outbox-drain.ts";
import { systemActor } from "../domain/actor.ts";
import { callTool } from "./tool-calls.ts";

const NOTIFY = "C0NOTIFY";
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await insertAdmin(db.knex, "Ada Admin");
});
afterAll(() => db?.drop());
const clock = manualClock("2026-12-02T10:00:00Z");
beforeEach(async () => {
  clock.set("2026-12-02T10:00:00Z");
  await db.knex.raw(
    "truncate intake_requests, intake_status_history, audit_log, feed_events, workflow_rules, workflow_executions, slack_outbox, ops_alerts, ops_alert_bursts, ops_alert_updates restart identity cascade",
  );
  await insertRule(db.knex, {
    name: "New intake ping",
    trigger: "IntakeCreated",
    actionConfig: { channel: NOTIFY, text: "New intake {{subject_id}}" },
  });
});

const replica = (instanceId = "replica-a", env: Record<string, string> = {}) =>
  createSlackHarness(db, { config: testConfig(env), clock, instanceId });
const drain = (h: SlackHarness) => h.scheduler.jobs.find((j) => j.name === "outbox.slack")!.run({ scheduledAt: clock.now() });
const notifications = (...hs: SlackHarness[]) =>
  hs.flatMap((h) => h.fake.callsOf("chat.postMessage")).filter((c) => c.args.channel === NOTIFY);
const executionDetail = async (h: SlackHarness) => {
  const outcome = await callTool(h.surface, systemActor(), "get_workflow_execution_detail", { execution_id: 1 });
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.result;
};

describe("NOTIFY_SLACK delivery", () => {
  it("waits out Slack's Retry-After, then posts once, with two replicas draining", async () => {
    const a = replica("replica-a");
    const b = replica("replica-b");
    a.fake.respondTo("chat.postMessage", slackRateLimited(2));
    await arriveIntake(db.knex, { at: clock.now() });
    expect(await drain(a)).toEqual({ sent: 0, retried: 1, failed: 0 });
    const waiting = await db.knex("slack_outbox").first();
    expect(waiting).toMatchObject({ status: "QUEUED", attempts: 1, error: "rate limited by Slack (Retry-After 2 s)" });
    expect(new Date(waiting.next_attempt_at).getTime()).toBe(clock.now().getTime() + 2000);
    expect(await drain(b)).toEqual({ sent: 0, retried: 0, failed: 0 }); // not due yet
    clock.advance(2000);
    const results = await Promise.all([drain(a), drain(b)]);
    expect(results.reduce<number>((n, r) => n + (r as { sent: number }).sent, 0)).toBe(1);
    // The rate-limited try and the one post that went out: never a second post.
    expect(notifications(a, b).map((c) => [c.args.text, c.response?.ok])).toEqual([
      ["New intake 1", false],
      ["New intake 1", true],
    ]);
    expect((await executionDetail(a)).delivery).toMatchObject({ channel: "slack", status: "SENT", attempts: 2 });
    expect(await db.knex("workflow_executions").first()).toMatchObject({ status: "SUCCESS" });
  });

  it("fails a message Slack refuses for good on the execution, its detail and the health check", async () => {
    const h = replica("replica-a", { OPS_CHANNEL: "C0OPS" });
    h.fake.respondAlways("chat.postMessage", slackError("not_in_channel"), (args) => args.channel === NOTIFY);
    await arriveIntake(db.knex, { at: clock.now() });
    expect(await drain(h)).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await db.knex("workflow_executions").first()).toMatchObject({
      status: "FAILED",
      error: `Slack message to ${NOTIFY} not delivered: not_in_channel`,
    });
    expect((await executionDetail(h)).delivery).toMatchObject({
      status: "FAILED",
      error: "not_in_channel",
      note: expect.stringMatching(/refused/),
    });
    const health = await callTool(h.surface, systemActor(), "run_health_check", {});
    if (!health.ok) throw new Error(health.error.message);
    expect(health.result.checks.find((c) => c.name === "slack_notifications")).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(
        /1 Slack message from workflow rules not delivered .* to C0NOTIFY \(workflow execution 1\): not_in_channel/,
      ),
    });
    // The ops channel hears of it too.
    await h.alerts!.drain();
    expect(JSON.stringify(h.fake.callsOf("chat.postMessage").filter((c) => c.args.channel === "C0OPS"))).toContain("not_in_channel");
  });

  it("gives up after a bounded number of rate limits", async () => {
    const h = replica();
    h.fake.respondAlways("chat.postMessage", slackRateLimited(1), (args) => args.channel === NOTIFY);
    await arriveIntake(db.knex, { at: clock.now() });
    for (let i = 1; i < SLACK_MAX_ATTEMPTS; i++) {
      expect(await drain(h)).toMatchObject({ retried: 1 });
      clock.advance(1000);
    }
    expect(await drain(h)).toMatchObject({ failed: 1 });
    expect(await db.knex("slack_outbox").first()).toMatchObject({ status: "FAILED", attempts: SLACK_MAX_ATTEMPTS });
    expect((await db.knex("workflow_executions").first()).error).toMatch(/gave up after 6 attempts: rate limited by Slack/);
  });
});
