// A card through the real app over the fake transport: a destructive Confirm is red with a dialog; the "⋯" menu's
// "Cancel with a reason…" cancels with the reason and the model sees it in the tool result; "Show details" shows the
// exact arguments; a menu clicked on another card's message does nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertIntake } from "../../testing/fixtures/intakes.ts";
import { insertStaff } from "../../testing/fixtures/people.ts";
import { callTools, reply, ScriptedModel } from "../../testing/scripted-model.ts";
import { createSlackHarness, type SlackHarness } from "../../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database.ts";
import { ACTIONS, BLOCKS, CARD_MENU, VIEWS } from "../ids.ts";
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
    "truncate conversations, agent_runs, conversation_messages, pending_actions, model_usage, conversation_inbox, slack_event_receipts, intake_requests, intake_status_history, audit_log, feed_events restart identity cascade",
  );
});

/** Sam asks to reject an intake; the gate holds it. Returns the card as posted and where. */
async function heldReject(model: ScriptedModel) {
  const intake = await insertIntake(db.knex, { name: "Dana Reyes", status: "NEW" });
  h = createSlackHarness(db, { model });
  await h.fake.dm("U0SAM", "Reject Dana");
  await h.fake.settle();
  const card = h.fake.callsOf("chat.postMessage").find((c) => JSON.stringify(c.args.blocks ?? "").includes(ACTIONS.confirm))!;
  const where = { channel: String(card.response!.channel), ts: String(card.response!.ts) };
  const blocks = (typeof card.args.blocks === "string" ? JSON.parse(card.args.blocks) : card.args.blocks) as Record<string, unknown>[];
  const id = (await db.knex("pending_actions").first()).id as string;
  return { intake, card, where, blocks, id };
}

const rejectScript = (intakeId: () => number) =>
  new ScriptedModel([
    () => callTools([{ name: "update_intake_status", input: { intake_id: intakeId(), new_status: "REJECTED" } }], "Rejecting Dana."),
    reply("Understood, I left the intake as it is."),
  ]);

describe("a destructive card", () => {
  it("reads as one sentence with danger-styled Confirm and an are-you-sure dialog; no raw arguments", async () => {
    const intakeId = 1; // identities restart for each test
    const { card, blocks } = await heldReject(rejectScript(() => intakeId));
    const json = JSON.stringify(blocks);
    expect(card.args.text).toContain(`Waiting on you: Reject intake #${intakeId}: NEW → REJECTED.`);
    const actions = blocks.find((b) => String(b.block_id).startsWith(BLOCKS.pendingActions)) as { elements: Record<string, unknown>[] };
    const [confirm, cancel, menu] = actions.elements;
    expect(confirm).toMatchObject({
      text: { text: "Confirm" },
      style: "danger",
      confirm: { style: "danger", title: { text: "Are you sure?" } },
    });
    expect((confirm!.confirm as { text: { text: string } }).text.text).toContain(`Reject intake #${intakeId}: NEW → REJECTED.`);
    expect(cancel).toMatchObject({ text: { text: "Cancel" } });
    expect(menu).toMatchObject({ type: "overflow", action_id: expect.stringMatching(new RegExp(`^${ACTIONS.cardMenu}:`)) });
    expect(json).toContain("“Dana Reyes”");
    expect(json).not.toContain("new_status");
    expect(json).toContain("Rejecting a prospect is a final decision about them.");
  });
});

describe("the card's menu", () => {
  it("Cancel with a reason: nothing changes, the card shows the reason, and the model reads it in the tool result", async () => {
    const model = rejectScript(() => 1);
    const { intake, where, id } = await heldReject(model);
    await h!.fake.click("U0BEA", { action_id: `${ACTIONS.cardMenu}:${id}`, type: "overflow", selected: CARD_MENU.cancelWithReason }, where);
    await h!.fake.settle();
    const opened = h!.fake.callsOf("views.open").at(-1)!;
    const view = (typeof opened.args.view === "string" ? JSON.parse(opened.args.view) : opened.args.view) as Record<string, unknown>;
    expect(view).toMatchObject({ callback_id: VIEWS.cancelReason });
    expect(JSON.stringify(view)).toContain(`Reject intake #${intake.id}: NEW → REJECTED.`);
    expect((await db.knex("pending_actions").first()).status).toBe("pending");

    await h!.fake.submitView("U0BEA", {
      callback_id: VIEWS.cancelReason,
      private_metadata: String(view.private_metadata),
      values: {
        [BLOCKS.cancelReasonInput]: { [ACTIONS.cancelReasonInput]: { type: "plain_text_input", value: "  Wrong intake — I meant #43  " } },
      },
    });
    await h!.fake.settle();
    expect(await db.knex("pending_actions").first()).toMatchObject({ status: "cancelled", decision_note: "Wrong intake — I meant #43" });
    expect((await db.knex("intake_requests").where({ id: intake.id }).first()).status).toBe("NEW");
    const lastCard = JSON.stringify(h!.fake.callsOf("chat.update").at(-1)!.args.blocks);
    expect(lastCard).toContain("Cancelled by Bea Boss");
    expect(lastCard).toContain("“Wrong intake — I meant #43”");
    // The resumed run: the model's next request carries the cancellation and the reason as the tool result.
    const last = model.requests.at(-1)!.messages.at(-1)!;
    const results = (last.content as { type: string; content?: unknown }[]).filter((b) => b.type === "tool_result");
    expect(results.map((b) => String(b.content))).toEqual([
      'Cancelled by Bea Boss; nothing was changed. Their reason, as they wrote it: "Wrong intake — I meant #43"',
    ]);
  });

  it("Show details opens the exact call, fenced as data, and changes nothing", async () => {
    const model = rejectScript(() => 1);
    const { where, id } = await heldReject(model);
    await h!.fake.click("U0BEA", { action_id: `${ACTIONS.cardMenu}:${id}`, type: "overflow", selected: CARD_MENU.details }, where);
    await h!.fake.settle();
    const view = JSON.stringify(h!.fake.callsOf("views.open").at(-1)!.args.view);
    expect(view).toContain(VIEWS.cardDetails);
    expect(view).toContain("update_intake_status");
    expect(view).toContain("new_status");
    expect((await db.knex("pending_actions").first()).status).toBe("pending");
  });

  it("clicked on a message that is not the action's card, opens nothing and says so", async () => {
    const model = rejectScript(() => 1);
    const { where, id } = await heldReject(model);
    await h!.fake.click(
      "U0BEA",
      { action_id: `${ACTIONS.cardMenu}:${id}`, type: "overflow", selected: CARD_MENU.cancelWithReason },
      { channel: where.channel, ts: "1700000000.000001" },
    );
    await h!.fake.settle();
    expect(h!.fake.callsOf("views.open")).toHaveLength(0);
    expect(h!.fake.callsOf("respond").map((c) => c.args.text)).toEqual([MISMATCH_TEXT]);
  });
});
