// GET /metrics on the real app: a DM turn with a tool call and a slash command move the series with the right labels;
// the endpoint has a port of its own (never the Slack server's), and without METRICS_PORT there is none.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../config.ts";
import { silentLogger } from "../logger.ts";
import { startMaestro } from "../main.ts";
import { FakeSlack } from "../testing/fake-slack.ts";
import { insertStaff } from "../testing/fixtures/people.ts";
import { parsePrometheusText, sampleValue, type Sample } from "../testing/prometheus-text.ts";
import { callTools, reply, ScriptedModel } from "../testing/scripted-model.ts";
import { postSignedToSlackEvents, serveFakeSlackApi, slashCommandBody } from "../testing/slack-api-server.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "../testing/test-database.ts";

const SECRET = "test-signing-secret-0123456789";
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
});
afterAll(async () => {
  await db?.drop();
});

async function scrape(port: number): Promise<Sample[]> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(200);
  return parsePrometheusText(await response.text());
}

describe(`GET /metrics on the running app (${testEngine()})`, () => {
  it("counts a DM turn with a tool call and a slash command: acks, the turn, the tool, tokens and cost", async () => {
    const fake = new FakeSlack();
    const model = new ScriptedModel([callTools([{ name: "get_intake_queue", input: {} }]), reply("The queue is empty.")]);
    const config: Config = { ...loadConfig({ ANTHROPIC_API_KEY: "test-key" }), metrics: { port: 0 } };
    const maestro = await startMaestro(config, {
      logger: silentLogger,
      database: db,
      model,
      schedule: false,
      transport: { kind: "custom", receiver: fake, fetch: fake.fetch },
    });
    try {
      expect(maestro.metricsPort).toBeGreaterThan(0);
      const before = await scrape(maestro.metricsPort!);
      expect(sampleValue(before, "maestro_agent_turns_total", { outcome: "reply" })).toBe(0);
      expect(sampleValue(before, "maestro_slack_ack_seconds_count", { kind: "event" })).toBeUndefined();

      expect((await fake.dm("U0SAM", "What's in the intake queue?")).acked).toBe(true);
      expect((await fake.command("U0SAM", "help")).acked).toBe(true);
      await fake.settle();
      expect(model.requests).toHaveLength(2);

      const after = await scrape(maestro.metricsPort!);
      expect(sampleValue(after, "maestro_slack_ack_seconds_count", { kind: "event" })).toBe(1);
      expect(sampleValue(after, "maestro_slack_ack_seconds_count", { kind: "command" })).toBe(1);
      expect(sampleValue(after, "maestro_slack_ack_seconds_bucket", { kind: "command", le: "+Inf" })).toBe(1);
      expect(sampleValue(after, "maestro_agent_turns_total", { outcome: "reply" })).toBe(1);
      expect(sampleValue(after, "maestro_tool_calls_total", { tool: "get_intake_queue", effect: "read", result: "ok" })).toBe(1);
      // Tokens and dollars match what the agent recorded per call in model_usage (pricing.ts, both).
      const usage = await db
        .knex("model_usage")
        .first(
          db.knex.raw("sum(input_tokens)::int as input"),
          db.knex.raw("sum(output_tokens)::int as output"),
          db.knex.raw("sum(cost_usd)::float as cost"),
        );
      expect(usage.input).toBeGreaterThan(0);
      expect(sampleValue(after, "maestro_model_tokens_total", { kind: "input" })).toBe(usage.input);
      expect(sampleValue(after, "maestro_model_tokens_total", { kind: "output" })).toBe(usage.output);
      expect(sampleValue(after, "maestro_model_tokens_total", { kind: "cache_read" })).toBe(0);
      expect(sampleValue(after, "maestro_model_cost_dollars_total")).toBeCloseTo(usage.cost, 9);
      expect(sampleValue(after, "maestro_pending_actions", { state: "pending" })).toBe(0);
      expect(sampleValue(after, "maestro_outbox_depth", { outbox: "slack" })).toBe(0);
      // A healthy turn and command log no error.
      expect(after.filter((s) => s.name === "maestro_errors_total" && s.labels.level === "error")).toEqual([]);
    } finally {
      await maestro.stop();
    }
  });

  describe("in HTTP mode", () => {
    let api: Awaited<ReturnType<typeof serveFakeSlackApi>>;
    const fake = new FakeSlack();
    const httpConfig = (): Config => ({
      ...loadConfig({
        SLACK_BOT_TOKEN: "xoxb-test-token",
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: api.url,
        SLACK_BOT_USER_ID: "U0MAESTROBOT",
        SLACK_BOT_ID: "B0MAESTRO",
      }),
      port: 0,
    });
    beforeAll(async () => {
      api = await serveFakeSlackApi(fake);
    });
    afterAll(async () => {
      await api?.close();
    });

    async function signedCommand(port: number) {
      const body = slashCommandBody("help", api.url.replace("/api/", ""), "1");
      return postSignedToSlackEvents(`http://127.0.0.1:${port}`, SECRET, body);
    }

    it("serves /metrics on its own port, never through the Slack server, and times acks of signed requests", async () => {
      const maestro = await startMaestro(
        { ...httpConfig(), metrics: { port: 0 } },
        { logger: silentLogger, database: db, schedule: false },
      );
      try {
        expect(maestro.metricsPort).not.toBe(maestro.port);
        for (const path of ["/metrics", "/slack/events/../metrics", "/slack/metrics"]) {
          expect((await fetch(`http://127.0.0.1:${maestro.port}${path}`)).status, path).toBe(404);
        }
        expect((await fetch(`http://127.0.0.1:${maestro.port}/healthz`)).status).toBe(200);
        expect((await signedCommand(maestro.port!)).status).toBe(200);
        // The ack is timed once it has been written, which the client may see a moment before.
        const acks = async () => sampleValue(await scrape(maestro.metricsPort!), "maestro_slack_ack_seconds_count", { kind: "command" });
        const deadline = Date.now() + 5_000;
        while ((await acks()) === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
        expect(await acks()).toBe(1);
        // The metrics server serves metrics only: not the probes, not Slack's endpoint.
        expect((await fetch(`http://127.0.0.1:${maestro.metricsPort}/healthz`)).status).toBe(404);
        expect((await fetch(`http://127.0.0.1:${maestro.metricsPort}/slack/events`, { method: "POST", body: "{}" })).status).toBe(404);
      } finally {
        await maestro.stop();
      }
      // Stopped: the metrics port is closed too.
      await expect(fetch(`http://127.0.0.1:${maestro.metricsPort}/metrics`)).rejects.toThrow();
    });

    it("has no /metrics anywhere without METRICS_PORT", async () => {
      const maestro = await startMaestro(httpConfig(), { logger: silentLogger, database: db, schedule: false });
      try {
        expect(maestro.metrics).toBeUndefined();
        expect(maestro.metricsPort).toBeUndefined();
        expect((await fetch(`http://127.0.0.1:${maestro.port}/metrics`)).status).toBe(404);
      } finally {
        await maestro.stop();
      }
    });
  });
});

describe("METRICS_PORT", () => {
  it("is off unless set, and must differ from PORT", () => {
    expect(loadConfig({}).metrics.port).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: "9464" }).metrics.port).toBe(9464);
    expect(() => loadConfig({ METRICS_PORT: "3000" })).toThrow(/METRICS_PORT: must differ from PORT/);
    expect(() => loadConfig({ METRICS_PORT: "9464", PORT: "9464" })).toThrow(/METRICS_PORT: must differ from PORT/);
    expect(() => loadConfig({ METRICS_PORT: "0x50" })).toThrow(/METRICS_PORT: must be a TCP port number/);
  });
});
