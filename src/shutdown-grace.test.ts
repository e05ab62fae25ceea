// MAESTRO_SHUTDOWN_GRACE_MS bounds how long shutdown waits for a running turn, so it fits the platform's grace period.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";
import { silentLogger } from "./logger.ts";
import { startMaestro } from "./main.ts";
import { FakeSlack } from "./testing/fake-slack.ts";
import { insertStaff } from "./testing/fixtures/people.ts";
import { serveFakeSlackApi, slackSignature } from "./testing/slack-api-server.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "./testing/test-database.ts";

const SECRET = "test-signing-secret-0123456789";
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
});
afterAll(async () => {
  await db?.drop();
});

describe(`shutdown grace (${testEngine()})`, () => {
  it("stops after MAESTRO_SHUTDOWN_GRACE_MS even when a turn is still waiting on the model", async () => {
    const fake = new FakeSlack();
    const api = await serveFakeSlackApi(fake);
    let modelCalled!: () => void;
    const called = new Promise<void>((resolve) => (modelCalled = resolve));
    // A model that never answers: the turn can only end by shutdown's deadline.
    const hung = { createMessage: () => (modelCalled(), new Promise<never>(() => {})) };
    const config = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: api.url,
      SLACK_BOT_USER_ID: "U0MAESTROBOT",
      SLACK_BOT_ID: "B0MAESTRO",
      ANTHROPIC_API_KEY: "test-key",
      MAESTRO_SHUTDOWN_GRACE_MS: "400",
    });
    const maestro = await startMaestro({ ...config, port: 0 }, { logger: silentLogger, database: db, model: hung, schedule: false });
    try {
      const body = JSON.stringify({
        type: "event_callback",
        team_id: "T0MAESTRO",
        api_app_id: "A0MAESTRO",
        event_id: "EvGRACE1",
        event_time: Math.floor(Date.now() / 1000),
        event: { type: "message", channel_type: "im", channel: "D0SAM", user: "U0SAM", text: "hello", ts: "1700000002.000100" },
      });
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(`http://127.0.0.1:${maestro.port}/slack/events`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-slack-request-timestamp": String(timestamp),
          "x-slack-signature": await slackSignature(SECRET, timestamp, body),
        },
        body,
      });
      expect(response.status).toBe(200);
      await called;
      const started = performance.now();
      await maestro.stop();
      const elapsed = performance.now() - started;
      // It waited for the turn (the grace), but not the 20 s default.
      expect(elapsed).toBeGreaterThanOrEqual(390);
      expect(elapsed).toBeLessThan(4_000);
    } finally {
      await maestro.stop();
      await api.close();
    }
  });
});
