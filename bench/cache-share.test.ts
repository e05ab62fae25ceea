// The prompt-cache calculator: literal prefix comparison at breakpoints, the lookback window, the minimum size.
import { describe, expect, it } from "vitest";
import type { ModelRequest } from "../src/agent/model-client.ts";
import { cacheBlocks, cacheReadShare, simulateCache, type CacheBlock } from "./cache-share.ts";

/** One token per character keeps the arithmetic visible. */
const tokensOf = (text: string) => text.length;
const tools = [{ name: "get_intake_queue", description: "The queue.", input_schema: { type: "object" } }];
const system = [
  { type: "text" as const, text: "You are Maestro.".repeat(10), cache_control: { type: "ephemeral" as const, ttl: "1h" as const } },
];

function request(messages: ModelRequest["messages"], options: { automatic?: boolean; model?: string } = {}): ModelRequest {
  return {
    model: options.model ?? "claude-sonnet-5-5",
    max_tokens: 100,
    tools: tools as ModelRequest["tools"],
    system,
    messages,
    ...(options.automatic === false ? {} : { cache_control: { type: "ephemeral" } }),
  } as ModelRequest;
}

const user = (text: string) => ({ role: "user" as const, content: [{ type: "text" as const, text }] });
const assistant = (text: string) => ({ role: "assistant" as const, content: [{ type: "text" as const, text }] });
const rules = { lookbackBlocks: 20, minCacheableTokens: 1 };

describe("cacheBlocks", () => {
  it("serializes tools, system and messages in cache order, without the cache_control markers", () => {
    const blocks = cacheBlocks(request([user("hi")]), tokensOf);
    expect(blocks).toHaveLength(4); // header, 1 tool, 1 system block, 1 message block
    expect(blocks[1]!.text).toContain("get_intake_queue");
    expect(blocks[2]!.text).toContain("You are Maestro.");
    expect(blocks[2]!.text).not.toContain("cache_control");
    expect(blocks.map((b) => b.breakpoint)).toEqual([false, false, true, true]);
  });

  it("puts no breakpoint on the last block without top-level cache_control", () => {
    const blocks = cacheBlocks(request([user("hi")], { automatic: false }), tokensOf);
    expect(blocks.map((b) => b.breakpoint)).toEqual([false, false, true, false]);
  });
});

describe("simulateCache", () => {
  const turn1 = request([user("What's in the queue?")]);
  const turn2 = request([user("What's in the queue?"), assistant("Three intakes."), user("And approvals?")]);

  it("reads the whole previous request when the new one extends it byte for byte", () => {
    const [first, second] = simulateCache(
      [turn1, turn2].map((r) => cacheBlocks(r, tokensOf)),
      rules,
    );
    expect(first!.cacheReadTokens).toBe(0);
    expect(first!.cacheWriteTokens).toBe(first!.inputTokens);
    expect(second!.cacheReadTokens).toBe(first!.inputTokens);
    expect(second!.cacheWriteTokens).toBe(second!.inputTokens - first!.inputTokens);
    expect(cacheReadShare([second!])).toBeCloseTo((100 * first!.inputTokens) / second!.inputTokens, 10);
  });

  it("falls back to the tools + system prefix when an earlier message changed by one character", () => {
    const edited = request([user("What's in the queue!"), assistant("Three intakes."), user("And approvals?")]);
    const [, second] = simulateCache(
      [turn1, edited].map((r) => cacheBlocks(r, tokensOf)),
      rules,
    );
    const prefix = cacheBlocks(turn1, tokensOf)
      .slice(0, 3)
      .reduce((sum, b) => sum + b.tokens, 0);
    expect(second!.cacheReadTokens).toBe(prefix);
    expect(second!.readBlocks).toBe(3);
  });

  it("reads only the system breakpoint's prefix without automatic caching of the tail", () => {
    const uses = simulateCache(
      [turn1, turn2].map((r) => cacheBlocks({ ...r, cache_control: undefined } as ModelRequest, tokensOf)),
      rules,
    );
    const prefix = cacheBlocks(turn1, tokensOf)
      .slice(0, 3)
      .reduce((sum, b) => sum + b.tokens, 0);
    expect(uses.map((u) => u.cacheReadTokens)).toEqual([0, prefix]);
  });

  it("misses everything when the model changes", () => {
    const uses = simulateCache(
      [turn1, request(turn2.messages, { model: "claude-opus-5-5" })].map((r) => cacheBlocks(r, tokensOf)),
      rules,
    );
    expect(uses[1]!.cacheReadTokens).toBe(0);
  });

  it("looks back at most `lookbackBlocks` blocks before a breakpoint", () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ text: `b${i}`, tokens: 10, breakpoint: false }));
    const written: CacheBlock[] = [...many(3)];
    written[2]!.breakpoint = true;
    const longer = (extra: number): CacheBlock[] => {
      const blocks = [...many(3 + extra)].map((b) => ({ ...b }));
      blocks[blocks.length - 1]!.breakpoint = true;
      return blocks;
    };
    // The write ends at block index 2. A breakpoint's window is itself and the 19 blocks before it: from index 21
    // it still reaches index 2, from index 22 it does not.
    expect(simulateCache([written, longer(19)], rules)[1]!.cacheReadTokens).toBe(30);
    expect(simulateCache([written, longer(20)], rules)[1]!.cacheReadTokens).toBe(0);
  });

  it("never caches a prefix shorter than the minimum", () => {
    const uses = simulateCache(
      [turn1, turn2].map((r) => cacheBlocks(r, tokensOf)),
      { lookbackBlocks: 20, minCacheableTokens: 1_000_000 },
    );
    expect(uses.map((u) => u.cacheReadTokens)).toEqual([0, 0]);
    expect(uses.map((u) => u.cacheWriteTokens)).toEqual([0, 0]);
  });

  it("is 0 % over no input", () => {
    expect(cacheReadShare([])).toBe(0);
  });
});
