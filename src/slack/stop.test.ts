// Stop through the fake Slack transport: `/maestro stop`, our Stop button, Slack's agent_session_stopped, from another
// replica too. The model call is aborted, a tool's write finishes before the stop, the transcript stays valid for the
// next turn, and a message queued behind the stopped turn is answered.
import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ModelRequest } from "../agent/model-client.ts";
import { StopRequestedError } from "../agent/stop.ts";
import { createRegistry } from "../tools/registry.ts";
import { CATALOGUE } from "../tools/catalogue.ts";
import { insertIntake } from "../testing/fixtures/intakes.ts";
import { insertAdmin, insertStaff } from "../testing/fixtures/people.ts";
import { callTools, hangsUntilAborted, reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createSlackHarness, testConfig, type SlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { ACTIONS } from "./ids.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
  await insertStaff(db.knex, "Tia Staff", "U0TIA");
  await insertAdmin(db.knex, "Ada Admin", "U0ADA");
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw(
    "truncate conversations, agent_runs, conversation_messages, pending_actions, model_usage, conversation_inbox, slack_event_receipts, rate_limit_counters, intake_requests, intake_status_history, audit_log, feed_events restart identity cascade",
  );
});

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What the model is sent must be a valid Messages API history: alternating roles, every tool_use answered next. */
function expectValidHistory(request: ModelRequest) {
  const messages = request.messages;
  expect(messages[0]!.role).toBe("user");
  messages.forEach((m, i) => i > 0 && expect(m.role, `message ${i}`).not.toBe(messages[i - 1]!.role));
  messages.forEach((m, i) => {
    const blocks = typeof m.content === "string" ? [] : (m.content as Anthropic.ContentBlockParam[]);
    const uses = blocks.filter((b) => b.type === "tool_use").map((b) => (b as Anthropic.ToolUseBlockParam).id);
    if (!uses.length) return;
    const next = messages[i + 1]!.content as Anthropic.ContentBlockParam[];
    const answered = next.filter((b) => b.type === "tool_result").map((b) => (b as Anthropic.ToolResultBlockParam).tool_use_id);
    expect(answered.sort()).toEqual(uses.sort());
  });
}

/** What people read, in order: each reply (posted, or streamed as the one message it becomes), then the ephemerals. */
const posted = (h: SlackHarness) => [...h.fake.replyTexts(), ...h.fake.callsOf("respond").map((c) => JSON.stringify(c.args))];
const lastRun = () => db.knex("agent_runs").orderBy("started_at", "desc").first();

describe("Stop", () => {
  it("`/maestro stop` aborts the model call, says what was done, and the next message works on a valid transcript", async () => {
    const model = new ScriptedModel([callTools([{ name: "get_intake_queue", input: {} }]), hangsUntilAborted(), reply("Here again.")]);
    const h = createSlackHarness(db, { model });
    const session = await h.fake.dm("U0SAM", "what is in the queue?");
    await until(() => model.requests.length === 2, "the second model call");
    await h.fake.command("U0SAM", "stop");
    await h.fake.settle();
    expect(model.aborts).toHaveLength(1);
    expect(model.aborts[0]).toBeInstanceOf(StopRequestedError);
    expect(posted(h).some((p) => p.includes("Stopped. Before the stop I had finished: get intake queue."))).toBe(true);
    expect(await lastRun()).toMatchObject({ status: "completed", error: "stopped by Sam Staff" });
    expect(await db.knex("conversations").first()).toMatchObject({ busy_run_id: null });

    await h.fake.dm("U0SAM", "and now?", { threadTs: session.ts }); // the same session, in its thread
    await h.fake.settle();
    expect(posted(h).some((p) => p.includes("Here again."))).toBe(true);
    expectValidHistory(model.requests[2]!);
    expect(JSON.stringify(model.requests[2]!.messages)).toContain("what is in the queue?"); // the stopped turn is in it
  });

  it("lets a tool's write finish, then stops before the next model call, and answers the message queued behind it", async () => {
    const intake = await insertIntake(db.knex, { status: "NEW" });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let writing = false;
    // The real tool, held inside its write (its transaction open) until the test lets it go.
    const registry = createRegistry(
      CATALOGUE.map((tool) =>
        tool.name !== "update_intake_status"
          ? tool
          : { ...tool, run: async (args: never, ctx: never) => ((writing = true), await gate, tool.run(args, ctx)) },
      ),
    );
    // Whether the stop lands before the stopped run's next model call or during it depends on the engine's locking:
    // that call hangs until aborted, and the queued question (whenever it comes) is answered by its own script.
    const stopped = new ScriptedModel([
      callTools([{ name: "update_intake_status", input: { intake_id: intake.id, new_status: "TRIAGED" } }]),
      hangsUntilAborted(),
    ]);
    const queued = new ScriptedModel([reply("Second answer.")]);
    const model = {
      createMessage: (request: ModelRequest, options?: object) =>
        (JSON.stringify(request.messages).includes("second question") ? queued : stopped).createMessage(request, options),
    };
    const h = createSlackHarness(db, { model, registry });
    const session = await h.fake.dm("U0SAM", "triage it");
    await until(() => writing, "the write to start");
    await h.fake.dm("U0SAM", "second question", { threadTs: session.ts }); // queued behind the running turn of its session
    void h.fake.command("U0SAM", "stop");
    setTimeout(release, 100);
    await h.fake.settle();
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "TRIAGED" });
    expect(await db.knex("audit_log").where({ action: "intake.status_update" })).toHaveLength(1);
    const replies = posted(h);
    const stopNote = replies.findIndex((p) => p.includes("Before the stop I had finished: update intake status."));
    expect(stopNote).toBeGreaterThanOrEqual(0);
    expect(replies.findIndex((p) => p.includes("Second answer."))).toBeGreaterThan(stopNote);
    expect(stopped.requests.length).toBeLessThanOrEqual(2); // the stopped run called the model at most once after the write
    expect(queued.requests).toHaveLength(1);
    expectValidHistory(queued.requests[0]!);
  });

  it("works from another replica: its request is seen by the process running the turn", async () => {
    const model = new ScriptedModel([hangsUntilAborted(), reply("After the stop.")]);
    const a = createSlackHarness(db, { model, limits: { stopPollMs: 50 } });
    const b = createSlackHarness(db, { model, limits: { stopPollMs: 50 } });
    await a.fake.dm("U0SAM", "a long question");
    await until(() => model.requests.length === 1, "the model call");
    await b.fake.command("U0SAM", "stop");
    await b.fake.settle();
    await a.fake.settle();
    expect(model.aborts).toHaveLength(1);
    expect(posted(a).some((p) => p.includes("Stopped. Nothing was done for it."))).toBe(true);
    expect(posted(b).some((p) => p.includes("Stopping"))).toBe(true);
  });

  it("says so when nothing runs, and lets only the asker or an admin stop", async () => {
    const model = new ScriptedModel([hangsUntilAborted()]);
    const h = createSlackHarness(db, { model });
    await h.fake.command("U0SAM", "stop");
    await h.fake.settle();
    expect(posted(h).at(-1)).toContain("Nothing is running here right now");

    await h.fake.dm("U0SAM", "a long question");
    await until(() => model.requests.length === 1, "the model call");
    await h.fake.command("U0TIA", "stop", { channel: "D0U0SAM" });
    await until(() => posted(h).some((p) => p.includes("Only the person who asked, or an admin")), "the refusal");
    expect(model.aborts).toHaveLength(0);
    await h.fake.command("U0ADA", "stop", { channel: "D0U0SAM" });
    await h.fake.settle();
    expect(posted(h).some((p) => p.includes("Stopped by Ada Admin. Nothing was done for it."))).toBe(true);
  });

  it("our Stop button on the progress note, and Slack's agent_session_stopped, stop the turn", async () => {
    const model = new ScriptedModel([hangsUntilAborted(), hangsUntilAborted()]);
    const h = createSlackHarness(db, { model, config: testConfig({ MAESTRO_PROGRESS_NOTICE_MS: "100" }) });
    await h.fake.dm("U0SAM", "first", { threadTs: "1700000000.000100" });
    await until(() => h.fake.buttons().some((b) => b.action_id === ACTIONS.stopTurn), "the Stop button");
    const stop = h.fake.buttons().find((b) => b.action_id === ACTIONS.stopTurn)!;
    await h.fake.click("U0SAM", stop, { channel: "D0U0SAM", ts: stop.ts! });
    await h.fake.settle();
    expect(model.aborts).toHaveLength(1);

    await h.fake.dm("U0SAM", "second", { threadTs: "1700000000.000100" });
    await until(() => model.requests.length === 2, "the second call");
    await h.fake.event({
      type: "agent_session_stopped",
      channel: "D0U0SAM",
      thread_ts: "1700000000.000100",
      user: "U0SAM",
      streaming_message_ts: [],
      event_ts: "1700000001.000200",
    });
    await h.fake.settle();
    expect(model.aborts).toHaveLength(2);
    expect(posted(h).filter((p) => p.includes("Stopped."))).toHaveLength(2);
  });
});
