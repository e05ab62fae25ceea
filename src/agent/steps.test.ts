// A run's transcript is read once and carried from step to step, and read again when something else wrote to it.
import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countLoopStatements, meteredRegistry, newMeter } from "../../bench/metering.ts";
import { appendMessage } from "./stores/conversation-store.ts";
import { agentUser, createTestAgent, newThread } from "../testing/agent-harness.ts";
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

/** Counts the transcript reads (every message of a conversation, in order) sent while `fn` runs. */
async function countTranscriptReads(fn: () => Promise<unknown>): Promise<number> {
  let reads = 0;
  const listener = (query: { sql: string }) => {
    if (/^select \* from "conversation_messages" where "conversation_id" = \S+ order by "seq" asc$/.test(query.sql)) reads += 1;
  };
  db.knex.on("query", listener);
  try {
    await fn();
  } finally {
    db.knex.off("query", listener);
  }
  return reads;
}

const threeSteps = () =>
  new ScriptedModel([
    callTools([{ name: "get_intake_queue", input: {} }]),
    callTools([{ name: "get_intake_queue", input: {} }]),
    reply("Done."),
  ]);

describe("the transcript of a run", () => {
  it("is read once for three model calls when only the run writes to it", async () => {
    const model = threeSteps();
    const agent = createTestAgent(db, model);
    const reads = await countTranscriptReads(() =>
      agent.runTurn({ conversation: newThread(), user: agentUser(staff), text: "queue?", trigger: "dm" }),
    );
    expect(model.requests).toHaveLength(3);
    expect(reads).toBe(1);
    // What the model was sent is what a fresh read gives: question, call, results, call, results.
    expect(model.requests[2]!.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
  });

  it("is read again after something else wrote to the conversation during a step, and the model sees it", async () => {
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
    const reads = await countTranscriptReads(() => agent.runTurn({ conversation, user: agentUser(staff), text: "queue?", trigger: "dm" }));
    expect(reads).toBe(2);
    const third = JSON.stringify(scripted.requests[2]!.messages);
    expect(third).toContain(note);
    // Repaired as a fresh read is: the note joins the first step's results (it followed them), roles alternate.
    const messages = scripted.requests[2]!.messages;
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
    expect((messages[2]!.content as Anthropic.ContentBlockParam[]).map((b) => b.type)).toEqual(["tool_result", "text"]);
  });
});

describe("the statements of a turn", () => {
  it("are 19 for one tool call and a reply: each message append and each usage record is one statement", async () => {
    const meter = newMeter();
    let runId: string;
    const model = new ScriptedModel([callTools([{ name: "get_intake_queue", input: {} }]), reply("Done.")]);
    const agent = createTestAgent(db, model, { registry: meteredRegistry(meter) });
    const thread = newThread();
    const sent: string[] = [];
    const record = (query: { sql: string }) => {
      if (!meter.inTool) sent.push(query.sql);
    };
    db.knex.on("query", record);
    const detach = countLoopStatements(db.knex, meter);
    try {
      const outcome = await agent.runTurn({ conversation: thread, user: agentUser(staff), text: "queue?", trigger: "dm" });
      if (outcome.kind !== "reply") throw new Error(`the turn ended as ${outcome.kind}`);
      runId = outcome.runId;
    } finally {
      detach();
      db.knex.off("query", record);
    }
    expect(model.requests).toHaveLength(2);
    // The list in bench/README.md ("Loop"): 25 before appendMessage and recordUsage became one statement each.
    expect(meter.loopStatements, sent.join("\n")).toBe(19);
    // The question, the call, the results and the reply: each insert bumps the conversation in the same statement.
    const appends = sent.filter((sql) => sql.includes('insert into "conversation_messages"'));
    expect(appends).toHaveLength(4);
    for (const sql of appends) expect(sql).toMatch(/^with .*update "conversations" set "updated_at"/);
    const usage = sent.filter((sql) => sql.includes('insert into "model_usage"'));
    expect(usage).toHaveLength(2);
    for (const sql of usage) expect(sql).toMatch(/^with .*\) update "agent_runs" set "model_calls" = model_calls \+ 1/);

    // Same values as two statements each wrote: the run's counters sum its usage rows; updated_at is the last append.
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
