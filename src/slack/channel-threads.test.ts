// Channel threads: once Maestro answers an @-mention in a thread, a staff reply there continues the session without a new
// mention; replies elsewhere, top-level channel messages, non-staff replies and replies that mention Maestro again
// (app_mention answers those) are dropped without a model call, a receipt or a refusal.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertStaff, insertUser } from "../testing/fixtures/people.ts";
import { reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createSlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
  await insertUser(db.knex, { name: "Mo Member", roles: ["MEMBER"], slackUserId: "U0MO" });
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw(
    "truncate conversations, agent_runs, conversation_messages, model_usage, conversation_inbox, slack_event_receipts, rate_limit_counters, slack_threads restart identity cascade",
  );
});

let tsCounter = 0;
/** A message.channels event as Slack sends it for a reply in a thread. */
function channelReply(user: string, text: string, threadTs: string | undefined, extra: Record<string, unknown> = {}) {
  const ts = `1764100000.${String(++tsCounter).padStart(6, "0")}`;
  return {
    type: "message",
    channel: "C0STUDIO",
    channel_type: "channel",
    user,
    text,
    ts,
    event_ts: ts,
    client_msg_id: `cm-channel-${ts}`,
    team: "T0MAESTRO",
    ...(threadTs ? { thread_ts: threadTs, parent_user_id: "U0SAM" } : {}),
    ...extra,
  };
}

describe("a channel thread Maestro answers in", () => {
  it("continues the session on a staff reply without a new mention, streamed in the thread", async () => {
    const model = new ScriptedModel([reply("Three new intakes."), reply("Lee Park is the oldest.")]);
    const { fake } = createSlackHarness(db, { model, rateLimitPerMinute: 10_000 });
    const mention = await fake.mention("U0SAM", "what's new in the queue?");
    await fake.settle();
    expect(await db.knex("slack_threads")).toMatchObject([{ channel_id: "C0STUDIO", thread_ts: mention.ts, started_by: "U0SAM" }]);

    const followUp = channelReply("U0SAM", "which one is oldest?", mention.ts);
    expect((await fake.event(followUp)).acked).toBe(true);
    await fake.settle();
    expect(model.requests).toHaveLength(2);
    expect(JSON.stringify(model.requests[1]!.messages)).toContain("what's new in the queue?");
    expect(fake.callsOf("chat.startStream").map((c) => c.args.thread_ts)).toEqual([mention.ts, mention.ts]);
    expect(fake.statuses(mention.ts).at(-1)).toBe("");
  });

  it("drops everything else unread: other threads, top-level messages, non-staff replies, a reply that mentions Maestro, edits and bots", async () => {
    const model = new ScriptedModel([reply("Answered the mention.")]);
    const { fake } = createSlackHarness(db, { model, rateLimitPerMinute: 10_000 });
    const mention = await fake.mention("U0SAM", "hello");
    await fake.settle();
    const before = fake.calls.length;
    const receipts = await db.knex("slack_event_receipts").count({ n: "*" }).first();

    await fake.event(channelReply("U0SAM", "a top-level chat in the channel", undefined));
    await fake.event(channelReply("U0SAM", "a reply in someone else's thread", "1764000000.999999"));
    await fake.event(channelReply("U0MO", "a member chatting in the thread", mention.ts));
    await fake.event(channelReply("U0SAM", "<@U0MAESTROBOT> again", mention.ts));
    await fake.event(channelReply("U0SAM", "", mention.ts, { subtype: "message_changed", hidden: true, message: { text: "x" } }));
    await fake.event(channelReply("U0SAM", "beep", mention.ts, { bot_id: "B0OTHER", subtype: "bot_message" }));
    await fake.settle();

    expect(model.requests).toHaveLength(1);
    expect(fake.calls.slice(before), "no answer, no refusal").toEqual([]);
    // Only the member's reply in a recorded thread reached the gatekeeper (a receipt); the rest never did.
    const after = await db.knex("slack_event_receipts").count({ n: "*" }).first();
    expect(Number(after!.n) - Number(receipts!.n)).toBeLessThanOrEqual(2);
  });
});
