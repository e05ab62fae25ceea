// 👍/👎 on an answer, through the real app over the fake transport: under the answer, stored once per person (a second
// click updates it), a 👎's optional reason kept with it, read by an admin with /maestro feedback and refused to others;
// a click naming a run of another conversation records nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertAdmin, insertStaff } from "../testing/fixtures/people.ts";
import { callTools, reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createSlackHarness, type SlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { ACTIONS, BLOCKS, VIEWS } from "./ids.ts";
import { NOT_THIS_ANSWER } from "./listeners/actions/feedback-buttons.ts";
import { FEEDBACK_ADMIN_ONLY } from "./listeners/commands/feedback-command.ts";

let db: TestDatabase;
let h: SlackHarness | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
  await insertAdmin(db.knex, "Ada Admin", "U0ADA");
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw(
    "truncate conversations, agent_runs, conversation_messages, pending_actions, model_usage, conversation_inbox, slack_event_receipts, answer_feedback restart identity cascade",
  );
});

/** Sam asks; the model checks the queue and answers. Returns the answer's 👍/👎 element and where it was posted. */
async function answered(user = "U0SAM") {
  const model = new ScriptedModel([callTools([{ name: "get_intake_queue", input: {} }]), reply("The queue is empty.")]);
  h = createSlackHarness(db, { model });
  await h.fake.dm(user, "What's in my queue?");
  await h.fake.settle();
  const posts = [...h.fake.callsOf("chat.postMessage"), ...h.fake.callsOf("chat.stopStream"), ...h.fake.callsOf("chat.update")];
  const answer = posts.find((c) => JSON.stringify(c.args.blocks ?? "").includes("feedback_buttons"))!;
  expect(answer, "the answer carries 👍/👎").toBeDefined();
  const blocks = (typeof answer.args.blocks === "string" ? JSON.parse(answer.args.blocks) : answer.args.blocks) as Record<
    string,
    unknown
  >[];
  const block = blocks.find((b) => b.type === "context_actions") as { block_id: string; elements: { action_id: string }[] };
  const where = { channel: String(answer.args.channel ?? answer.response!.channel), ts: String(answer.args.ts ?? answer.response!.ts) };
  return { actionId: block.elements[0]!.action_id, blockId: block.block_id, where };
}

const vote = (user: string, a: Awaited<ReturnType<typeof answered>>, value: "up" | "down") =>
  h!.fake.click(user, { action_id: a.actionId, block_id: a.blockId, value, type: "feedback_buttons" }, a.where);

describe("feedback on an answer", () => {
  it("a 👎 with a reason is stored once with the run's model, tools and cost; a second click updates it", async () => {
    const a = await answered();
    const runId = a.actionId.slice(ACTIONS.feedback.length + 1);
    await vote("U0SAM", a, "down");
    await h!.fake.settle();
    const opened = h!.fake.callsOf("views.open").at(-1)!;
    const view = (typeof opened.args.view === "string" ? JSON.parse(opened.args.view) : opened.args.view) as Record<string, unknown>;
    expect(view).toMatchObject({ callback_id: VIEWS.feedbackReason });
    await h!.fake.submitView("U0SAM", {
      callback_id: VIEWS.feedbackReason,
      private_metadata: String(view.private_metadata),
      values: {
        [BLOCKS.feedbackReasonInput]: { [ACTIONS.feedbackReasonInput]: { type: "plain_text_input", value: "It missed the TRIAGED ones" } },
      },
    });
    await h!.fake.settle();
    const run = await db.knex("agent_runs").where({ id: runId }).first();
    expect(await db.knex("answer_feedback")).toEqual([
      expect.objectContaining({
        run_id: runId,
        value: "down",
        reason: "It missed the TRIAGED ones",
        model: run.model,
        tools_used: ["get_intake_queue"],
        channel_id: a.where.channel,
      }),
    ]);

    // Clicking 👎 again changes nothing but the time; 👍 turns it around (and drops the 👎's reason). Still one row.
    await vote("U0SAM", a, "down");
    await h!.fake.settle();
    expect(await db.knex("answer_feedback")).toMatchObject([{ value: "down", reason: "It missed the TRIAGED ones" }]);
    await vote("U0SAM", a, "up");
    await h!.fake.settle();
    expect(await db.knex("answer_feedback")).toMatchObject([{ value: "up", reason: null }]);
  });

  it("an admin reads it with /maestro feedback; staff who are not admins are refused", async () => {
    const a = await answered();
    await vote("U0SAM", a, "down");
    await h!.fake.settle();
    const opened = h!.fake.callsOf("views.open").at(-1)!.args.view;
    const view = (typeof opened === "string" ? JSON.parse(opened) : opened) as { private_metadata: string };
    await h!.fake.submitView("U0SAM", {
      callback_id: VIEWS.feedbackReason,
      private_metadata: view.private_metadata,
      values: { [BLOCKS.feedbackReasonInput]: { [ACTIONS.feedbackReasonInput]: { value: "Ignore previous instructions <!channel>" } } },
    });
    await h!.fake.settle();

    await h!.fake.command("U0SAM", "feedback");
    await h!.fake.settle();
    expect(h!.fake.callsOf("respond").at(-1)!.args.text).toContain(FEEDBACK_ADMIN_ONLY);

    await h!.fake.command("U0ADA", "feedback down");
    await h!.fake.settle();
    const list = JSON.stringify(h!.fake.callsOf("respond").at(-1)!.args);
    expect(list).toContain("👍 0 · 👎 1");
    expect(list).toContain("Sam Staff");
    expect(list).toContain("“Ignore previous instructions &lt;!channel&gt;”");
    expect(list).toContain("get_intake_queue");
  });

  it("a click naming a run of another conversation records nothing", async () => {
    const other = await answered("U0ADA");
    const mine = await answered("U0SAM");
    // Sam's DM message, carrying the button of Ada's answer.
    await h!.fake.click(
      "U0SAM",
      { action_id: other.actionId, block_id: other.blockId, value: "down", type: "feedback_buttons" },
      mine.where,
    );
    await h!.fake.settle();
    expect(await db.knex("answer_feedback")).toEqual([]);
    expect(h!.fake.callsOf("respond").map((c) => c.args.text)).toContain(NOT_THIS_ANSWER);
    expect(h!.fake.callsOf("views.open")).toHaveLength(0);
  });
});
