// Model calls under their deadlines, against a loopback Anthropic API that hangs (before its headers, mid-stream),
// pings, garbles its JSON or rate-limits: the real SDK client, the real loop, small deadlines (hundreds of ms).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { agentUser, createTestAgent, newThread } from "../testing/agent-harness.ts";
import { insertStaff, type TestUser } from "../testing/fixtures/people.ts";
import { serveModelWire, type ModelWire } from "../testing/model-wire.ts";
import { answerOne } from "../testing/recording-responder.ts";
import { reply } from "../testing/scripted-model.ts";
import { testConfig } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import type { TurnObserver } from "./agent-types.ts";
import { createAnthropicModel } from "./anthropic-model.ts";
import { ModelTimeoutError } from "./model-deadline.ts";
import { classifyModelError } from "./model-errors.ts";

let db: TestDatabase;
let staff: TestUser;
let wire: ModelWire;
beforeAll(async () => {
  db = await createTestDatabase();
  staff = await insertStaff(db.knex, "Sam Staff");
});
afterAll(() => db?.drop());
afterEach(() => wire?.close());

const request = { model: "claude-sonnet-5-5", max_tokens: 50, messages: [{ role: "user" as const, content: "hi" }] };
const client = (idleTimeoutMs: number) => createAnthropicModel({ apiKey: "sk-ant-test-000", baseURL: wire.url, idleTimeoutMs });
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("the call succeeded"),
    (error: unknown) => error,
  );

describe("one model call (the client)", () => {
  it("aborts a call whose headers never come at its idle deadline", async () => {
    wire = await serveModelWire([{ hang: "before-headers" }]);
    const error = await rejection(client(1000).createMessage(request));
    expect(error).toBeInstanceOf(ModelTimeoutError);
    expect(error).toMatchObject({ kind: "idle", ms: 1000 });
    expect(wire.requests).toHaveLength(1);
  });

  it("aborts a stream that stops after some text, having passed the text on", async () => {
    wire = await serveModelWire([{ hang: "mid-stream", text: "Three new intakes" }]);
    const seen: string[] = [];
    const error = await rejection(client(300).createMessage(request, { onTextDelta: (t) => seen.push(t) }));
    expect(seen).toEqual(["Three new intakes"]);
    expect(error).toMatchObject({ name: "ModelTimeoutError", kind: "idle" });
  });

  it("counts bytes, not events: pings keep a slow stream alive past the idle deadline", async () => {
    wire = await serveModelWire([{ message: reply("Worth the wait."), pingMs: 50, pingsFor: 1500 }]);
    const response = await client(600).createMessage(request);
    expect(response.content).toMatchObject([{ type: "text", text: "Worth the wait." }]);
  });

  it("stops at once when the caller aborts (a Stop), with the caller's reason", async () => {
    wire = await serveModelWire([{ hang: "mid-stream", text: "Partial" }]);
    const stop = new AbortController();
    const call = client(60_000).createMessage(request, { signal: stop.signal, onTextDelta: () => stop.abort(new Error("stopped by Sam")) });
    expect(await rejection(call)).toMatchObject({ message: "stopped by Sam" });
  });

  it("reads a body cut off mid-JSON as a garbled answer, not as a dropped connection", async () => {
    wire = await serveModelWire([{ truncated: true }]);
    const error = await rejection(client(5_000).createMessage(request));
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    const failure = classifyModelError(error);
    expect(failure.userMessage).toMatch(/couldn't read/);
    expect(failure.userMessage).not.toMatch(/connection/);
    expect(failure.logMessage).toMatch(/malformed response/);
  });
});

/** A turn with small deadlines; `events` records what the person was shown, in order, and the outcome last. */
async function turnAgainst(acts: Parameters<typeof serveModelWire>[0], env: Record<string, string>) {
  wire = await serveModelWire(acts);
  const config = testConfig({ ANTHROPIC_BASE_URL: wire.url, ...env });
  const model = createAnthropicModel({ apiKey: "sk-ant-test-000", baseURL: wire.url, idleTimeoutMs: 60_000 });
  const agent = createTestAgent(db, model, { config });
  const events: string[] = [];
  const observer: TurnObserver = {
    onTextDelta: (text) => events.push(`text: ${text}`),
    onRetry: () => events.push("retry"),
    onNotice: (text) => events.push(`notice: ${text}`),
  };
  const outcome = await answerOne(agent, { conversation: newThread(), user: agentUser(staff), text: "queue?", trigger: "dm" }, observer);
  events.push(`${outcome.kind}: ${"text" in outcome ? outcome.text : ""}`);
  const run = "runId" in outcome ? await db.knex("agent_runs").where({ id: outcome.runId }).first() : undefined;
  return { outcome, events, run };
}

// Hundreds of ms, yet above the stalls of a busy machine: a timer that fires before the server has read the request
// would make a try invisible to the wire's count.
const small = { MAESTRO_MODEL_IDLE_TIMEOUT_MS: "500", MAESTRO_MODEL_TIMEOUT_MS: "5000", MAESTRO_PROGRESS_NOTICE_MS: "250" };

describe("a turn whose model hangs", () => {
  it("before its headers: the person is told it is still working, then a clear failure; three tries, the run failed", async () => {
    const hang = { hang: "before-headers" } as const;
    const { events, run } = await turnAgainst([hang, hang, hang, { message: reply("never asked for") }], small);
    expect(events).toEqual([
      expect.stringMatching(/^notice: Still working on it.*within about 5 seconds/),
      "retry",
      "retry",
      expect.stringMatching(/^failed: The model service stopped answering/),
    ]);
    // The loop's retries (2) are the only ones: the SDK made none of its own.
    expect(wire.requests).toHaveLength(3);
    expect(run).toMatchObject({ status: "failed", error: expect.stringMatching(/ModelTimeoutError.*nothing for 500 ms/) });
  });

  it("mid-stream after some text: the text is dropped for a retry, and the retry's answer is the reply", async () => {
    const { events, run } = await turnAgainst([{ hang: "mid-stream", text: "Partial" }, { message: reply("Two new intakes.") }], small);
    const notice = events.findIndex((e) => e.startsWith("notice: Still working"));
    // The notice may come before or after the partial text (both precede the silence that ends the try), never after the retry.
    expect(notice).toBeGreaterThanOrEqual(0);
    expect(notice).toBeLessThan(events.indexOf("retry"));
    expect(events.filter((_, i) => i !== notice)).toEqual(["text: Partial", "retry", "text: Two new intakes.", "reply: Two new intakes."]);
    expect(run).toMatchObject({ status: "completed" });
  });

  it("on a stream kept alive by pings but never finishing: the step's whole deadline ends it, with no retry past it", async () => {
    const endless = { message: reply("too late"), pingMs: 50, pingsFor: 60_000 };
    const { events, run } = await turnAgainst([endless, endless], { ...small, MAESTRO_MODEL_TIMEOUT_MS: "900" });
    expect(events.at(-1)).toMatch(/^failed: The model service stopped answering/);
    expect(events).not.toContain("retry");
    expect(wire.requests).toHaveLength(1);
    expect(run).toMatchObject({ status: "failed", error: expect.stringMatching(/ran out of its 900 ms/) });
  });

  it("a rate limit whose Retry-After outlasts the step is not waited for: the person is told at once", async () => {
    const limited = { status: 429, error: { type: "rate_limit_error", message: "slow down" }, headers: { "retry-after": "60" } };
    const { events, run } = await turnAgainst([limited, { message: reply("never asked for") }], small);
    expect(events).toEqual([expect.stringMatching(/^failed: .*rate limiting/)]);
    expect(wire.requests).toHaveLength(1);
    expect(run).toMatchObject({ status: "failed" });
  });

  it("a garbled body is retried as a bad answer, and the retry's answer is the reply", async () => {
    const { events, run } = await turnAgainst([{ truncated: true }, { message: reply("Read fine this time.") }], small);
    expect(run).toMatchObject({ status: "completed" });
    expect(events.filter((e) => !e.startsWith("notice"))).toEqual(["retry", "text: Read fine this time.", "reply: Read fine this time."]);
  });
});
