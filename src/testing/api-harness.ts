// The bot started in HTTP mode on a real loopback port, over the fake Slack's Web API, for tests of the studio API:
// requests go through real fetch to the real server, exactly as a studio's website would send them.
import { loadConfig, type Config } from "../config.ts";
import { systemActor } from "../domain/actor.ts";
import { createApiKey } from "../domain/api-keys/api-key-service.ts";
import { silentLogger, type Logger } from "../logger.ts";
import { startMaestro, type Maestro } from "../main.ts";
import { FakeSlack } from "./fake-slack.ts";
import type { ScriptedModel } from "./scripted-model.ts";
import { postSignedToSlackEvents, serveFakeSlackApi, slashCommandBody } from "./slack-api-server.ts";
import type { TestDatabase } from "./test-database.ts";

export const SIGNING_SECRET = "test-signing-secret-0123456789";

export interface ApiHarness {
  maestro: Maestro;
  fake: FakeSlack;
  base: string;
  /** A new key created as `maestro api-key create` does; returns the secret. */
  createKey(name: string): Promise<{ id: string; secret: string }>;
  /** A request to the studio API; `body` is sent as JSON unless it is a string. */
  request(
    method: string,
    path: string,
    options?: { key?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }>;
  /** `/maestro <text>` as a signed slash command from U0SAM; resolves with what Maestro answered through response_url. */
  slash(text: string): Promise<string>;
  stop(): Promise<void>;
}

let respondId = 0;

export async function startApiHarness(
  db: TestDatabase,
  options: { env?: Record<string, string>; model?: ScriptedModel; config?: (config: Config) => Config; logger?: Logger } = {},
): Promise<ApiHarness> {
  const fake = new FakeSlack();
  const slackApi = await serveFakeSlackApi(fake);
  const loaded = loadConfig({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slackApi.url,
    SLACK_BOT_USER_ID: "U0MAESTROBOT",
    SLACK_BOT_ID: "B0MAESTRO",
    ...options.env,
  });
  const config = options.config ? options.config({ ...loaded, port: 0 }) : { ...loaded, port: 0 };
  const maestro = await startMaestro(config, {
    logger: options.logger ?? silentLogger,
    database: db,
    model: options.model ?? null,
    schedule: false,
  });
  const base = `http://127.0.0.1:${maestro.port}`;
  return {
    maestro,
    fake,
    base,
    async createKey(name) {
      const created = await createApiKey({ db: db.knex, clock: maestro.clock }, systemActor("cli"), { name });
      return { id: created.key.id, secret: created.secret };
    },
    async request(method, path, { key, body, headers = {} } = {}) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    async slash(text) {
      respondId += 1;
      const id = `api-${respondId}`;
      const before = fake.callsOf("respond").length;
      const response = await postSignedToSlackEvents(base, SIGNING_SECRET, slashCommandBody(text, slackApi.url.replace("/api/", ""), id));
      if (response.status !== 200) throw new Error(`slash command answered ${response.status}`);
      const deadline = Date.now() + 10_000;
      for (;;) {
        const answer = fake
          .callsOf("respond")
          .slice(before)
          .find((c) => String(c.args.response_url).endsWith(`/respond/${id}`));
        if (answer) return JSON.stringify(answer.args);
        if (Date.now() > deadline) throw new Error(`no answer to /maestro ${text}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      await maestro.stop();
      await slackApi.close();
    },
  };
}
