// A threaded session over signed HTTP, as Slack delivers it: a top-level DM answered in its thread, streamed, with the
// status set and cleared and a task update per tool; a follow-up in the thread continues it; Stop ends a turn and the
// message queued behind it is answered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../logger.ts";
import { startMaestro, type Maestro } from "../main.ts";
import { FakeSlack } from "../testing/fake-slack.ts";
import { insertIntake } from "../testing/fixtures/intakes.ts";
import { insertStaff } from "../testing/fixtures/people.ts";
import { callTools, hangsUntilAborted, reply, ScriptedModel } from "../testing/scripted-model.ts";
import { httpModeConfig, postSignedToSlackEvents, serveFakeSlackApi, slashCommandBody } from "../testing/slack-api-server.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";

const SECRET = "test-signing-secret-session-0123";
let db: TestDatabase;
let maestro: Maestro;
let api: Awaited<ReturnType<typeof serveFakeSlackApi>>;
const fake = new FakeSlack();
const model = new ScriptedModel();

beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
  await insertIntake(db.knex, { name: "Dana Reyes", status: "NEW" });
  api = await serveFakeSlackApi(fake);
  const config = httpModeConfig(api.url, SECRET, { ANTHROPIC_API_KEY: "test-key" });
  maestro = await startMaestro({ ...config, port: 0 }, { logger: silentLogger, database: db, model, schedule: false });
});
afterAll(async () => {
  await maestro?.stop();
  await api?.close();
  await db?.drop();
});

const postSigned = (body: string, contentType = "application/json") =>
  postSignedToSlackEvents(`http://127.0.0.1:${maestro.port}`, SECRET, body, contentType);

let eventNumber = 0;
/** A DM from Sam as Slack sends it: top level, or in the thread under `threadTs`. */
async function dm(text: string, ts: string, threadTs?: string): Promise<void> {
  eventNumber += 1;
  const body = JSON.stringify({
    type: "event_callback",
    team_id: "T0MAESTRO",
    api_app_id: "A0MAESTRO",
    event_id: `EvSESSION${eventNumber}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: "message",
      channel_type: "im",
      channel: "D0SAM",
      user: "U0SAM",
      text,
      ts,
      client_msg_id: `cm-session-${eventNumber}`,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    },
  });
  expect((await postSigned(body)).status).toBe(200);
}

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; replies: ${JSON.stringify(fake.replyTexts())}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const replied = (text: string) => fake.replyTexts().some((t) => t.includes(text));

describe("a threaded session over signed HTTP", () => {
  it("answers a top-level DM in its thread, streamed, with status set and cleared and a task update per tool", async () => {
    model.push(
      callTools([{ name: "get_intake_queue", input: {} }], "Let me check."),
      callTools([{ name: "list_bookings", input: {} }]),
      reply("One new intake (Dana Reyes) and no bookings."),
    );
    const top = "1790000001.000100";
    await dm("what's new?", top);
    await until(() => replied("One new intake (Dana Reyes)"), "the answer");
    await until(() => fake.statuses(top).at(-1) === "", "the status to clear");

    const started = fake.callsOf("chat.startStream");
    expect(started).toHaveLength(1);
    expect(started[0]!.args).toMatchObject({ channel: "D0SAM", thread_ts: top });
    expect(fake.callsOf("chat.postMessage").filter((c) => JSON.stringify(c.args).includes("One new intake"))).toHaveLength(0);

    const statuses = fake.statuses(top);
    expect(statuses.filter((s) => s !== "").length).toBeGreaterThanOrEqual(1);
    expect(statuses.at(-1)).toBe("");

    const tasks = fake.taskUpdates();
    const finalStatus = new Map(tasks.map((t) => [t.id, t.status]));
    expect(finalStatus.size).toBe(2);
    expect([...finalStatus.values()]).toEqual(["complete", "complete"]);
    expect(tasks.some((t) => t.status === "in_progress")).toBe(true);
  });

  it("continues the session from a follow-up in the thread, and a new top-level DM starts fresh", async () => {
    model.push(reply("Dana is still NEW."), reply("Hello again."));
    const top = "1790000001.000100";
    await dm("and Dana?", "1790000002.000100", top);
    await until(() => replied("Dana is still NEW."), "the follow-up's answer");
    const followUp = JSON.stringify(model.requests.at(-1)!.messages);
    expect(followUp).toContain("what's new?");
    expect(followUp).toContain("One new intake (Dana Reyes)");

    await dm("hi", "1790000003.000100");
    await until(() => replied("Hello again."), "the new session's answer");
    const fresh = JSON.stringify(model.requests.at(-1)!.messages);
    expect(fresh).not.toContain("what's new?");
    expect(fake.callsOf("chat.startStream").at(-1)!.args).toMatchObject({ thread_ts: "1790000003.000100" });
  });

  it("stops a running turn on /maestro stop, says so, and answers the message queued behind it", async () => {
    model.push(hangsUntilAborted(), reply("Queued question answered."));
    const top = "1790000004.000100";
    const asked = model.requests.length;
    await dm("count everything, slowly", top);
    await until(() => model.requests.length === asked + 1, "the hanging model call");
    await dm("and one more thing", "1790000005.000100", top);

    const body = slashCommandBody("stop", api.url.replace("/api/", ""), "stop-1");
    expect((await postSigned(body, "application/x-www-form-urlencoded")).status).toBe(200);

    await until(() => model.aborts.length === 1, "the model call's abort");
    await until(() => replied("Queued question answered."), "the queued message's answer");
    const said = [...fake.replyTexts(), ...fake.callsOf("respond").map((c) => JSON.stringify(c.args))].join("\n");
    expect(said).toMatch(/Stopped/);
    expect(await db.knex("conversations").whereNotNull("busy_run_id")).toHaveLength(0);
    expect(JSON.stringify(model.requests.at(-1)!.messages)).toContain("and one more thing");
  });
});
