// The bot in Socket Mode as Slack reaches it: apps.connections.open through SLACK_API_URL, a WebSocket that says
// hello, envelopes acked by id over the socket, answers through the Web API and response_url; probes on PORT.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import { loadConfig } from "../config.ts";
import { silentLogger } from "../logger.ts";
import { startMaestro, type Maestro } from "../main.ts";
import { FakeSlack } from "../testing/fake-slack.ts";
import { insertStaff } from "../testing/fixtures/people.ts";
import { reply, ScriptedModel } from "../testing/scripted-model.ts";
import { serveFakeSlackApi } from "../testing/slack-api-server.ts";
import { freePort } from "../testing/free-port.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";

let db: TestDatabase;
let maestro: Maestro;
let api: Awaited<ReturnType<typeof serveFakeSlackApi>>;
let sockets: WebSocketServer;
let port: number;
const fake = new FakeSlack();
const model = new ScriptedModel([reply("Hello over the socket.")]);
/** What the bot sent back over the WebSocket (acks), as parsed JSON. */
const received: Record<string, unknown>[] = [];
let connection: WebSocket | undefined;
let connections = 0;

async function until<T>(what: string, find: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
  sockets = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => sockets.once("listening", resolve));
  sockets.on("connection", (socket) => {
    connections += 1;
    connection = socket;
    socket.on("message", (data) => received.push(JSON.parse(String(data)) as Record<string, unknown>));
    socket.send(
      JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A0MAESTRO" }, debug_info: { host: "fake" } }),
    );
  });
  const wsUrl = `ws://127.0.0.1:${(sockets.address() as net.AddressInfo).port}/link/?ticket=t`;
  // Every (re)connection asks for a fresh URL, as Slack's are single-use.
  fake.respondTo("apps.connections.open", ...Array.from({ length: 5 }, () => ({ ok: true, url: wsUrl })));
  api = await serveFakeSlackApi(fake);
  port = await freePort();
  const config = loadConfig({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_APP_TOKEN: "xapp-test-token",
    SLACK_API_URL: api.url,
    SLACK_BOT_USER_ID: "U0MAESTROBOT",
    SLACK_BOT_ID: "B0MAESTRO",
    ANTHROPIC_API_KEY: "test-key",
    PORT: String(port),
  });
  maestro = await startMaestro(config, { logger: silentLogger, database: db, model, schedule: false });
}, 30_000);
afterAll(async () => {
  await maestro?.stop();
  await new Promise<void>((resolve) => sockets?.close(() => resolve()));
  await api?.close();
  await db?.drop();
});

const send = (envelope: Record<string, unknown>) => connection!.send(JSON.stringify(envelope));
const ackOf = (envelopeId: string) => until(`the ack of ${envelopeId}`, () => received.find((m) => m.envelope_id === envelopeId));

describe("Socket Mode", () => {
  it("opens the connection through SLACK_API_URL and serves the probes on PORT", async () => {
    const open = fake.callsOf("apps.connections.open");
    expect(open).toHaveLength(1);
    expect(connections).toBe(1);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
  });

  it("serves the studio API on PORT too: its document, and a 401 problem without a key", async () => {
    const doc = await fetch(`http://127.0.0.1:${port}/api/v1/openapi.json`);
    expect(doc.status).toBe(200);
    expect(((await doc.json()) as { openapi: string }).openapi).toBe("3.1.0");
    const refused = await fetch(`http://127.0.0.1:${port}/api/v1/intakes`, { method: "POST", body: "{}" });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
  });

  it("acks a DM's envelope over the socket and replies in the DM's thread", async () => {
    send({
      envelope_id: "env-dm-1",
      type: "events_api",
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: "",
      payload: {
        type: "event_callback",
        team_id: "T0MAESTRO",
        api_app_id: "A0MAESTRO",
        event_id: "EvSOCKET1",
        event_time: Math.floor(Date.now() / 1000),
        event: {
          type: "message",
          channel_type: "im",
          channel: "D0SAM",
          user: "U0SAM",
          text: "hello?",
          ts: "1700000000.000100",
          client_msg_id: "cm-socket-1",
        },
      },
    });
    expect((await ackOf("env-dm-1")).payload ?? {}).toEqual({});
    await until("the reply", () => fake.replyTexts().find((text) => text.includes("Hello over the socket.")));
    expect(fake.callsOf("chat.startStream")[0]!.args).toMatchObject({ channel: "D0SAM", thread_ts: "1700000000.000100" });
    expect(model.requests).toHaveLength(1);
  });

  it("acks a slash command at once, with nothing in the ack, and answers through its response_url", async () => {
    const responseUrl = `${api.url.replace(/\/api\/$/, "")}/commands/socket/1`;
    send({
      envelope_id: "env-cmd-1",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: {
        command: "/maestro",
        text: "help",
        user_id: "U0SAM",
        channel_id: "D0SAM",
        team_id: "T0MAESTRO",
        response_url: responseUrl,
        trigger_id: "t-socket",
      },
    });
    const ack = await ackOf("env-cmd-1");
    expect(ack.payload ?? {}).toEqual({});
    const answer = await until("the help", () =>
      fake.callsOf("respond").find((c) => c.args.response_url === `http://slack.test/commands/socket/1`),
    );
    expect(JSON.stringify(answer.args)).toContain("Maestro commands");
  });
});
