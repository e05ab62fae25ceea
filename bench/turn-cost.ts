// Dollars per conversation turn: a recorded conversation's requests through the prompt-cache simulation, each priced
// by src/agent/pricing.ts for the configured model: the tools + system prefix written with its 1-hour TTL, the
// conversation tail with the 5-minute one, reads at 0.1×, output at the output price.
import type Anthropic from "@anthropic-ai/sdk";
import type { ModelRequest } from "../src/agent/model-client.ts";
import { costOf, type ModelPrice } from "../src/agent/pricing.ts";
import { cacheBlocks, simulateCache, type CacheBlock, type RequestCacheUse } from "./cache-share.ts";
import { estimateTokens, TOOL_USE_SYSTEM_PROMPT_TOKENS } from "./token-estimate.ts";

/**
 * cold: this conversation alone, its first request writing the prefix; warm: the prefix already cached by an earlier
 * conversation within the hour (a studio that talks to Maestro through the day); off: nothing cached.
 */
export type CacheState = "cold" | "warm" | "off";

export interface TurnCost {
  turns: number;
  dollars: number;
  perTurn: number;
  tokens: { input: number; cacheRead: number; cacheWrite: number; output: number };
}

/** Output tokens of a response: its text as prose, its tool calls as the JSON the model writes. */
export function outputTokensOf(content: readonly Anthropic.ContentBlock[]): number {
  return content.reduce((sum, block) => {
    if (block.type === "text") return sum + estimateTokens(block.text, "prose");
    if (block.type === "tool_use") return sum + estimateTokens(JSON.stringify({ name: block.name, input: block.input }), "json");
    return sum;
  }, 0);
}

/** Index of the prefix's breakpoint (the last marked block before the messages), -1 when the prefix is not cached. */
function prefixBreakpoint(request: ModelRequest, blocks: readonly CacheBlock[]): number {
  const system = typeof request.system === "string" ? 1 : (request.system?.length ?? 0);
  const beforeMessages = 1 + (request.tools?.length ?? 0) + system;
  for (let i = beforeMessages - 1; i >= 0; i--) if (blocks[i]!.breakpoint) return i;
  return -1;
}

const tokensUpTo = (blocks: readonly CacheBlock[], index: number) => blocks.slice(0, index + 1).reduce((sum, b) => sum + b.tokens, 0);

/** What each request is billed as: uncached input, 1-hour and 5-minute cache writes, cache reads, output. */
function usageOf(use: RequestCacheUse, prefix: { index: number; tokens: number; written: boolean }, output: number): Anthropic.Usage {
  // Anthropic's tool-use system prompt rides with the prefix: read with it, or written with it.
  const prefixRead = prefix.index >= 0 && use.readBlocks > prefix.index;
  const read = use.cacheReadTokens + (prefixRead ? TOOL_USE_SYSTEM_PROMPT_TOKENS : 0);
  const write1h = !prefixRead && prefix.written ? prefix.tokens + TOOL_USE_SYSTEM_PROMPT_TOKENS : 0;
  const write5m = use.cacheWriteTokens - (!prefixRead && prefix.written ? prefix.tokens : 0);
  const input = use.inputTokens + TOOL_USE_SYSTEM_PROMPT_TOKENS - read - write1h - write5m;
  return {
    input_tokens: input,
    output_tokens: output,
    cache_read_input_tokens: read,
    cache_creation_input_tokens: write1h + write5m,
    cache_creation: { ephemeral_1h_input_tokens: write1h, ephemeral_5m_input_tokens: write5m },
  } as Anthropic.Usage;
}

export function turnCost(
  conversation: { requests: readonly ModelRequest[]; outputTokens: readonly number[]; turnOf: readonly number[] },
  options: {
    model: string;
    cache: CacheState;
    tokensOf: (text: string) => number;
    minCacheableTokens?: number;
    prices?: Record<string, ModelPrice>;
  },
): TurnCost {
  const blocks = conversation.requests.map((r) => cacheBlocks(r, options.tokensOf));
  const prefixes = conversation.requests.map((r, i) => {
    const index = prefixBreakpoint(r, blocks[i]!);
    const tokens = index < 0 ? 0 : tokensUpTo(blocks[i]!, index);
    return { index, tokens, written: options.cache !== "off" && index >= 0 && tokens >= (options.minCacheableTokens ?? 1024) };
  });
  const rules = { lookbackBlocks: 20, minCacheableTokens: options.minCacheableTokens ?? 1024 };
  const uses: RequestCacheUse[] =
    options.cache === "off"
      ? blocks.map((b) => ({ inputTokens: tokensUpTo(b, b.length - 1), cacheReadTokens: 0, cacheWriteTokens: 0, readBlocks: 0 }))
      : options.cache === "warm" && prefixes[0]!.index >= 0
        ? simulateCache([blocks[0]!.slice(0, prefixes[0]!.index + 1), ...blocks], rules).slice(1)
        : simulateCache(blocks, rules);
  const total = { dollars: 0, input: 0, cacheRead: 0, cacheWrite: 0, output: 0 };
  uses.forEach((use, i) => {
    const usage = usageOf(use, prefixes[i]!, conversation.outputTokens[i] ?? 0);
    total.dollars += costOf(options.model, usage, options.prices).costUsd;
    total.input += usage.input_tokens;
    total.cacheRead += usage.cache_read_input_tokens ?? 0;
    total.cacheWrite += usage.cache_creation_input_tokens ?? 0;
    total.output += usage.output_tokens;
  });
  const turns = new Set(conversation.turnOf).size;
  return {
    turns,
    dollars: total.dollars,
    perTurn: turns ? total.dollars / turns : 0,
    tokens: { input: total.input, cacheRead: total.cacheRead, cacheWrite: total.cacheWrite, output: total.output },
  };
}
