// The Anthropic ModelClient against nock at the HTTP boundary: the request we send, streaming, no retries of its own.
// (Its deadlines, against a loopback server that hangs: model-deadlines.test.ts.)
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { agentUser, createTestAgent, newThread } from "../testing/agent-harness.ts";
import { answerOne } from "../testing/recording-responder.ts";
import { insertIntake } from "../testing/fixtures/intakes.ts";
import { insertStaff, type TestUser } from "../testing/fixtures/people.ts";
import { messageEvents } from "../testing/model-wire.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { CATALOGUE } from "../tools/catalogue.ts";
import { createAnthropicModel } from "./anthropic-model.ts";
import type { ModelResponse } from "./model-client.ts";

const BASE = "https://anthropic.test";
const usage = { input_tokens: 1200, output_tokens: 40, cache_creation_input_tokens: 0, cache_read_input_tokens: 1000 };
const message = (content: unknown[], stop_reason: string) => ({
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-5-5",
  content,
  stop_reason,
  stop_sequence: null,
  usage,
});

/** A message as the event stream the client always asks for. */
const streamed = (content: unknown[], stop_reason: string) => messageEvents(message(content, stop_reason) as unknown as ModelResponse);
const SSE = { "content-type": "text/event-stream" };

function sse(events: { event: string; data: unknown }[]): string {
  return events.map((e) => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`).join("");
}

let db: TestDatabase;
let staff: TestUser;
beforeAll(async () => {
  db = await createTestDatabase();
  staff = await insertStaff(db.knex, "Sam Staff");
  nock.disableNetConnect();
});
afterAll(async () => {
  nock.enableNetConnect();
  await db?.drop();
});
beforeEach(() => nock.cleanAll());
afterEach(() => expect(nock.pendingMocks()).toEqual([]));

describe("createAnthropicModel", () => {
  it("sends the key, no sampling parameters, asks for a stream, and returns the message", async () => {
    let body: Record<string, unknown> = {};
    let headers: Record<string, unknown> = {};
    nock(BASE)
      .post("/v1/messages")
      .reply(function (_uri, requestBody) {
        body = requestBody as Record<string, unknown>;
        headers = this.req.headers;
        return [200, streamed([{ type: "text", text: "hi" }], "end_turn"), SSE];
      });
    const model = createAnthropicModel({ apiKey: "sk-ant-test-000", baseURL: BASE });
    const response = await model.createMessage({
      model: "claude-sonnet-5-5",
      max_tokens: 100,
      messages: [{ role: "user", content: "hello" }],
    });
    expect(response.content).toEqual([{ type: "text", text: "hi" }]);
    expect(JSON.stringify(headers)).toContain("sk-ant-test-000");
    expect(headers["anthropic-version"]).toBeTruthy();
    for (const key of ["temperature", "top_p", "top_k"]) expect(body).not.toHaveProperty(key);
    expect(body.stream).toBe(true);
  });

  it("streams text deltas and assembles the final message", async () => {
    nock(BASE)
      .post("/v1/messages")
      .reply(
        200,
        sse([
          { event: "message_start", data: { type: "message_start", message: { ...message([], null as unknown as string), usage } } },
          { event: "content_block_start", data: { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } } },
          {
            event: "content_block_delta",
            data: { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Three new " } },
          },
          {
            event: "content_block_delta",
            data: { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "intakes." } },
          },
          { event: "content_block_stop", data: { type: "content_block_stop", index: 0 } },
          {
            event: "message_delta",
            data: { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 5 } },
          },
          { event: "message_stop", data: { type: "message_stop" } },
        ]),
        { "content-type": "text/event-stream" },
      );
    const deltas: string[] = [];
    const model = createAnthropicModel({ apiKey: "sk-ant-test-000", baseURL: BASE });
    const response = await model.createMessage(
      { model: "claude-sonnet-5-5", max_tokens: 100, messages: [{ role: "user", content: "queue?" }] },
      { onTextDelta: (t) => deltas.push(t) },
    );
    expect(deltas).toEqual(["Three new ", "intakes."]);
    expect(response).toMatchObject({ stop_reason: "end_turn", content: [{ type: "text", text: "Three new intakes." }] });
  });

  it("makes no retries of its own: a 529 reaches the caller at once (the agent's loop is the one layer that retries)", async () => {
    nock(BASE)
      .post("/v1/messages")
      .reply(529, { type: "error", error: { type: "overloaded_error", message: "Overloaded" } }, { "retry-after-ms": "1" });
    const model = createAnthropicModel({ apiKey: "sk-ant-test-000", baseURL: BASE });
    const call = model.createMessage({ model: "claude-sonnet-5-5", max_tokens: 10, messages: [{ role: "user", content: "x" }] });
    await expect(call).rejects.toMatchObject({ status: 529 });
  });
});

describe("a whole turn over HTTP", () => {
  it("calls a tool, feeds the result back, and stores usage and cost", async () => {
    await insertIntake(db.knex, { name: "Dana Reyes" });
    const bodies: { messages: { role: string; content: unknown }[]; tools: unknown[] }[] = [];
    nock(BASE)
      .post("/v1/messages")
      .reply(
        200,
        (_uri, body) => {
          bodies.push(body as never);
          return streamed([{ type: "tool_use", id: "toolu_01", name: "get_intake_queue", input: {} }], "tool_use");
        },
        SSE,
      )
      .post("/v1/messages")
      .reply(
        200,
        (_uri, body) => {
          bodies.push(body as never);
          return streamed([{ type: "text", text: "One new intake: Dana Reyes." }], "end_turn");
        },
        SSE,
      );
    const agent = createTestAgent(db, createAnthropicModel({ apiKey: "sk-ant-test-000", baseURL: BASE }));
    const outcome = await answerOne(agent, {
      conversation: newThread(),
      user: agentUser(staff),
      text: "What's in my intake queue?",
      trigger: "dm",
    });
    expect(outcome).toMatchObject({ kind: "reply", text: "One new intake: Dana Reyes." });
    expect(bodies).toHaveLength(2);
    expect(bodies[0]!.tools).toHaveLength(CATALOGUE.length); // every tool is offered; authorization happens at the call
    const toolResult = (bodies[1]!.messages.at(-1)!.content as { type: string; content: string }[])[0]!;
    expect(toolResult).toMatchObject({ type: "tool_result", tool_use_id: "toolu_01" });
    expect(toolResult.content).toContain("Dana Reyes");
    const run = await db.knex("agent_runs").first();
    // 1200 input at $2/M + 40 output at $10/M + 1000 cache reads at $0.2/M, twice.
    expect(run).toMatchObject({ model_calls: 2, input_tokens: 2400, output_tokens: 80, cache_read_tokens: 2000 });
    expect(Number(run.cost_usd)).toBeCloseTo(2 * (1200 * 2e-6 + 40 * 1e-5 + 1000 * 2e-7), 6);
  });
});
