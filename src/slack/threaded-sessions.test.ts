// Threaded sessions through the fake transport: a top-level DM is answered in its own thread, streamed, with the thread's
// status set and cleared, a task update per tool call and a title; a follow-up in the thread continues it; DMs a person
// sends with a subtype (a file, a broadcast, a /me) are answered, edits and bots are not; conversations from before the
// upgrade (the DM's top level) keep working.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertIntake } from "../testing/fixtures/intakes.ts";
import { insertStaff } from "../testing/fixtures/people.ts";
import { callTools, reply, ScriptedModel } from "../testing/scripted-model.ts";
import { slackHangs } from "../testing/fake-slack.ts";
import { createSlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { FILES_NOTE } from "./listeners/events/direct-message.ts";
import { THINKING_STATUS, WAITING_STATUS } from "./delivery/thread-status.ts";
import { slackResponder } from "./delivery/slack-responder.ts";
import { ACTIONS } from "./ids.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
  await insertStaff(db.knex, "Bea Boss", "U0BEA");
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw(
    "truncate conversations, agent_runs, conversation_messages, pending_actions, model_usage, conversation_inbox, slack_event_receipts, rate_limit_counters, intake_requests, intake_status_history, audit_log, feed_events restart identity cascade",
  );
});

const harness = (model: ScriptedModel) => createSlackHarness(db, { model, rateLimitPerMinute: 10_000 });
const json = (value: unknown) => JSON.stringify(value);

describe("a top-level DM", () => {
  it("is answered in its own thread: streamed, status set then cleared, a task update per tool, a title", async () => {
    await insertIntake(db.knex, { name: "Dana Reyes" });
    const model = new ScriptedModel([
      callTools([
        { name: "get_intake_queue", input: {} },
        { name: "get_funnel_stats", input: {} },
      ]),
      reply("One new intake: **Dana Reyes**."),
    ]);
    const { fake } = harness(model);
    const { ts } = await fake.dm("U0SAM", "What's in my intake queue?\nAnd the funnel?");
    await fake.settle();

    const [start] = fake.callsOf("chat.startStream");
    expect(start!.args).toMatchObject({ channel: "D0U0SAM", thread_ts: ts, task_display_mode: "timeline" });
    expect(fake.callsOf("chat.stopStream")).toHaveLength(1);
    expect(json(fake.posted())).toContain("Dana Reyes");
    expect(fake.callsOf("chat.postMessage"), "nothing at the DM's top level").toEqual([]);

    const statuses = fake.statuses(ts);
    expect(statuses[0]).toBe(THINKING_STATUS);
    expect(statuses).toContain("Checking the intake queue…");
    expect(statuses).toContain("Counting the funnel…");
    expect(statuses.at(-1), "cleared when the answer landed").toBe("");
    expect(fake.callsOf("assistant.threads.setStatus")[0]!.args.loading_messages).toEqual(expect.arrayContaining(["Thinking it over…"]));

    const tasks = fake.taskUpdates();
    expect(tasks.map((t) => [t.title, t.status])).toEqual([
      ["Checking the intake queue", "in_progress"],
      ["Checking the intake queue", "complete"],
      ["Counting the funnel", "in_progress"],
      ["Counting the funnel", "complete"],
    ]);
    expect(tasks[1]!.output).toMatch(/^1 /);
    expect(json(tasks)).not.toContain("get_intake_queue");

    const titles = fake.callsOf("assistant.threads.setTitle");
    expect(titles).toHaveLength(1);
    expect(titles[0]!.args).toMatchObject({ channel_id: "D0U0SAM", thread_ts: ts, title: "What's in my intake queue?" });
    expect(await db.knex("conversations").select("thread_ts")).toEqual([{ thread_ts: ts }]);
  });

  it("continues its session when the person replies in the thread; a new top-level DM starts another, carrying nothing", async () => {
    const model = new ScriptedModel([reply("There are 3."), reply("Yes, still 3."), reply("Fresh start.")]);
    const { fake } = harness(model);
    const first = await fake.dm("U0SAM", "How many intakes are new?");
    await fake.settle();
    await fake.dm("U0SAM", "Are you sure?", { threadTs: first.ts });
    await fake.settle();
    expect(json(model.requests[1]!.messages)).toContain("How many intakes are new?");
    expect(fake.callsOf("chat.startStream").map((c) => c.args.thread_ts)).toEqual([first.ts, first.ts]);
    expect(fake.callsOf("assistant.threads.setTitle"), "titled once, by its first question").toHaveLength(1);

    const second = await fake.dm("U0SAM", "Something else");
    await fake.settle();
    expect(json(model.requests[2]!.messages)).not.toContain("How many intakes are new?");
    expect(fake.callsOf("chat.startStream").at(-1)!.args.thread_ts).toBe(second.ts);
    expect(await db.knex("conversations").count({ n: "*" }).first()).toMatchObject({ n: 2 });
  });

  it("shows a held call as waiting on the card, and says so in the status", async () => {
    const intake = await insertIntake(db.knex, { name: "Lee Park", status: "TRIAGED" });
    const model = new ScriptedModel([
      callTools([{ name: "update_intake_status", input: { intake_id: intake.id, new_status: "REJECTED" } }]),
      reply("Done — Lee Park is rejected."),
    ]);
    const { fake } = harness(model);
    const { ts } = await fake.dm("U0SAM", "Reject Lee Park");
    await fake.settle();
    expect(fake.taskUpdates().at(-1)).toMatchObject({ title: "Updating the intake's status", status: "pending" });
    expect(fake.taskUpdates().at(-1)!.output).toMatch(/^Needs your confirmation: /);
    expect(fake.statuses(ts).at(-1)).toBe(WAITING_STATUS);
    const card = fake.callsOf("chat.postMessage").find((c) => json(c.args.blocks).includes(ACTIONS.confirm))!;
    expect(card.args.thread_ts, "the card is in the session's thread").toBe(ts);
  });
});

describe("the thread's status", () => {
  it("never holds up the turn: answered while a setStatus call hangs", async () => {
    const model = new ScriptedModel([reply("Answered anyway.")]);
    const { fake } = harness(model);
    fake.respondTo("assistant.threads.setStatus", slackHangs());
    await fake.dm("U0SAM", "queue?");
    await expect.poll(() => json(fake.posted()), { timeout: 10_000 }).toContain("Answered anyway.");
    expect(fake.callsOf("assistant.threads.setStatus")[0]!.response, "the first status is still on its way").toBeUndefined();
    fake.releaseHung();
    await fake.settle();
    expect(fake.statuses().at(-1), "the clear still comes, after it").toBe("");
  });
});

describe("DMs with a subtype", () => {
  const dmEvent = (fields: Record<string, unknown>) => {
    const ts = `1764000000.${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
    return { type: "message", channel: "D0U0SAM", channel_type: "im", user: "U0SAM", ts, event_ts: ts, ...fields };
  };

  it("answers the text of a file share and says files can't be read; a file alone gets the note only", async () => {
    const model = new ScriptedModel([reply("Here is the queue.")]);
    const { fake } = harness(model);
    const file = { id: "F0FILE", name: "leads.csv", mimetype: "text/csv", filetype: "csv", url_private: "https://files.slack.test/F0FILE" };
    const withText = dmEvent({ subtype: "file_share", text: "what's in the queue?", files: [file], upload: false, display_as_bot: false });
    expect((await fake.event(withText)).acked).toBe(true);
    await fake.settle();
    expect(model.requests).toHaveLength(1);
    expect(json(model.requests[0]!.messages)).toContain("what's in the queue?");
    expect(json(model.requests[0]!.messages)).not.toContain("F0FILE");
    const note = fake.callsOf("chat.postMessage").find((c) => String(c.args.text) === FILES_NOTE);
    expect(note?.args.thread_ts).toBe(withText.ts);

    await fake.event(dmEvent({ subtype: "file_share", text: "", files: [file], upload: false }));
    await fake.settle();
    expect(model.requests).toHaveLength(1);
    expect(fake.callsOf("chat.postMessage").filter((c) => String(c.args.text) === FILES_NOTE)).toHaveLength(2);
  });

  it("answers a thread broadcast in its thread and a /me message", async () => {
    const model = new ScriptedModel([reply("Broadcast answered."), reply("Me answered.")]);
    const { fake } = harness(model);
    const root = "1764000000.000001";
    await fake.event(dmEvent({ subtype: "thread_broadcast", text: "and the bookings?", thread_ts: root, root: { ts: root } }));
    await fake.event(dmEvent({ subtype: "me_message", text: "wonders what is new" }));
    await fake.settle();
    expect(model.requests).toHaveLength(2);
    expect(fake.callsOf("chat.startStream").map((c) => c.args.thread_ts)).toContain(root);
  });

  it("ignores edits, deletions and bot messages", async () => {
    const model = new ScriptedModel([]);
    const { fake } = harness(model);
    const edited = { type: "message", user: "U0SAM", text: "edited text", ts: "1764000000.000002" };
    await fake.event(dmEvent({ subtype: "message_changed", hidden: true, message: edited, previous_message: { ...edited, text: "old" } }));
    await fake.event(dmEvent({ subtype: "message_deleted", hidden: true, deleted_ts: "1764000000.000002", user: undefined }));
    await fake.event(dmEvent({ subtype: "bot_message", bot_id: "B0OTHER", text: "beep", user: undefined }));
    await fake.event(dmEvent({ bot_id: "B0OTHER", text: "a bot's plain message" }));
    await fake.settle();
    expect(model.requests).toHaveLength(0);
    expect(fake.posted()).toEqual([]);
  });
});

describe("after the upgrade", () => {
  it("a conversation at the DM's top level (from before threads) keeps working: its card resumes the run there", async () => {
    const intake = await insertIntake(db.knex, { name: "Lee Park", status: "TRIAGED" });
    const model = new ScriptedModel([
      callTools([{ name: "update_intake_status", input: { intake_id: intake.id, new_status: "REJECTED" } }]),
      reply("A new thread."),
      reply("Done — Lee Park is rejected."),
    ]);
    const maestro = harness(model);
    const { fake } = maestro;
    // What the previous version did with a top-level DM: the DM's top level was the conversation (threadTs "").
    const oldKey = { teamId: fake.teamId, channelId: "D0U0SAM", threadTs: "" };
    const sam = await db.knex("users").where({ slack_user_id: "U0SAM" }).first();
    await maestro.agent.answer(
      {
        conversation: oldKey,
        user: { id: sam.id, name: sam.name, roles: ["STAFF"], slackUserId: "U0SAM" },
        text: "Reject Lee",
        trigger: "dm",
        origin: { channel: "D0U0SAM", threadTs: null, messageTs: "1700000000.000001", slackUserId: "U0SAM", teamId: fake.teamId },
      },
      slackResponder(maestro.surface, maestro.app.client),
    );
    await fake.settle();
    const card = fake.callsOf("chat.postMessage").find((c) => json(c.args.blocks).includes(ACTIONS.confirm))!;
    expect(card.args.thread_ts).toBeUndefined();

    // After the upgrade: a new top-level DM starts its own session; the old card still resumes the old one at the top level.
    const fresh = await fake.dm("U0SAM", "Anything else?");
    await fake.settle();
    expect(json(model.requests.at(-1)!.messages)).not.toContain("Reject Lee");
    const confirm = fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.confirm))!;
    await fake.click(
      "U0BEA",
      { action_id: confirm.action_id, value: confirm.value },
      { channel: "D0U0SAM", ts: String(card.response!.ts) },
    );
    await fake.settle();
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "REJECTED" });
    const done = fake.callsOf("chat.postMessage").find((c) => json(c.args).includes("Lee Park is rejected"));
    expect(done, "the resumed run answers where its conversation lives").toBeDefined();
    expect(done!.args.thread_ts).toBeUndefined();
    expect(fake.callsOf("chat.startStream").map((c) => c.args.thread_ts)).toEqual([fresh.ts]);
  });
});
