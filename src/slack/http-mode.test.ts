// The bot in HTTP mode as Slack reaches it: signed requests on /slack/events, probes, retries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../logger.ts";
import { startMaestro, type Maestro } from "../main.ts";
import { FakeSlack } from "../testing/fake-slack.ts";
import { insertStaff } from "../testing/fixtures/people.ts";
import { reply, ScriptedModel } from "../testing/scripted-model.ts";
import { httpModeConfig, serveFakeSlackApi, slashCommandBody, slackSignature } from "../testing/slack-api-server.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";

const SECRET = "test-signing-secret-0123456789";
let db: TestDatabase;
let maestro: Maestro;
let api: Awaited<ReturnType<typeof serveFakeSlackApi>>;
const fake = new FakeSlack();
const model = new ScriptedModel([reply("Hello from Maestro.")]);

beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
  api = await serveFakeSlackApi(fake);
  const config = httpModeConfig(api.url, SECRET, { ANTHROPIC_API_KEY: "test-key" });
  maestro = await startMaestro({ ...config, port: 0 }, { logger: silentLogger, database: db, model, schedule: false });
});
afterAll(async () => {
  await maestro?.stop();
  await api?.close();
  await db?.drop();
});

const url = (path: string) => `http://127.0.0.1:${maestro.port}${path}`;

async function postSigned(body: string, options: { contentType?: string; secret?: string; ageSeconds?: number; retryNum?: number } = {}) {
  const timestamp = Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0);
  return fetch(url("/slack/events"), {
    method: "POST",
    headers: {
      "content-type": options.contentType ?? "application/json",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": await slackSignature(options.secret ?? SECRET, timestamp, body),
      ...(options.retryNum ? { "x-slack-retry-num": String(options.retryNum), "x-slack-retry-reason": "http_timeout" } : {}),
    },
    body,
  });
}

const dmEvent = (eventId: string) =>
  JSON.stringify({
    type: "event_callback",
    team_id: "T0MAESTRO",
    api_app_id: "A0MAESTRO",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: "message",
      channel_type: "im",
      channel: "D0SAM",
      user: "U0SAM",
      text: "hello",
      ts: "1700000001.000100",
      client_msg_id: `cm-${eventId}`,
    },
  });

describe("HTTP mode", () => {
  it("answers the probes", async () => {
    expect((await fetch(url("/healthz"))).status).toBe(200);
    const ready = await fetch(url("/readyz"));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true });
  });

  it("rejects a bad signature and a stale timestamp with 401", async () => {
    expect((await postSigned(dmEvent("EvBAD1"), { secret: "wrong-secret" })).status).toBe(401);
    expect((await postSigned(dmEvent("EvOLD1"), { ageSeconds: 6 * 60 })).status).toBe(401);
    expect(model.requests).toHaveLength(0);
  });

  it("replies once to an event delivered four times", async () => {
    const responses = [await postSigned(dmEvent("EvFOUR"))];
    for (let retry = 1; retry <= 3; retry++) responses.push(await postSigned(dmEvent("EvFOUR"), { retryNum: retry }));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    // The answer goes in the DM's thread, streamed: one message, however it was delivered.
    const answers = () => fake.replyTexts().filter((text) => text.includes("Hello from Maestro.")).length;
    await expect.poll(answers, { timeout: 10_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(answers()).toBe(1);
    expect(model.requests).toHaveLength(1);
  });

  it("acks a signed slash command at once and answers through response_url", async () => {
    const body = slashCommandBody("help", api.url.replace("/api/", ""), "1");
    const answered = fake.callsOf("respond").length;
    const response = await postSigned(body, { contentType: "application/x-www-form-urlencoded" });
    expect(response.status).toBe(200);
    // The ack is empty: it is sent before any lookup, and the help follows through response_url.
    expect(await response.text()).toBe("");
    const deadline = Date.now() + 5_000;
    while (fake.callsOf("respond").length === answered && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const [help] = fake.callsOf("respond").slice(answered);
    expect(help!.args.response_url).toMatch(/\/respond\/1$/);
    expect(JSON.stringify(help!.args)).toContain("Maestro commands");
  });
});

describe("shutdown", () => {
  it("stops taking work but lets a running turn finish and reply", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = new ScriptedModel([reply("Finished before shutdown.")]);
    const local = new FakeSlack();
    const localApi = await serveFakeSlackApi(local);
    const config = httpModeConfig(localApi.url, SECRET, { ANTHROPIC_API_KEY: "test-key" });
    const held = {
      createMessage: async (...args: Parameters<ScriptedModel["createMessage"]>) => (await gate, slow.createMessage(...args)),
    };
    const instance = await startMaestro({ ...config, port: 0 }, { logger: silentLogger, database: db, model: held, schedule: false });
    const base = `http://127.0.0.1:${instance.port}`;
    const body = dmEvent("EvSHUTDOWN");
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(`${base}/slack/events`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": await slackSignature(SECRET, timestamp, body),
      },
      body,
    });
    expect(response.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    const stopping = instance.stop();
    await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(`${base}/healthz`)).rejects.toThrow(); // no longer listening
    release();
    await stopping;
    expect(local.replyTexts().join("\n")).toContain("Finished before shutdown.");
    await localApi.close();
  });
});
