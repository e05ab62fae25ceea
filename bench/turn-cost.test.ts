// Dollars per turn: each request billed as uncached input, 1-hour prefix writes, 5-minute tail writes, reads and output.
import type Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import type { ModelRequest } from "../src/agent/model-client.ts";
import { cacheBlocks } from "./cache-share.ts";
import { TOOL_USE_SYSTEM_PROMPT_TOKENS } from "./token-estimate.ts";
import { outputTokensOf, turnCost } from "./turn-cost.ts";

/** One token per character, and a price of $1 per input token and $2 per output token, keep the arithmetic visible. */
const tokensOf = (text: string) => text.length;
const prices = { unit: { inputPerMTok: 1_000_000, outputPerMTok: 2_000_000 } };
const system = [{ type: "text" as const, text: "You are Maestro.", cache_control: { type: "ephemeral" as const, ttl: "1h" as const } }];
const tools = [{ name: "get_intake_queue", description: "The queue.", input_schema: { type: "object" } }];
const request = (messages: ModelRequest["messages"]) =>
  ({ model: "unit", max_tokens: 100, tools, system, messages, cache_control: { type: "ephemeral" } }) as ModelRequest;
const user = (text: string) => ({ role: "user" as const, content: [{ type: "text" as const, text }] });
const assistant = (text: string) => ({ role: "assistant" as const, content: [{ type: "text" as const, text }] });

const requests = [request([user("q1")]), request([user("q1"), assistant("a1"), user("q2")])];
const conversation = { requests, outputTokens: [10, 20], turnOf: [1, 2] };
const [first, second] = requests.map((r) => cacheBlocks(r, tokensOf).map((b) => b.tokens));
const prefix = first![0]! + first![1]! + first![2]! + TOOL_USE_SYSTEM_PROMPT_TOKENS; // header, tool, system
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const options = { model: "unit", tokensOf, minCacheableTokens: 1, prices };

describe("turnCost", () => {
  it("bills nothing cached as input at the base price", () => {
    const cost = turnCost(conversation, { ...options, cache: "off" });
    const input = sum(first!) + sum(second!) + 2 * TOOL_USE_SYSTEM_PROMPT_TOKENS;
    expect(cost.dollars).toBeCloseTo(input + 2 * (10 + 20), 6);
    expect(cost.perTurn).toBeCloseTo(cost.dollars / 2, 9);
  });

  it("cold: the prefix written once at 2× (1 h), the tail at 1.25× (5 min), what was written read at 0.1×", () => {
    const cost = turnCost(conversation, { ...options, cache: "cold" });
    const tail1 = sum(first!) + TOOL_USE_SYSTEM_PROMPT_TOKENS - prefix; // q1
    const newIn2 = sum(second!) - sum(first!); // a1, q2
    const expected = 2 * prefix + 1.25 * tail1 + 2 * 10 + 0.1 * (prefix + tail1) + 1.25 * newIn2 + 2 * 20;
    expect(cost.dollars).toBeCloseTo(expected, 6);
    expect(cost.tokens).toEqual({ input: 0, cacheRead: prefix + tail1, cacheWrite: prefix + tail1 + newIn2, output: 30 });
  });

  it("warm: an earlier conversation wrote the prefix, so the first request reads it", () => {
    const cold = turnCost(conversation, { ...options, cache: "cold" });
    const warm = turnCost(conversation, { ...options, cache: "warm" });
    expect(cold.dollars - warm.dollars).toBeCloseTo((2 - 0.1) * prefix, 6);
  });

  it("prices by the model's entry in pricing.ts", () => {
    const sonnet = turnCost(conversation, { ...options, model: "claude-sonnet-5-5", prices: undefined, cache: "off" });
    const haiku = turnCost(conversation, { ...options, model: "claude-haiku-5-5", prices: undefined, cache: "off" });
    // $0.80 / $4 against $2 / $10 (costOf rounds each call to a millionth of a dollar)
    expect(haiku.dollars / sonnet.dollars).toBeCloseTo(0.4, 3);
  });
});

describe("outputTokensOf", () => {
  it("counts text as prose and tool calls as JSON", () => {
    const content = [
      { type: "text", text: "a".repeat(40) },
      { type: "tool_use", id: "t", name: "get_intake_queue", input: {} },
    ] as Anthropic.ContentBlock[];
    expect(outputTokensOf(content)).toBe(10 + Math.ceil('{"name":"get_intake_queue","input":{}}'.length / 3.5));
  });
});
