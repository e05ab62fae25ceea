// The Slack surface end to end through the fake transport: DMs, refusals, retries, slash verbs, cards.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertIntake } from "../testing/fixtures/intakes.ts";
import { insertStaff, insertUser } from "../testing/fixtures/people.ts";
import { callTools, reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createSlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { ACTIONS } from "./ids.ts";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
  await insertStaff(db.knex, "Bea Boss", "U0BEA");
  await insertUser(db.knex, { name: "Mo Member", roles: ["MEMBER"], slackUserId: "U0MO" });
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw(
    "truncate conversations, agent_runs, conversation_messages, pending_actions, model_usage, conversation_inbox, slack_event_receipts, rate_limit_counters, intake_requests, intake_status_history, audit_log, feed_events restart identity cascade",
  );
});

describe("direct messages", () => {
  it("acks, runs a turn and replies in the DM", async () => {
    await insertIntake(db.knex, { name: "Dana Reyes" });
    const model = new ScriptedModel([callTools([{ name: "get_intake_queue", input: {} }]), reply("One new intake: *Dana Reyes*.")]);
    const { fake } = createSlackHarness(db, { model });
    const sent = await fake.dm("U0SAM", "What's in my intake queue?");
    expect(sent.acked).toBe(true);
    await fake.settle();
    // Answered in the thread under the message, streamed (threaded-sessions.test.ts has the status and tool steps).
    expect(fake.callsOf("chat.postMessage")).toHaveLength(0);
    expect(fake.callsOf("chat.startStream")[0]!.args).toMatchObject({ channel: "D0U0SAM", thread_ts: sent.ts });
    expect(fake.replyTexts().join("\n")).toMatch(/One new intake: \W*Dana Reyes\W*\./);
    expect(fake.callsOf("reactions.add")).toHaveLength(1);
    expect(fake.callsOf("reactions.remove")).toHaveLength(1);
  });

  it("refuses a non-staff user politely, with no model call and no write", async () => {
    const model = new ScriptedModel([]);
    const { fake } = createSlackHarness(db, { model });
    await fake.dm("U0MO", "approve my request please");
    await fake.dm("U0STRANGER", "hello?");
    await fake.settle();
    expect(model.requests).toHaveLength(0);
    const byChannel = Object.fromEntries(fake.callsOf("chat.postMessage").map((c) => [c.args.channel, String(c.args.text)]));
    expect(byChannel.D0U0MO).toMatch(/only for studio staff.*MEMBER/s);
    expect(byChannel.D0U0STRANGER).toMatch(/isn't linked to a staff member/);
    expect(await db.knex("agent_runs")).toHaveLength(0);
  });

  it("answers an event delivered four times once", async () => {
    const model = new ScriptedModel([reply("Hello once.")]);
    const { fake } = createSlackHarness(db, { model });
    const first = await fake.dm("U0SAM", "hi", { eventId: "EvSAME", clientMsgId: "cm-same" });
    for (let retry = 1; retry <= 3; retry++) await fake.dm("U0SAM", "hi", { eventId: "EvSAME", clientMsgId: "cm-same", retryNum: retry });
    expect(first.acked).toBe(true);
    await fake.settle();
    expect(model.requests).toHaveLength(1);
    expect(fake.callsOf("chat.startStream")).toHaveLength(1);
  });

  it("holds the rate limit with a clear message, counted in PostgreSQL", async () => {
    const model = new ScriptedModel([]);
    const { fake } = createSlackHarness(db, { model, rateLimitPerMinute: 3 });
    const acks = [];
    for (let i = 0; i < 4; i++) {
      acks.push(await fake.command("U0SAM", "help"));
      await fake.settle();
    }
    await fake.dm("U0SAM", "and a question");
    await fake.settle();
    // Acked empty and at once, the refused one too: every answer goes through response_url.
    expect(acks.map((a) => [a.acked, a.response])).toEqual(Array(4).fill([true, undefined]));
    const answers = fake.callsOf("respond").map((c) => JSON.stringify(c.args));
    expect(answers.slice(0, 3)).toEqual(Array(3).fill(expect.stringContaining("Maestro commands")));
    expect(answers[3]).toMatch(/faster than I can take them \(over 3 a minute\)/);
    expect(String(fake.callsOf("chat.postMessage")[0]!.args.text)).toMatch(/faster than I can take them/);
    expect(model.requests).toHaveLength(0);
    expect(await db.knex("rate_limit_counters").first()).toMatchObject({ key: "user:U0SAM", count: 5 });
  });
});

describe("/maestro", () => {
  it("answers a verb ephemerally through response_url with the tool's numbers", async () => {
    await insertIntake(db.knex, { name: "Dana Reyes", status: "NEW" });
    await insertIntake(db.knex, { name: "Lee Park", status: "QUALIFIED" });
    const { fake } = createSlackHarness(db, { model: null });
    const ack = await fake.command("U0SAM", "queue");
    expect(ack.acked).toBe(true);
    await fake.settle();
    const [response] = fake.callsOf("respond");
    expect(response!.args).toMatchObject({ response_type: "ephemeral" });
    expect((response!.args.blocks as unknown[])[0]).toMatchObject({
      type: "header",
      text: { text: "Intake queue · 1 NEW · 0 TRIAGED · 1 QUALIFIED · 0 BOOKED" },
    });
    expect(JSON.stringify(response!.args.blocks)).toContain("Dana Reyes");
    expect(JSON.stringify(response!.args.blocks)).toContain("Lee Park");
  });

  it("gives usage help for an unknown verb and bad arguments", async () => {
    const { fake } = createSlackHarness(db, { model: null });
    for (const text of ["quee", "queue SOMEDAY"]) {
      await fake.command("U0SAM", text);
      await fake.settle();
    }
    const [unknown, bad] = fake.callsOf("respond").map((c) => JSON.stringify(c.args));
    expect(unknown).toMatch(/There is no `quee` command\. Did you mean `queue`\?/);
    expect(unknown).not.toMatch(/Usage: `\/maestro help` — or/);
    expect(bad).toMatch(/status must be one of/);
  });
});

describe("confirmation cards", () => {
  it("posts a card, executes once on Confirm, updates the card and resumes the run in the thread", async () => {
    const intake = await insertIntake(db.knex, { name: "Lee Park", status: "TRIAGED" });
    const model = new ScriptedModel([
      callTools(
        [{ name: "update_intake_status", input: { intake_id: intake.id, new_status: "REJECTED", note: "Not a fit" } }],
        "Rejecting Lee needs your OK.",
      ),
      reply("Done — Lee Park is rejected."),
    ]);
    const { fake } = createSlackHarness(db, { model });
    await fake.dm("U0SAM", "Reject Lee Park, not a fit");
    await fake.settle();
    const confirm = fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.confirm));
    expect(confirm).toBeDefined();
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "TRIAGED" });
    const card = fake.callsOf("chat.postMessage").find((c) => JSON.stringify(c.args.blocks).includes(ACTIONS.confirm))!;
    const where = { channel: String(card.response!.channel), ts: String(card.response!.ts) };

    await fake.click("U0BEA", { action_id: confirm!.action_id, value: confirm!.value }, where);
    await fake.click("U0BEA", { action_id: confirm!.action_id, value: confirm!.value }, where); // a double click
    await fake.settle();
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "REJECTED" });
    expect(await db.knex("audit_log").where({ action: "intake.status_update" })).toHaveLength(1);
    const updates = fake.callsOf("chat.update").filter((c) => c.args.ts === where.ts);
    expect(JSON.stringify(updates.at(-1)!.args)).toMatch(/Bea Boss/);
    expect(JSON.stringify(updates.at(-1)!.args.blocks)).not.toContain(ACTIONS.confirm);
    const replies = fake.callsOf("chat.postMessage").map((c) => JSON.stringify(c.args));
    expect(replies.some((r) => r.includes("Done — Lee Park is rejected."))).toBe(true);
    expect(model.requests).toHaveLength(2);
  });

  it("refuses a click by a non-staff user and keeps the card", async () => {
    const intake = await insertIntake(db.knex, { status: "TRIAGED" });
    const model = new ScriptedModel([
      callTools([{ name: "update_intake_status", input: { intake_id: intake.id, new_status: "REJECTED" } }]),
    ]);
    const { fake } = createSlackHarness(db, { model });
    await fake.dm("U0SAM", "reject it");
    await fake.settle();
    const confirm = fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.confirm))!;
    const card = fake.callsOf("chat.postMessage").find((c) => JSON.stringify(c.args.blocks).includes(ACTIONS.confirm))!;
    await fake.click(
      "U0MO",
      { action_id: confirm.action_id, value: confirm.value },
      { channel: String(card.response!.channel), ts: String(card.response!.ts) },
    );
    await fake.settle();
    expect(await db.knex("pending_actions").first()).toMatchObject({ status: "pending" });
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "TRIAGED" });
    expect(fake.callsOf("chat.update")).toHaveLength(0);
  });
});
