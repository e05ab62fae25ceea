// Performance pins of a turn (moved from src/agent/steps.test.ts, which keeps the behaviour): the transcript is read once
// and carried from step to step, read again only when something else wrote to it, and a turn with one tool call sends
// 20 statements of its own, each message append and each usage record being one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ModelClient } from "../../src/agent/model-client.ts";
import { appendMessage } from "../../src/agent/stores/conversation-store.ts";
import { agentUser, createTestAgent, newThread } from "../../src/testing/agent-harness.ts";
import { answerOne } from "../../src/testing/recording-responder.ts";
import { insertStaff, type TestUser } from "../../src/testing/fixtures/people.ts";
import { callTools, reply, ScriptedModel } from "../../src/testing/scripted-model.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.ts";
import { countLoopStatements, meteredRegistry, newMeter } from "../metering.ts";

let db: TestDatabase;
let staff: TestUser;

beforeAll(async () => {
  db = await createTestDatabase();
  staff = await insertStaff(db.knex, "Sam Staff", "U0SAM");
});
afterAll(() => db?.drop());

/** Every statement sent on the test database while `fn` runs. */
async function statementsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const listener = (query: { sql: string }) => sent.push(query.sql);
  db.knex.on("query", listener);
  try {
    await fn();
  } finally {
    db.knex.off("query", listener);
  }
  return sent;
}

/** The transcript reads (every message of a conversation, in order) among `statements`. */
const transcriptReads = (statements: string[]) =>
  statements.filter((sql) => /^select \* from "conversation_messages" where "conversation_id" = \S+ order by "seq" asc$/.test(sql)).length;

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
    const sent = await statementsOf(() =>
      answerOne(agent, { conversation: newThread(), user: agentUser(staff), text: "queue?", trigger: "dm" }),
    );
    expect(model.requests).toHaveLength(3);
    expect(transcriptReads(sent)).toBe(1);
  });

  it("is read again after something else wrote to the conversation during a step", async () => {
    const scripted = threeSteps();
    const conversation = newThread();
    // While the model thinks about its second step, a late decision's note lands in the conversation.
    const model: ModelClient = {
      async createMessage(request, options) {
        if (scripted.requests.length === 1) {
          const row = await db.knex("conversations").where({ thread_ts: conversation.threadTs }).first("id");
          const note = [{ type: "text" as const, text: "(Note from the system: the held call was executed.)" }];
          await appendMessage(db.knex, { conversationId: row.id, role: "user", content: note, runId: null, tokenEstimate: 10 }, new Date());
        }
        return scripted.createMessage(request, options);
      },
    };
    const agent = createTestAgent(db, model);
    const sent = await statementsOf(() => answerOne(agent, { conversation, user: agentUser(staff), text: "queue?", trigger: "dm" }));
    expect(scripted.requests).toHaveLength(3);
    expect(transcriptReads(sent)).toBe(2);
  });
});

describe("the statements of a turn", () => {
  it("are 20 for one tool call and a reply: each message append and each usage record is one statement", async () => {
    const meter = newMeter();
    const model = new ScriptedModel([callTools([{ name: "get_intake_queue", input: {} }]), reply("Done.")]);
    const agent = createTestAgent(db, model, { registry: meteredRegistry(meter) });
    const sent: string[] = [];
    const record = (query: { sql: string }) => {
      if (!meter.inTool) sent.push(query.sql);
    };
    db.knex.on("query", record);
    const detach = countLoopStatements(db.knex, meter);
    try {
      const outcome = await answerOne(agent, { conversation: newThread(), user: agentUser(staff), text: "queue?", trigger: "dm" });
      if (outcome.kind !== "reply") throw new Error(`the turn ended as ${outcome.kind}`);
    } finally {
      detach();
      db.knex.off("query", record);
    }
    expect(model.requests).toHaveLength(2);
    // The list in bench/README.md ("Loop"): 25 before appendMessage and recordUsage became one statement each; 19 until
    // a turn ended the runs a dead turn left running in its conversation (one conditional update).
    expect(meter.loopStatements, sent.join("\n")).toBe(20);
    const takeOvers = sent.filter((sql) =>
      /^update "agent_runs" .* where "conversation_id" = \$\d+ and "status" = \$\d+ returning \*$/.test(sql),
    );
    expect(takeOvers).toHaveLength(2); // superseding paused runs, ending interrupted ones
    // The question, the call, the results and the reply: each insert bumps the conversation in the same statement.
    const appends = sent.filter((sql) => sql.includes('insert into "conversation_messages"'));
    expect(appends).toHaveLength(4);
    for (const sql of appends) expect(sql).toMatch(/^with .*update "conversations" set "updated_at"/);
    const usage = sent.filter((sql) => sql.includes('insert into "model_usage"'));
    expect(usage).toHaveLength(2);
    for (const sql of usage) expect(sql).toMatch(/^with .*\) update "agent_runs" set "model_calls" = model_calls \+ 1/);
  });
});
