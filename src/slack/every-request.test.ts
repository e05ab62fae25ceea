// Every request type in Slack's reference, signed and sent over HTTP as Slack sends it, gets a 2xx well inside Slack's
// 3 s, handled or not: the Events API's outer types (url_verification, event_callback, app_rate_limited), events Maestro
// handles and events it does not, every interaction payload type (block_actions, block_suggestion, view_submission,
// view_closed, shortcut, message_action, interactive_message, dialog_*, workflow_step_edit), slash commands and
// ssl_check. And tokens_revoked / app_uninstalled stop posting until the token works again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSlackTokenState } from "../domain/diagnostics/slack-token-check.ts";
import { tokenRevocation } from "../domain/outbox/slack-token-store.ts";
import { systemClock } from "../domain/clock.ts";
import { silentLogger } from "../logger.ts";
import { startMaestro, type Maestro } from "../main.ts";
import { checkReadiness } from "../readiness.ts";
import { FakeSlack, slackError } from "../testing/fake-slack.ts";
import { insertStaff } from "../testing/fixtures/people.ts";
import { httpModeConfig, serveFakeSlackApi, slackSignature } from "../testing/slack-api-server.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";

const SECRET = "test-signing-secret-every-request";
let db: TestDatabase;
let maestro: Maestro;
let api: Awaited<ReturnType<typeof serveFakeSlackApi>>;
const fake = new FakeSlack();

beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
  api = await serveFakeSlackApi(fake);
  const config = httpModeConfig(api.url, SECRET);
  maestro = await startMaestro({ ...config, port: 0 }, { logger: silentLogger, database: db, model: null, schedule: false });
});
afterAll(async () => {
  await maestro?.stop();
  await api?.close();
  await db?.drop();
});

async function post(body: string, contentType: string): Promise<{ status: number; ms: number; text: string }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${maestro.port}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": await slackSignature(SECRET, timestamp, body),
    },
    body,
  });
  return { status: response.status, ms: performance.now() - started, text: await response.text() };
}

let counter = 0;
const json = (body: Record<string, unknown>) => post(JSON.stringify(body), "application/json");
const form = (fields: Record<string, string>) => post(new URLSearchParams(fields).toString(), "application/x-www-form-urlencoded");
const interaction = (payload: Record<string, unknown>) => form({ payload: JSON.stringify(payload) });
const callback = (event: Record<string, unknown>) =>
  json({
    token: "unused",
    team_id: "T0MAESTRO",
    api_app_id: "A0MAESTRO",
    type: "event_callback",
    event_id: `EvEVERY${++counter}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "T0MAESTRO", user_id: "U0MAESTROBOT", is_bot: true }],
    event,
  });
const who = { team: { id: "T0MAESTRO", domain: "studio" }, user: { id: "U0SAM", username: "sam", team_id: "T0MAESTRO" } };
const common = { ...who, api_app_id: "A0MAESTRO", token: "unused", trigger_id: "1.2.3" };
const foreignView = (type: string) => ({
  id: "V0OTHER",
  type,
  callback_id: "someone_elses_modal",
  private_metadata: "",
  state: { values: {} },
});

/** Slack's reference, one request per type: each must get a 2xx. */
const REQUESTS: Record<string, () => ReturnType<typeof post>> = {
  // Events API, outer types
  url_verification: () => json({ token: "unused", challenge: "challenge-123", type: "url_verification" }),
  app_rate_limited: () =>
    json({ token: "unused", type: "app_rate_limited", team_id: "T0MAESTRO", minute_rate_limited: 1_700_000_000, api_app_id: "A0MAESTRO" }),
  // events Maestro handles
  "event message.im": () =>
    callback({ type: "message", channel_type: "im", channel: "D0SAM", user: "U0SAM", text: "hello", ts: "1700000001.000100" }),
  "event app_mention": () =>
    callback({ type: "app_mention", channel: "C0X", user: "U0SAM", text: "<@U0MAESTROBOT> hi", ts: "1700000001.000200" }),
  "event app_home_opened": () =>
    callback({ type: "app_home_opened", user: "U0SAM", channel: "D0SAM", tab: "home", event_ts: "1700000001.1" }),
  "event agent_session_stopped": () =>
    callback({
      type: "agent_session_stopped",
      channel: "D0SAM",
      thread_ts: "1700000000.1",
      user: "U0SAM",
      streaming_message_ts: [],
      event_ts: "1.2",
    }),
  // events Maestro does not handle
  "event reaction_added": () =>
    callback({
      type: "reaction_added",
      user: "U0SAM",
      reaction: "thumbsup",
      item: { type: "message", channel: "C0X", ts: "1.1" },
      event_ts: "1.3",
    }),
  "event member_joined_channel": () =>
    callback({ type: "member_joined_channel", user: "U0SAM", channel: "C0X", team: "T0MAESTRO", event_ts: "1.4" }),
  "event assistant_thread_started": () =>
    callback({
      type: "assistant_thread_started",
      assistant_thread: { user_id: "U0SAM", channel_id: "D0SAM", thread_ts: "1.5" },
      event_ts: "1.5",
    }),
  "event message subtype": () =>
    callback({
      type: "message",
      subtype: "message_changed",
      channel_type: "im",
      channel: "D0SAM",
      hidden: true,
      ts: "1.6",
      event_ts: "1.6",
    }),
  "event team_join": () => callback({ type: "team_join", user: { id: "U0NEW", name: "new" }, event_ts: "1.7" }),
  "event grid_migration_started": () => callback({ type: "grid_migration_started", enterprise_id: "E0X", event_ts: "1.8" }),
  // interactivity
  "block_actions (not ours)": () =>
    interaction({
      type: "block_actions",
      ...common,
      container: { type: "message", message_ts: "1.1", channel_id: "C0X" },
      channel: { id: "C0X", name: "x" },
      response_url: `${api.url.replace("/api/", "")}/respond/every`,
      actions: [{ type: "button", action_id: "someone.else", block_id: "b", value: "v", action_ts: "1.1" }],
    }),
  block_suggestion: () => interaction({ type: "block_suggestion", ...common, action_id: "someone.else", block_id: "b", value: "da" }),
  "view_submission (not ours)": () => interaction({ type: "view_submission", ...common, view: foreignView("modal") }),
  "view_closed (not ours)": () => interaction({ type: "view_closed", ...common, view: foreignView("modal"), is_cleared: false }),
  "shortcut (global)": () => interaction({ type: "shortcut", ...common, callback_id: "someone_elses_shortcut", action_ts: "1.1" }),
  "message_action (message shortcut)": () =>
    interaction({
      type: "message_action",
      ...common,
      callback_id: "someone_elses_message_shortcut",
      channel: { id: "C0X", name: "x" },
      message: { type: "message", text: "hi", ts: "1.1", user: "U0SAM" },
      message_ts: "1.1",
      response_url: `${api.url.replace("/api/", "")}/respond/every`,
    }),
  interactive_message: () =>
    interaction({
      type: "interactive_message",
      ...common,
      callback_id: "legacy",
      actions: [{ name: "a", type: "button", value: "v" }],
      channel: { id: "C0X" },
    }),
  dialog_submission: () =>
    interaction({ type: "dialog_submission", ...common, callback_id: "legacy_dialog", submission: {}, channel: { id: "C0X" } }),
  dialog_cancellation: () => interaction({ type: "dialog_cancellation", ...common, callback_id: "legacy_dialog", channel: { id: "C0X" } }),
  dialog_suggestion: () => interaction({ type: "dialog_suggestion", ...common, callback_id: "legacy_dialog", name: "field", value: "x" }),
  workflow_step_edit: () =>
    interaction({
      type: "workflow_step_edit",
      ...common,
      callback_id: "legacy_step",
      workflow_step: { workflow_step_edit_id: "1", workflow_id: "W", step_id: "S" },
    }),
  // slash commands
  "command /maestro": () =>
    form({
      command: "/maestro",
      text: "help",
      user_id: "U0SAM",
      channel_id: "D0SAM",
      team_id: "T0MAESTRO",
      response_url: `${api.url.replace("/api/", "")}/respond/every`,
      trigger_id: "t1",
    }),
  "command not ours": () =>
    form({
      command: "/other",
      text: "x",
      user_id: "U0SAM",
      channel_id: "D0SAM",
      team_id: "T0MAESTRO",
      response_url: "https://x",
      trigger_id: "t",
    }),
  ssl_check: () => form({ ssl_check: "1", token: "unused" }),
};

describe("every request type Slack sends", () => {
  it.each(Object.keys(REQUESTS))("%s gets a 2xx within Slack's 3 seconds", async (name) => {
    const response = await REQUESTS[name]!();
    expect(response.status, `${name}: ${response.text}`).toBeGreaterThanOrEqual(200);
    expect(response.status, `${name}: ${response.text}`).toBeLessThan(300);
    expect(response.ms).toBeLessThan(3_000);
  });

  it("answers url_verification with its challenge", async () => {
    expect((await REQUESTS.url_verification!()).text).toContain("challenge-123");
  });
});

describe("a revoked bot token", () => {
  it("is recorded, said in the health check and /readyz, skipped by the posting jobs, and cleared when the token works again", async () => {
    const ctx = { db: db.knex, clock: systemClock, config: maestro.config, engine: db.engine };
    expect((await checkSlackTokenState(ctx)).status).toBe("pass");
    await callback({ type: "tokens_revoked", tokens: { oauth: ["U0SAM"], bot: [] }, event_ts: "2.1" });
    expect(await tokenRevocation(db.knex)).toBeUndefined(); // only a person's token: not Maestro's
    expect((await callback({ type: "tokens_revoked", tokens: { bot: ["U0MAESTROBOT"] }, event_ts: "2.2" })).status).toBe(200);
    await expect.poll(() => tokenRevocation(db.knex), { timeout: 5_000 }).toMatchObject({ reason: "tokens_revoked" });
    await callback({ type: "app_uninstalled", event_ts: "2.3" }); // a second notice keeps the first
    expect(await tokenRevocation(db.knex)).toMatchObject({ reason: "tokens_revoked" });
    expect(await checkSlackTokenState(ctx)).toMatchObject({ status: "fail", detail: expect.stringMatching(/posts nothing to Slack/) });
    expect((await checkReadiness(db.knex)).detail).toMatch(/Slack revoked the bot token \(tokens_revoked/);

    const jobs = maestro.scheduler.jobs;
    const drain = jobs.find((j) => j.name === "outbox.slack")!;
    await db.knex("slack_outbox").insert({ channel: "C0OPS", text: "queued while revoked", status: "QUEUED", created_at: new Date() });
    const posts = fake.callsOf("chat.postMessage").length;
    await drain.run({ scheduledAt: new Date() });
    expect(fake.callsOf("chat.postMessage")).toHaveLength(posts);
    expect(await db.knex("slack_outbox").first()).toMatchObject({ status: "QUEUED" });

    const check = jobs.find((j) => j.name === "slack.token-check")!;
    fake.respondTo("auth.test", slackError("token_revoked"));
    await check.run({ scheduledAt: new Date() });
    expect(await tokenRevocation(db.knex)).toMatchObject({ checked_at: expect.any(Date) });
    await check.run({ scheduledAt: new Date() }); // the fake answers auth.test ok now: the token works again
    expect(await tokenRevocation(db.knex)).toBeUndefined();
    await drain.run({ scheduledAt: new Date() });
    expect(await db.knex("slack_outbox").first()).toMatchObject({ status: "SENT" });
  });

  it("is noticed from a post refused for a dead token too (a missed notice): the message waits, posting stops", async () => {
    await db.knex("slack_outbox").insert({ channel: "C0OPS", text: "refused for the token", status: "QUEUED", created_at: new Date() });
    fake.respondTo("chat.postMessage", slackError("invalid_auth"));
    await maestro.scheduler.jobs.find((j) => j.name === "outbox.slack")!.run({ scheduledAt: new Date() });
    expect(await tokenRevocation(db.knex)).toMatchObject({ reason: "invalid_auth" });
    expect(await db.knex("slack_outbox").where({ text: "refused for the token" }).first()).toMatchObject({ status: "QUEUED" });
    await db.knex("slack_token_revocations").delete();
  });
});
