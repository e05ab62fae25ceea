// A run's steps: the model sees each step's results as a fresh read of the transcript would give them, including what
// something else wrote during a step; a turn's run keeps totals equal to its usage rows. (How often the transcript is read
// and how many statements a turn sends are pinned in bench/perf/turn-statements.perf-test.ts, `npm run test:perf`.)
import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendMessage } from "./stores/conversation-store.ts";
import { agentUser, createTestAgent, newThread } from "../testing/agent-harness.ts";
import { answerOne } from "../testing/recording-responder.ts";
import { insertStaff, type TestUser } from "../testing/fixtures/people.ts";
import { callTools, reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import type { ModelClient } from "./model-client.ts";

let db: TestDatabase;
let staff: TestUser;

beforeAll(async () => {
  db = await createTestDatabase();
  staff = await insertStaff(db.knex, "Sam Staff", "U0SAM");
});
afterAll(() => db?.drop());

const threeSteps = () =>
  new ScriptedModel([
    callTools([{ name: "get_intake_queue", input: {} }]),
    callTools([{ name: "get_intake_queue", input: {} }]),
    reply("Done."),
  ]);

describe("the transcript of a run", () => {
  it("carries each step's results to the next model call when only the run writes to it", async () => {
    const model = threeSteps();
    const agent = createTestAgent(db, model);
    await answerOne(agent, { conversation: newThread(), user: agentUser(staff), text: "queue?", trigger: "dm" });
    expect(model.requests).toHaveLength(3);
    // What the model was sent is what a fresh read gives: question, call, results, call, results.
    expect(model.requests[2]!.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
  });

  it("shows the model what something else wrote to the conversation during a step", async () => {
    const scripted = threeSteps();
    const conversation = newThread();
    const note = "(Note from the system: the held call was executed.)";
    // While the model thinks about its second step, a late decision's note lands in the conversation.
    const model: ModelClient = {
      async createMessage(request, options) {
        if (scripted.requests.length === 1) {
          const row = await db.knex("conversations").where({ thread_ts: conversation.threadTs }).first("id");
          await appendMessage(
            db.knex,
            { conversationId: row.id, role: "user", content: [{ type: "text", text: note }], runId: null, tokenEstimate: 10 },
            new Date(),
          );
        }
        return scripted.createMessage(request, options);
      },
    };
    const agent = createTestAgent(db, model);
    await answerOne(agent, { conversation, user: agentUser(staff), text: "queue?", trigger: "dm" });
    const third = JSON.stringify(scripted.requests[2]!.messages);
    expect(third).toContain(note);
    // Repaired as a fresh read is: the note joins the first step's results (it followed them), roles alternate.
    const messages = scripted.requests[2]!.messages;
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
    expect((messages[2]!.content as Anthropic.ContentBlockParam[]).map((b) => b.type)).toEqual(["tool_result", "text"]);
  });
});

describe("the record of a turn", () => {
  it("keeps the run's counters equal to its usage rows and the conversation's updated_at at its last message", async () => {
    const model = new ScriptedModel([callTools([{ name: "get_intake_queue", input: {} }]), reply("Done.")]);
    const agent = createTestAgent(db, model);
    const thread = newThread();
    const outcome = await answerOne(agent, { conversation: thread, user: agentUser(staff), text: "queue?", trigger: "dm" });
    if (outcome.kind !== "reply") throw new Error(`the turn ended as ${outcome.kind}`);
    const runId = outcome.runId;
    expect(model.requests).toHaveLength(2);

    // The run's counters sum its usage rows; updated_at is the last append.
    const run = await db.knex("agent_runs").where({ id: runId }).first();
    const spent = await db.knex("model_usage").where({ agent_run_id: runId }).select("input_tokens", "output_tokens", "cost_usd");
    expect(spent).toHaveLength(2);
    expect(run).toMatchObject({ status: "completed", model_calls: 2 });
    expect(Number(run.input_tokens)).toBe(spent.reduce((n, u) => n + Number(u.input_tokens), 0));
    expect(Number(run.output_tokens)).toBe(spent.reduce((n, u) => n + Number(u.output_tokens), 0));
    expect(Number(run.cost_usd)).toBeCloseTo(
      spent.reduce((n, u) => n + Number(u.cost_usd), 0),
      9,
    );
    const conversation = await db.knex("conversations").where({ thread_ts: thread.threadTs }).first();
    const last = await db.knex("conversation_messages").where({ conversation_id: conversation.id }).orderBy("seq", "desc").first();
    expect(last.seq).toBe(4);
    expect(conversation.updated_at).toEqual(last.created_at);
  });
});
