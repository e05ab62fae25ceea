// Deadlines seen from Slack: a hung reactions.add never holds up the turn (and its failure is logged), the Web API
// client gives up on a hung call after its bounded tries, and a model that hangs gets the person a "still working"
// note and then a clear failure in their thread — the real app, Slack and the model replaced only at the wire.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnthropicModel } from "../agent/anthropic-model.ts";
import { loadConfig } from "../config.ts";
import { createLogger } from "../logger.ts";
import { startMaestro } from "../main.ts";
import { FakeSlack } from "../testing/fake-slack.ts";
import { insertStaff } from "../testing/fixtures/people.ts";
import { serveModelWire } from "../testing/model-wire.ts";
import { reply, ScriptedModel } from "../testing/scripted-model.ts";
import { postSignedToSlackEvents, serveFakeSlackApi } from "../testing/slack-api-server.ts";
import { createSlackHarness, testConfig } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
});
afterAll(() => db?.drop());

const never = () => new Promise<Record<string, unknown>>(() => {});

describe("the ⏳ reaction", () => {
  it("is not waited for: the turn answers while reactions.add hangs, and the ⏳ comes off once the add lands", async () => {
    let land!: () => void;
    const landing = new Promise<void>((resolve) => (land = resolve));
    const harness = createSlackHarness(db, { model: new ScriptedModel([reply("Answered anyway.")]), rateLimitPerMinute: 1000 });
    const { fake } = harness;
    fake.respondTo("reactions.add", () => landing.then(() => ({ ok: true })));
    await fake.dm("U0SAM", "queue?");
    await expect.poll(() => JSON.stringify(fake.posted()), { timeout: 10_000 }).toContain("Answered anyway.");
    // Answered with the add still unanswered, and nothing removed before it lands.
    expect(fake.callsOf("reactions.add")[0]!.response).toBeUndefined();
    expect(fake.callsOf("reactions.remove")).toHaveLength(0);
    land();
    await fake.settle();
    expect(fake.calls.map((c) => c.method).filter((m) => m.startsWith("reactions."))).toEqual(["reactions.add", "reactions.remove"]);
  });

  it("over HTTP: a reactions.add that never answers is given up at the client's deadline, not retried, and logged; the reply went out first", async () => {
    const lines: { msg?: string; method?: string; time: number; err?: { message: string } }[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    const fake = new FakeSlack();
    fake.respondTo("reactions.add", never, never);
    const api = await serveFakeSlackApi(fake);
    const secret = "test-signing-secret-0123456789";
    const config = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: api.url,
      SLACK_BOT_USER_ID: "U0MAESTROBOT",
      SLACK_BOT_ID: "B0MAESTRO",
      ANTHROPIC_API_KEY: "test-key",
      // Short, yet long enough that the calls Slack does answer are not cut on a busy machine (they would be retried).
      MAESTRO_SLACK_TIMEOUT_MS: "1000",
    });
    const logger = createLogger({ level: "warn", format: "json", destination: sink });
    const model = new ScriptedModel([reply("Answered over HTTP.")]);
    const maestro = await startMaestro({ ...config, port: 0 }, { logger, database: db, model, schedule: false });
    try {
      const dm = { type: "message", channel_type: "im", channel: "D0SAM", user: "U0SAM", text: "hello", ts: "1700000009.000100" };
      const body = JSON.stringify({ type: "event_callback", team_id: "T0MAESTRO", api_app_id: "A0MAESTRO", event_id: "EvHUNG", event: dm });
      expect((await postSignedToSlackEvents(`http://127.0.0.1:${maestro.port}`, secret, body, "application/json")).status).toBe(200);
      const failed = () => lines.find((l) => l.msg === "slack.reaction.failed");
      await expect.poll(failed, { timeout: 20_000 }).toMatchObject({ method: "reactions.add" });
      // The reply was posted before the add gave up; the add was tried once (the client retries nothing); no ⏳ to remove.
      const [answer] = fake.posted(/Answered over HTTP\./);
      expect(answer, "the reply, streamed in the DM's thread").toBeDefined();
      expect(answer!.at).toBeLessThan(failed()!.time);
      expect(failed()).toMatchObject({ err: { message: expect.stringMatching(/timeout/) } });
      expect(fake.callsOf("reactions.add").length).toBeLessThanOrEqual(1);
      expect(fake.callsOf("reactions.remove")).toHaveLength(0);
    } finally {
      await maestro.stop();
      await api.close();
    }
  });
});

describe("a model that hangs, seen in Slack", () => {
  it("before its headers: a 'still working' note in the thread, then the failure; the ⏳ comes off and the run ends failed", async () => {
    const hang = { hang: "before-headers" } as const;
    const wire = await serveModelWire([hang, hang, hang]);
    try {
      const config = testConfig({
        MAESTRO_MODEL_IDLE_TIMEOUT_MS: "200",
        MAESTRO_MODEL_TIMEOUT_MS: "5000",
        MAESTRO_PROGRESS_NOTICE_MS: "100",
      });
      const model = createAnthropicModel({ apiKey: "sk-ant-test-000", baseURL: wire.url });
      const { fake } = createSlackHarness(db, { model, config, rateLimitPerMinute: 1000 });
      await fake.dm("U0SAM", "queue?");
      await fake.settle();
      const said = fake.calls.filter((c) => c.method === "chat.postMessage" || c.method.startsWith("reactions."));
      expect(said.map((c) => [c.method, String(c.args.text ?? "").slice(0, 40)])).toEqual([
        ["reactions.add", ""],
        ["chat.postMessage", "Still working on it: the model is slow t"],
        ["chat.postMessage", "The model service stopped answering, so "],
        ["reactions.remove", ""],
      ]);
      // The note goes where the answer goes.
      expect([said[1]!.args.channel, said[1]!.args.thread_ts]).toEqual([said[2]!.args.channel, said[2]!.args.thread_ts]);
      expect(wire.requests).toHaveLength(3);
      const [run] = await db.knex("agent_runs").orderBy("started_at", "desc").limit(1);
      expect(run).toMatchObject({ status: "failed" });
    } finally {
      await wire.close();
    }
  });
});
