// History for the model: repaired into a valid alternation, and trimmed only where no pair is split.
import type Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { buildHistory, extendTranscript, INTERRUPTED_RESULT, repairTranscript, type StoredMessage } from "./history.ts";

let seq = 0;
const user = (text: string, tokens = 10): StoredMessage => ({
  seq: ++seq,
  role: "user",
  content: [{ type: "text", text }],
  token_estimate: tokens,
});
const assistant = (text: string, tokens = 10): StoredMessage => ({
  seq: ++seq,
  role: "assistant",
  content: [{ type: "text", text }],
  token_estimate: tokens,
});
const toolUse = (id: string, tokens = 10): StoredMessage => ({
  seq: ++seq,
  role: "assistant",
  content: [{ type: "tool_use", id, name: "get_intake_queue", input: {} }],
  token_estimate: tokens,
});
const toolResult = (id: string, tokens = 10): StoredMessage => ({
  seq: ++seq,
  role: "user",
  content: [{ type: "tool_result", tool_use_id: id, content: "{}" }],
  token_estimate: tokens,
});

/** Every tool_use is answered by exactly one tool_result in the very next message. */
function assertValid(messages: Anthropic.MessageParam[]) {
  expect(messages[0]!.role).toBe("user");
  for (let i = 0; i < messages.length; i++) {
    if (i > 0) expect(messages[i]!.role).not.toBe(messages[i - 1]!.role);
    const blocks = messages[i]!.content as Anthropic.ContentBlockParam[];
    const uses = blocks.filter((b): b is Anthropic.ToolUseBlockParam => b.type === "tool_use").map((b) => b.id);
    const results = ((messages[i + 1]?.content ?? []) as Anthropic.ContentBlockParam[])
      .filter((b): b is Anthropic.ToolResultBlockParam => b.type === "tool_result")
      .map((b) => b.tool_use_id);
    expect(results.slice(0, uses.length)).toEqual(uses);
    if (blocks.some((b) => b.type === "tool_result")) {
      const previous = (messages[i - 1]?.content ?? []) as Anthropic.ContentBlockParam[];
      expect(previous.some((b) => b.type === "tool_use")).toBe(true);
    }
  }
}

describe("repairTranscript", () => {
  it("answers a tool call left without a result (a crash mid-step) and merges consecutive user turns", () => {
    const repaired = repairTranscript([user("q1"), toolUse("t1"), user("q2"), user("q3")]);
    expect(repaired.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(repaired[2]!.content[0]).toMatchObject({ type: "tool_result", tool_use_id: "t1", content: INTERRUPTED_RESULT, is_error: true });
    expect(repaired[2]!.content.slice(1)).toEqual([
      { type: "text", text: "q2" },
      { type: "text", text: "q3" },
    ]);
    assertValid(repaired.map((m) => ({ role: m.role, content: m.content })));
  });

  it("closes an assistant tool call followed directly by another assistant message", () => {
    const repaired = repairTranscript([user("q"), toolUse("t1"), assistant("a")]);
    expect(repaired.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
  });
});

describe("buildHistory", () => {
  it("keeps everything under the budget", () => {
    const stored = [user("q1"), toolUse("t1"), toolResult("t1"), assistant("a1"), user("q2")];
    const built = buildHistory(stored, 1_000);
    expect(built.droppedMessages).toBe(0);
    expect(built.messages).toHaveLength(5);
    assertValid(built.messages);
  });

  it("cuts only at a turn's start, never between a tool call and its result, and says so", () => {
    const stored: StoredMessage[] = [];
    for (let turn = 0; turn < 30; turn++) {
      stored.push(user(`question ${turn}`, 50), toolUse(`t${turn}`, 50), toolResult(`t${turn}`, 400), assistant(`answer ${turn}`, 50));
    }
    stored.push(user("latest", 50));
    const built = buildHistory(stored, 2_000);
    expect(built.droppedMessages).toBeGreaterThan(0);
    expect(built.estimatedTokens).toBeLessThanOrEqual(2_000);
    assertValid(built.messages);
    const first = built.messages[0]!.content as Anthropic.TextBlockParam[];
    expect(first[0]!.text).toMatch(/Earlier messages in this conversation were left out/);
    expect(first[1]!.text).toMatch(/^question \d+$/);
    expect(JSON.stringify(built.messages.at(-1))).toContain("latest");
  });

  it("keeps the current turn whole even when it alone is over the budget", () => {
    const stored = [user("old", 10), assistant("old answer", 10), user("now", 10), toolUse("t1", 10), toolResult("t1", 5_000)];
    const built = buildHistory(stored, 1_000);
    assertValid(built.messages);
    expect(JSON.stringify(built.messages[0])).toContain("now");
    expect(built.messages).toHaveLength(3);
  });
});

describe("extendTranscript", () => {
  it("appends what follows on without a gap, and gives up (read it again) at any gap", () => {
    const known = [user("q"), toolUse("t1")];
    const [result, answer] = [toolResult("t1"), assistant("a")];
    expect(extendTranscript(known, [result, answer])).toEqual([...known, result, answer]);
    expect(extendTranscript([], [{ ...result, seq: 1 }])).toHaveLength(1);
    // Something else took a seq in between (a late decision's note): the carried transcript would miss it.
    const afterGap = { ...assistant("a2"), seq: answer.seq + 2 };
    expect(extendTranscript([...known, result, answer], [afterGap])).toBeUndefined();
    expect(extendTranscript(known, [answer, result])).toBeUndefined();
  });
});
