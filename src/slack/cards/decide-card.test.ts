// A click on a confirmation card, through the real app over the fake transport, when Slack misbehaves or the click is
// forged: the decision never waits on the card's update, the clicker always learns the outcome, and a button only
// decides the action whose card it was clicked on.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertIntake } from "../../testing/fixtures/intakes.ts";
import { insertStaff } from "../../testing/fixtures/people.ts";
import { slackError, slackHangs } from "../../testing/fake-slack.ts";
import { callTools, reply, ScriptedModel } from "../../testing/scripted-model.ts";
import { createSlackHarness, type SlackHarness } from "../../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database.ts";
import { ACTIONS } from "../ids.ts";
import { THINKING_STATUS } from "../delivery/thread-status.ts";
import { MISMATCH_TEXT } from "./decide-card.ts";

let db: TestDatabase;
let h: SlackHarness | undefined;

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
afterEach(() => h?.fake.releaseHung());

const reject = (intakeId: number) => ({
  name: "update_intake_status",
  input: { intake_id: intakeId, new_status: "REJECTED", note: "Not a fit" },
});

/** Sam asks for rejections the gate holds; returns each card as posted, with its Confirm and Cancel buttons. */
async function heldCards(names: string[]) {
  const intakes = await Promise.all(names.map((name) => insertIntake(db.knex, { name, status: "TRIAGED" })));
  const model = new ScriptedModel([
    callTools(
      intakes.map((i) => reject(i.id)),
      "These need your OK.",
    ),
    reply("Done."),
  ]);
  h = createSlackHarness(db, { model });
  await h.fake.dm("U0SAM", `Reject ${names.join(" and ")}`);
  await h.fake.settle();
  const cards = h.fake.callsOf("chat.postMessage").filter((c) => JSON.stringify(c.args.blocks ?? "").includes(ACTIONS.confirm));
  expect(cards).toHaveLength(names.length);
  const buttons = h.fake.buttons();
  return {
    intakes,
    cards: cards.map((c) => {
      const where = { channel: String(c.response!.channel), ts: String(c.response!.ts) };
      const of = (base: string) => buttons.find((b) => b.action_id.startsWith(base) && b.ts === where.ts)!;
      return { where, confirm: of(ACTIONS.confirm), cancel: of(ACTIONS.cancel) };
    }),
  };
}

const statusOf = async (id: number) => (await db.knex("intake_requests").where({ id }).first()).status as string;
const told = () => h!.fake.callsOf("respond").map((c) => String(c.args.text));

describe("Confirm when the card cannot be updated", () => {
  it("executes once, resumes the run, and tells the clicker the outcome the card could not show", async () => {
    const { intakes, cards } = await heldCards(["Lee Park"]);
    h!.fake.respondAlways("chat.update", slackError("cant_update_message"));
    await h!.fake.click("U0BEA", cards[0]!.confirm, cards[0]!.where);
    await h!.fake.settle();
    expect(await statusOf(intakes[0]!.id)).toBe("REJECTED");
    expect(await db.knex("audit_log").where({ action: "intake.status_update" })).toHaveLength(1);
    expect(told()).toEqual([expect.stringMatching(/Done — confirmed by Bea Boss\. \(The card itself could not be updated/)]);
    expect(h!.fake.callsOf("chat.postMessage").at(-1)!.args.text).toMatch(/Done\./);
  });

  it("does not wait on a card update that hangs: the decision runs and the card gets its outcome", async () => {
    const { intakes, cards } = await heldCards(["Lee Park"]);
    h!.fake.respondTo("chat.update", slackHangs());
    const started = Date.now();
    await h!.fake.click("U0BEA", cards[0]!.confirm, cards[0]!.where);
    await h!.fake.settle(15_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await statusOf(intakes[0]!.id)).toBe("REJECTED");
    const [, outcome] = h!.fake.callsOf("chat.update");
    expect(JSON.stringify(outcome!.args.blocks)).toContain("✅ Done");
    expect(told()).toEqual([]);
  });
});

describe("the card's thread while the decision resumes the run", () => {
  it("shows Maestro at work from the click until the resumed answer is out, then clears", async () => {
    const { cards } = await heldCards(["Lee Park"]);
    const card = h!.fake.callsOf("chat.postMessage").find((c) => JSON.stringify(c.args.blocks ?? "").includes(ACTIONS.confirm))!;
    const thread = String(card.args.thread_ts);
    expect(thread).not.toBe("undefined"); // the card sits in its session's thread
    const before = h!.fake.statuses(thread).length;
    await h!.fake.click("U0BEA", cards[0]!.confirm, { ...cards[0]!.where, threadTs: thread });
    await h!.fake.settle();
    const during = h!.fake.statuses(thread).slice(before);
    expect(during[0]).toBe(THINKING_STATUS);
    expect(during.at(-1)).toBe("");
    const answered = h!.fake.calls.findIndex((c) => c.method === "chat.postMessage" && String(c.args.text).includes("Done."));
    const cleared = h!.fake.calls.findLastIndex((c) => c.method === "assistant.threads.setStatus" && c.args.status === "");
    expect(answered).toBeGreaterThan(0);
    expect(cleared).toBeGreaterThan(answered);
  });
});

describe("a click carrying another card's action", () => {
  it("is refused with a clear message, and neither action nor card changes", async () => {
    const { intakes, cards } = await heldCards(["Lee Park", "Dana Reyes"]);
    const [a, b] = cards;
    // Card A's message, carrying card B's Confirm.
    await h!.fake.click("U0BEA", b!.confirm, a!.where);
    await h!.fake.settle();
    expect(told()).toEqual([MISMATCH_TEXT]);
    expect(await statusOf(intakes[0]!.id)).toBe("TRIAGED");
    expect(await statusOf(intakes[1]!.id)).toBe("TRIAGED");
    expect((await db.knex("pending_actions")).map((r) => r.status)).toEqual(["pending", "pending"]);
    expect(h!.fake.callsOf("chat.update")).toHaveLength(0);

    // B's own card still decides B.
    await h!.fake.click("U0BEA", b!.confirm, b!.where);
    await h!.fake.settle();
    expect(await statusOf(intakes[1]!.id)).toBe("REJECTED");
    expect(await statusOf(intakes[0]!.id)).toBe("TRIAGED");
  });

  it("is refused for Cancel too, and for a message that is no card at all", async () => {
    const { cards } = await heldCards(["Lee Park"]);
    await h!.fake.click("U0BEA", cards[0]!.cancel, { channel: cards[0]!.where.channel, ts: "1700000000.000001" });
    await h!.fake.settle();
    expect(told()).toEqual([MISMATCH_TEXT]);
    expect((await db.knex("pending_actions").first()).status).toBe("pending");
  });
});
