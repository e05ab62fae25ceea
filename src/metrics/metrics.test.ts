// The metrics of one app: log events and model calls move the counters, the database gauges are read at scrape time,
// and GET /metrics serves them over real HTTP on a registry of its own.
import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { costOf } from "../agent/pricing.ts";
import { queueSlackMessage } from "../domain/outbox/outbox-store.ts";
import { insertPendingAction } from "../domain/pending-actions/pending-action-store.ts";
import { silentLogger } from "../logger.ts";
import { parsePrometheusText, sampleValue } from "../testing/prometheus-text.ts";
import { reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "../testing/test-database.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import type { MetricsServer } from "./metrics-server.ts";

let db: TestDatabase;
let metrics: Metrics;
let server: MetricsServer;
beforeAll(async () => {
  db = await createTestDatabase();
  metrics = createMetrics({ db: db.knex, logger: silentLogger });
  server = await metrics.serve(0, "127.0.0.1");
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

async function scrape(port = server.port) {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}

const USAGE = {
  input_tokens: 1_000,
  output_tokens: 200,
  cache_read_input_tokens: 5_000,
  cache_creation_input_tokens: 300,
  cache_creation: { ephemeral_5m_input_tokens: 300, ephemeral_1h_input_tokens: 0 },
} as Anthropic.Usage;

describe(`metrics (${testEngine()})`, () => {
  it("counts turns, tool calls, acks and errors from the events the app logs", async () => {
    const log = metrics.logger.child({ component: "test" });
    log.info({ trigger: "dm", outcome: "reply" }, "agent.turn.end");
    log.info({ trigger: "dm", outcome: "awaiting_confirmation" }, "agent.turn.end");
    log.info({ tool: "list_intakes", effect: "read", ok: true, runId: "r1" }, "tool.run.end");
    log.info({ tool: "assign_intake", effect: "write", ok: false, runId: "r1" }, "tool.run.end");
    log.info({ tool: "approve_role_request", runId: "r1" }, "agent.gate.held");
    log.debug({ kind: "command", ackMs: 12 }, "slack.request.acked");
    log.error({ runId: "r1", failure: "RateLimitError 429" }, "agent.run.failed");
    log.warn("some free text");
    const samples = await scrape();
    expect(sampleValue(samples, "maestro_agent_turns_total", { outcome: "reply" })).toBe(1);
    expect(sampleValue(samples, "maestro_agent_turns_total", { outcome: "awaiting_confirmation" })).toBe(1);
    expect(sampleValue(samples, "maestro_agent_turns_total", { outcome: "failed" })).toBe(0);
    expect(sampleValue(samples, "maestro_tool_calls_total", { tool: "list_intakes", effect: "read", result: "ok" })).toBe(1);
    expect(sampleValue(samples, "maestro_tool_calls_total", { tool: "assign_intake", effect: "write", result: "error" })).toBe(1);
    expect(sampleValue(samples, "maestro_tool_calls_total", { tool: "approve_role_request", effect: "gated", result: "held" })).toBe(1);
    expect(sampleValue(samples, "maestro_slack_ack_seconds_count", { kind: "command" })).toBe(1);
    expect(sampleValue(samples, "maestro_slack_ack_seconds_sum", { kind: "command" })).toBeCloseTo(0.012);
    expect(sampleValue(samples, "maestro_slack_ack_seconds_bucket", { kind: "command", le: "0.01" })).toBe(0);
    expect(sampleValue(samples, "maestro_slack_ack_seconds_bucket", { kind: "command", le: "0.025" })).toBe(1);
    expect(sampleValue(samples, "maestro_errors_total", { kind: "agent.run.failed", level: "error" })).toBe(1);
    expect(sampleValue(samples, "maestro_errors_total", { kind: "other", level: "warn" })).toBe(1);
    // Info lines are events, not errors.
    expect(sampleValue(samples, "maestro_errors_total", { kind: "tool.run.end" })).toBeUndefined();
    // The usual process series come along.
    expect(sampleValue(samples, "process_cpu_seconds_total")).toBeGreaterThan(0);
  });

  it("counts each model call's tokens by kind and its cost at pricing.ts's prices", async () => {
    const before = await scrape();
    const model = metrics.meter(new ScriptedModel([{ ...reply("hello"), model: "claude-sonnet-5-5", usage: USAGE }]));
    await model.createMessage({ model: "claude-sonnet-5-5", max_tokens: 100, messages: [{ role: "user", content: "hi" }] });
    const after = await scrape();
    const moved = (kind: string) =>
      sampleValue(after, "maestro_model_tokens_total", { kind })! - sampleValue(before, "maestro_model_tokens_total", { kind })!;
    expect([moved("input"), moved("cache_read"), moved("cache_write"), moved("output")]).toEqual([1_000, 5_000, 300, 200]);
    const cost = sampleValue(after, "maestro_model_cost_dollars_total")! - sampleValue(before, "maestro_model_cost_dollars_total")!;
    // $2/M input, $10/M output, cache writes 1.25×, reads 0.1×: 0.002 + 0.002 + 0.00075 + 0.001.
    expect(cost).toBeCloseTo(0.00575, 9);
    expect(cost).toBeCloseTo(costOf("claude-sonnet-5-5", USAGE).costUsd, 9);
  });

  it("reads pending actions by state and outbox depth from the database at scrape time", async () => {
    const empty = await scrape();
    expect(sampleValue(empty, "maestro_pending_actions", { state: "pending" })).toBe(0);
    expect(sampleValue(empty, "maestro_outbox_depth", { outbox: "slack" })).toBe(0);
    const now = new Date();
    for (const toolUseId of ["t1", "t2"]) {
      await insertPendingAction(
        db.knex,
        {
          runId: null,
          toolUseId,
          stepSeq: null,
          toolName: "cancel_availability_slot",
          args: { slot_id: 1 },
          argsHash: toolUseId,
          reason: "test",
          snapshot: {},
          requestedBy: null,
          expiresAt: new Date(now.getTime() + 60_000),
        },
        now,
      );
    }
    await queueSlackMessage(db.knex, { channel: "C0STUDIO", text: "hi", dryRun: false }, now);
    await queueSlackMessage(db.knex, { channel: "C0STUDIO", text: "dry", dryRun: true }, now);
    const samples = await scrape();
    expect(sampleValue(samples, "maestro_pending_actions", { state: "pending" })).toBe(2);
    expect(sampleValue(samples, "maestro_pending_actions", { state: "executed" })).toBe(0);
    expect(sampleValue(samples, "maestro_outbox_depth", { outbox: "slack" })).toBe(1);
    expect(sampleValue(samples, "maestro_outbox_depth", { outbox: "email" })).toBe(0);
  });

  it("keeps serving when the database is gone: no database series, and the failure counted", async () => {
    const gone = await createTestDatabase();
    const orphan = createMetrics({ db: gone.knex, logger: silentLogger });
    const orphanServer = await orphan.serve(0, "127.0.0.1");
    try {
      await gone.drop();
      const samples = await scrape(orphanServer.port);
      expect(sampleValue(samples, "maestro_pending_actions", { state: "pending" })).toBeUndefined();
      expect(sampleValue(samples, "maestro_outbox_depth", { outbox: "slack" })).toBeUndefined();
      // The counters are read while the gauges still wait on the database, so the failures show from the next scrape.
      const next = await scrape(orphanServer.port);
      expect(sampleValue(next, "maestro_errors_total", { kind: "metrics.collect.failed", level: "warn" })).toBe(2);
    } finally {
      await orphanServer.close();
    }
  });

  it("has a registry per app: another app's counts never show here", async () => {
    const other = createMetrics({ db: db.knex, logger: silentLogger });
    other.logger.info({ outcome: "failed" }, "agent.turn.end");
    expect(sampleValue(await scrape(), "maestro_agent_turns_total", { outcome: "failed" })).toBe(0);
    expect(
      sampleValue(parsePrometheusText(await other.series.registry.metrics()), "maestro_agent_turns_total", { outcome: "failed" }),
    ).toBe(1);
  });

  it("names METRICS_PORT when its port is taken", async () => {
    await expect(metrics.serve(server.port, "127.0.0.1")).rejects.toThrow(/METRICS_PORT: port \d+ is already in use/);
  });

  it("serves only GET /metrics", async () => {
    const base = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/slack/events`, { method: "POST", body: "{}" })).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: "POST", body: "" })).status).toBe(404);
    expect((await fetch(`${base}/metrics?name[]=x`)).status).toBe(200);
  });
});
