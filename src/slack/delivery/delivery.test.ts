// Slack refusing a delivery, through the real app over the fake transport: each error ends with the person told (in
// place, simpler, or by DM with a note saying where it was meant to go), nothing lost, and the degradation logged.
import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../logger.ts";
import { insertIntake } from "../../testing/fixtures/intakes.ts";
import { insertStaff } from "../../testing/fixtures/people.ts";
import { slackError, slackRateLimited } from "../../testing/fake-slack.ts";
import { callTools, reply, ScriptedModel } from "../../testing/scripted-model.ts";
import { createSlackHarness } from "../../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database.ts";
import { ACTIONS } from "../ids.ts";
import { DM_UNREACHABLE } from "../listeners/commands/maestro-command.ts";

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

/** The app as production wires it, with its log lines kept for the test to read. */
function harness(model: ScriptedModel) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const h = createSlackHarness(db, { model, logger: createLogger({ level: "info", format: "json", destination }) });
  const logged = (msg: string) => lines.filter((l) => l.msg === msg);
  return { ...h, logged };
}

const ANSWER = "Your queue has *one* new intake.";
/** The DM's threaded reply would stream: these tests refuse the stream so that the reply is posted (the path under test). */
const refuseStream = (fake: ReturnType<typeof harness>["fake"]) => fake.respondAlways("chat.startStream", slackError("msg_too_long"));

const postsIn = (fake: ReturnType<typeof harness>["fake"], channel: string) =>
  fake.callsOf("chat.postMessage").filter((c) => c.args.channel === channel && c.response?.ok);

describe("a reply Slack refuses as written", () => {
  it.each(["msg_too_long", "invalid_blocks"])("on %s is posted again as plain text in the same place, and logged", async (code) => {
    const { fake, logged } = harness(new ScriptedModel([reply(ANSWER)]));
    refuseStream(fake).respondTo("chat.postMessage", slackError(code));
    await fake.dm("U0SAM", "what's new?");
    await fake.settle();
    const delivered = postsIn(fake, "D0U0SAM");
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.args.blocks).toBeUndefined();
    expect(String(delivered[0]!.args.text)).toContain("Your queue has *one* new intake.");
    expect(logged("slack.delivery.refused_content")[0]).toMatchObject({ code, what: "reply" });
    expect(logged("slack.delivery.simplified")[0]).toMatchObject({ form: "text", channel: "D0U0SAM" });
  });
});

describe("a rate-limited reply", () => {
  it("waits as long as Retry-After says, then posts in place", async () => {
    const { fake, logged } = harness(new ScriptedModel([reply(ANSWER)]));
    refuseStream(fake).respondTo("chat.postMessage", slackRateLimited(1));
    await fake.dm("U0SAM", "what's new?");
    await fake.settle();
    const [refused, delivered] = fake.callsOf("chat.postMessage");
    expect(delivered!.at - refused!.at).toBeGreaterThanOrEqual(990);
    expect(delivered!.args).toMatchObject({ channel: "D0U0SAM" });
    expect(JSON.stringify(delivered!.args.blocks)).toContain("one");
    expect(logged("slack.delivery.rate_limited")[0]).toMatchObject({ retryAfterMs: 1000 });
  });

  it("gives up on a channel that asks for longer than the bound, and answers by DM with where it was meant to go", async () => {
    const { fake, logged } = harness(new ScriptedModel([reply(ANSWER)]));
    fake.respondAlways("chat.startStream", slackRateLimited(120), (args) => args.channel === "C0BUSY");
    fake.respondAlways("chat.postMessage", slackRateLimited(120), (args) => args.channel === "C0BUSY");
    await fake.mention("U0SAM", "what's new?", { channel: "C0BUSY" });
    await fake.settle();
    const [note, answer] = postsIn(fake, "D0U0SAM");
    expect(String(note!.args.text)).toMatch(/couldn't post in the thread in <#C0BUSY> \(Slack said `ratelimited`\)/);
    expect(JSON.stringify(answer!.args.blocks)).toContain("one");
    expect(logged("slack.delivery.rerouted")[0]).toMatchObject({ what: "reply", channel: "C0BUSY", code: "ratelimited", to: "D0U0SAM" });
  });
});

describe("a channel that refuses the bot", () => {
  it.each(["channel_not_found", "not_in_channel", "is_archived"])("on %s: the asker gets the answer by DM with a note", async (code) => {
    const { fake, logged } = harness(new ScriptedModel([reply(ANSWER)]));
    for (const method of ["chat.startStream", "chat.postMessage"])
      fake.respondAlways(method, slackError(code), (args) => args.channel === "C0GONE");
    await fake.mention("U0SAM", "what's new?", { channel: "C0GONE" });
    await fake.settle();
    const [note, answer] = postsIn(fake, "D0U0SAM");
    expect(String(note!.args.text)).toContain(`couldn't post in the thread in <#C0GONE> (Slack said \`${code}\`)`);
    expect(answer!.args.thread_ts).toBeUndefined();
    expect(JSON.stringify(answer!.args.blocks)).toContain("one");
    expect(logged("slack.delivery.rerouted")[0]).toMatchObject({ what: "reply", channel: "C0GONE", code });
    expect(logged("slack.delivery.lost")).toHaveLength(0);
  });

  it("when the channel keeps failing (HTTP 503, tried twice), the asker gets the answer by DM", async () => {
    const { fake, logged } = harness(new ScriptedModel([reply(ANSWER)]));
    for (const method of ["chat.startStream", "chat.postMessage"])
      fake.respondAlways(method, { __status: 503, ok: false }, (args) => args.channel === "C0DOWN");
    await fake.mention("U0SAM", "what's new?", { channel: "C0DOWN" });
    await fake.settle();
    const [note, answer] = postsIn(fake, "D0U0SAM");
    expect(String(note!.args.text)).toContain("(Slack said `http_503`)");
    expect(JSON.stringify(answer!.args.blocks)).toContain("one");
    expect(logged("slack.delivery.rerouted")[0]).toMatchObject({ channel: "C0DOWN", code: "http_503" });
    expect(fake.callsOf("chat.postMessage").filter((c) => c.args.channel === "C0DOWN")).toHaveLength(2);
  });

  it("logs the answer as lost when the DM itself refuses (there is nowhere else)", async () => {
    const { fake, logged } = harness(new ScriptedModel([reply(ANSWER)]));
    refuseStream(fake).respondAlways("chat.postMessage", slackError("channel_not_found"));
    await fake.dm("U0SAM", "what's new?");
    await fake.settle();
    expect(postsIn(fake, "D0U0SAM")).toHaveLength(0);
    expect(logged("slack.delivery.lost")[0]).toMatchObject({ what: "reply", channel: "D0U0SAM", code: "channel_not_found" });
  });
});

describe("a /maestro question whose DM cannot be opened", () => {
  it("is answered where it was typed with why, instead of dropped", async () => {
    const model = new ScriptedModel([reply(ANSWER)]);
    const { fake, logged } = harness(model);
    fake.respondAlways("conversations.open", slackError("cannot_dm_bot"));
    await fake.command("U0SAM", "what is waiting for me today?");
    await fake.settle();
    expect(fake.callsOf("respond").map((c) => String(c.args.text))).toEqual([expect.stringMatching(/On it/), DM_UNREACHABLE]);
    expect(model.requests).toHaveLength(0);
    expect(logged("slack.delivery.lost")[0]).toMatchObject({ what: "notice" });
  });
});

/** A run that holds a rejection for a click, in a mention thread of `channel`. */
async function heldRejection(h: ReturnType<typeof harness>, channel: string) {
  const intake = await insertIntake(db.knex, { name: "Lee Park", status: "TRIAGED" });
  h.fake.respondAlways("chat.startStream", slackError("not_in_channel"), (args) => args.channel === channel);
  await h.fake.mention("U0SAM", "Reject Lee Park, not a fit", { channel });
  await h.fake.settle();
  return intake;
}

function rejectModel(intakeId: number) {
  return new ScriptedModel([
    callTools(
      [{ name: "update_intake_status", input: { intake_id: intakeId, new_status: "REJECTED", note: "Not a fit" } }],
      "Needs your OK.",
    ),
    reply("Done — Lee Park is rejected."),
  ]);
}

describe("a confirmation card Slack refuses", () => {
  it("is posted as a simpler card with the same buttons on invalid_blocks, and a click on it decides", async () => {
    const intake = await insertIntake(db.knex, { name: "Lee Park", status: "TRIAGED" });
    const h = harness(rejectModel(intake.id));
    h.fake.respondAlways("chat.postMessage", slackError("invalid_blocks"), (args) =>
      JSON.stringify(args.blocks ?? "").includes('"header"'),
    );
    await h.fake.dm("U0SAM", "Reject Lee Park, not a fit");
    await h.fake.settle();
    const card = postsIn(h.fake, "D0U0SAM").find((c) => JSON.stringify(c.args.blocks ?? "").includes(ACTIONS.confirm))!;
    expect(card).toBeDefined();
    expect(h.logged("slack.delivery.simplified")[0]).toMatchObject({ what: "card", form: "simpler" });
    const confirm = h.fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.confirm) && b.ts === card.response!.ts)!;
    await h.fake.click("U0BEA", confirm, { channel: "D0U0SAM", ts: String(card.response!.ts) });
    await h.fake.settle();
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "REJECTED" });
  });

  it("goes to the asker's DM when the channel refuses it, and the DM card is the one a click decides", async () => {
    const intake = await insertIntake(db.knex, { name: "Lee Park", status: "TRIAGED" });
    const h = harness(rejectModel(intake.id));
    h.fake.respondAlways("chat.postMessage", slackError("not_in_channel"), (args) => args.channel === "C0GONE");
    await heldRejection(h, "C0GONE");
    const card = postsIn(h.fake, "D0U0SAM").find((c) => JSON.stringify(c.args.blocks ?? "").includes(ACTIONS.confirm))!;
    expect(card).toBeDefined();
    const row = await db.knex("pending_actions").first();
    expect(row).toMatchObject({ status: "pending", slack_channel_id: "D0U0SAM", slack_message_ts: card.response!.ts });
    expect(h.logged("slack.delivery.rerouted").map((l) => l.what)).toEqual(expect.arrayContaining(["card"]));
    const confirm = h.fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.confirm) && b.ts === card.response!.ts)!;
    await h.fake.click("U0SAM", confirm, { channel: "D0U0SAM", ts: String(card.response!.ts) });
    await h.fake.settle();
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "REJECTED" });
  });
});
