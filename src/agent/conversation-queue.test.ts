// The agent's conversation queue: a message sent while a turn runs is queued, then answered by the same call that
// holds the conversation (after its own turn, or after the run a click resumed), through the responder, in order.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { agentUser, createTestAgent, newThread } from "../testing/agent-harness.ts";
import { insertIntake } from "../testing/fixtures/intakes.ts";
import { insertStaff, type TestUser } from "../testing/fixtures/people.ts";
import { answerOne, RecordingResponder } from "../testing/recording-responder.ts";
import { callTools, reply, ScriptedModel, type ScriptStep } from "../testing/scripted-model.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import type { ModelClient, ModelRequest } from "./model-client.ts";

let db: TestDatabase;
let staff: TestUser;
let other: TestUser;

beforeAll(async () => {
  db = await createTestDatabase();
  staff = await insertStaff(db.knex, "Sam Staff", "U0SAM");
  other = await insertStaff(db.knex, "Olly Other", "U0OLLY");
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw(
    "truncate conversations, agent_runs, conversation_messages, pending_actions, model_usage, conversation_inbox, intake_requests, intake_status_history, audit_log, feed_events restart identity cascade",
  );
  await db.knex("role_assignments").where({ user_id: other.id }).update({ revoked_at: null });
});

/** A scripted model whose call number `holdAt` (0-based) waits until `release()`; `entered` resolves when it waits. */
function heldModel(steps: ScriptStep[], holdAt: number) {
  const scripted = new ScriptedModel(steps);
  let release!: () => void;
  let entered!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const waiting = new Promise<void>((resolve) => (entered = resolve));
  const model: ModelClient = {
    async createMessage(request: ModelRequest, options) {
      if (scripted.requests.length === holdAt) {
        entered();
        await gate;
      }
      return scripted.createMessage(request, options);
    },
  };
  return { model, scripted, release, waiting };
}

const lastText = (request: ModelRequest) => JSON.stringify(request.messages.at(-1)!.content);

describe("a message sent while a turn runs", () => {
  it("is queued, then answered by the call holding the conversation, with its own origin", async () => {
    const { model, scripted, release, waiting } = heldModel([reply("First answer."), reply("Second answer.")], 0);
    const conversation = newThread();
    const holder = new RecordingResponder();
    const first = createTestAgent(db, model).answer(
      { conversation, user: agentUser(staff), text: "first question", trigger: "dm", origin: { place: "first" } },
      holder,
    );
    await waiting;
    const second = { conversation, user: agentUser(other), text: "second question", trigger: "mention", origin: { place: "second" } };
    // Another replica: its message waits its turn instead of running in parallel.
    expect(await answerOne(createTestAgent(db, model), second)).toEqual({ kind: "queued", conversation, position: 1 });
    release();
    await first;

    expect(holder.outcomes.map((o) => o.kind === "reply" && o.text)).toEqual(["First answer.", "Second answer."]);
    expect(holder.opened).toEqual([
      { kind: "message", message: expect.objectContaining({ text: "first question" }) },
      {
        kind: "message",
        message: {
          conversation,
          user: { id: other.id, name: "Olly Other", roles: ["STAFF"], slackUserId: "U0OLLY" },
          text: "second question",
          trigger: "mention",
          origin: { place: "second" },
        },
      },
    ]);
    expect(lastText(scripted.requests[1]!)).toContain("second question");
    expect(await db.knex("agent_runs").orderBy("started_at").pluck("trigger")).toEqual(["dm", "mention"]);
    expect(await db.knex("conversation_inbox").first()).toMatchObject({ status: "done" });
    expect(await db.knex("conversations").first()).toMatchObject({ busy_run_id: null });
  });

  it("is not answered when its sender lost staff access while it waited", async () => {
    const { model, scripted, release, waiting } = heldModel([reply("First answer.")], 0);
    const conversation = newThread();
    const holder = new RecordingResponder();
    const first = createTestAgent(db, model).answer(
      { conversation, user: agentUser(staff), text: "first question", trigger: "dm" },
      holder,
    );
    await waiting;
    await answerOne(createTestAgent(db, model), { conversation, user: agentUser(other), text: "second question", trigger: "dm" });
    await db.knex("role_assignments").where({ user_id: other.id }).update({ revoked_at: new Date() });
    release();
    await first;

    expect(holder.opened).toHaveLength(1);
    expect(scripted.requests).toHaveLength(1);
    expect(await db.knex("conversation_inbox").first()).toMatchObject({ status: "done" });
    expect(await db.knex("conversations").first()).toMatchObject({ busy_run_id: null });
  });
});

describe("a click that resumes a run", () => {
  it("shows the decision, then the resumed run's answer, then the messages queued behind it", async () => {
    const intake = await insertIntake(db.knex, { status: "TRIAGED" });
    const { model, release, waiting } = heldModel(
      [
        callTools([{ name: "update_intake_status", input: { intake_id: intake.id, new_status: "REJECTED" } }]),
        reply("Rejected."),
        reply("Second answer."),
      ],
      1,
    );
    const conversation = newThread();
    const paused = await answerOne(createTestAgent(db, model), { conversation, user: agentUser(staff), text: "reject", trigger: "dm" });
    if (paused.kind !== "awaiting_confirmation") throw new Error(`the turn ended as ${paused.kind}`);

    const clicker = new RecordingResponder();
    const decided = createTestAgent(db, model).decide(
      { pendingActionId: paused.actions[0]!.id, decision: "confirm", decidedBy: agentUser(other), path: "button" },
      clicker,
    );
    await waiting; // the resumed run is thinking
    const queued = await answerOne(createTestAgent(db, model), { conversation, user: agentUser(staff), text: "and then?", trigger: "dm" });
    expect(queued.kind).toBe("queued");
    release();
    expect(await decided).toMatchObject({ kind: "decided", action: { status: "executed" } });

    expect(clicker.decisions).toMatchObject([{ kind: "decided" }]);
    expect(clicker.opened.map((t) => t.kind)).toEqual(["resumed", "message"]);
    expect(clicker.outcomes.map((o) => o.kind === "reply" && o.text)).toEqual(["Rejected.", "Second answer."]);
    expect(await db.knex("conversation_inbox").first()).toMatchObject({ status: "done" });
    expect(await db.knex("conversations").first()).toMatchObject({ busy_run_id: null });
  });
});
