// What Anthropic's prompt cache would serve: each request serialized in cache order (tools → system → messages),
// block by block, and compared byte for byte with the prefixes earlier requests wrote at their breakpoints.
import type Anthropic from "@anthropic-ai/sdk";
import type { ModelRequest } from "../src/agent/model-client.ts";

export interface CacheBlock {
  /** The block exactly as sent (JSON), without its cache_control marker. */
  text: string;
  tokens: number;
  /** A cache breakpoint sits on this block. */
  breakpoint: boolean;
}

export interface CacheRules {
  /** How far before a breakpoint the cache looks for an earlier write (Anthropic: 20 blocks). */
  lookbackBlocks: number;
  /** Shorter prefixes are never cached (1,024 tokens for Sonnet and Opus). */
  minCacheableTokens: number;
}

export const ANTHROPIC_CACHE_RULES: CacheRules = { lookbackBlocks: 20, minCacheableTokens: 1024 };

export interface RequestCacheUse {
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Blocks served from the cache (0 on a miss). */
  readBlocks: number;
}

const withoutMarker = (block: object) => {
  const { cache_control: _marker, ...rest } = block as { cache_control?: unknown };
  return rest;
};
const marked = (block: unknown) =>
  typeof block === "object" && block !== null && "cache_control" in block && Boolean((block as { cache_control?: unknown }).cache_control);

/**
 * The request as the cache sees it. A leading block carries the model and tool_choice (a change there
 * invalidates everything). Block-level cache_control marks a breakpoint; a top-level cache_control puts one
 * on the last block of the request (automatic caching of the conversation tail).
 */
export function cacheBlocks(
  request: Pick<ModelRequest, "model" | "tools" | "system" | "messages" | "tool_choice">,
  tokensOf: (text: string) => number,
): CacheBlock[] {
  const blocks: CacheBlock[] = [];
  const add = (value: unknown, breakpoint: boolean, counted = true) => {
    const text = JSON.stringify(value);
    blocks.push({ text, tokens: counted ? tokensOf(text) : 0, breakpoint });
  };
  add({ model: request.model, tool_choice: request.tool_choice ?? null }, false, false);
  for (const tool of (request.tools ?? []) as object[]) add(withoutMarker(tool), marked(tool));
  const system = typeof request.system === "string" ? [{ type: "text", text: request.system }] : (request.system ?? []);
  for (const block of system) add({ system: withoutMarker(block) }, marked(block));
  for (const message of request.messages) {
    const content =
      typeof message.content === "string" ? [{ type: "text", text: message.content }] : (message.content as Anthropic.ContentBlockParam[]);
    for (const block of content) add({ role: message.role, block: withoutMarker(block) }, marked(block));
  }
  const automatic = Boolean((request as { cache_control?: unknown }).cache_control);
  if (automatic && blocks.length) blocks[blocks.length - 1]!.breakpoint = true;
  return blocks;
}

/**
 * Replays the requests in order. Request k reads the longest prefix that (a) ends within `lookbackBlocks`
 * at or before one of its breakpoints and (b) is byte-identical to a prefix an earlier request wrote at one of
 * its breakpoints; it then writes its own prefix at each breakpoint (when long enough to be cached).
 */
export function simulateCache(requests: readonly CacheBlock[][], rules: CacheRules = ANTHROPIC_CACHE_RULES): RequestCacheUse[] {
  const written = new Set<string>();
  return requests.map((blocks) => {
    const prefixes: string[] = [];
    const tokens: number[] = [];
    blocks.forEach((b, i) => {
      prefixes.push(i === 0 ? b.text : `${prefixes[i - 1]}\u0000${b.text}`);
      tokens.push((tokens[i - 1] ?? 0) + b.tokens);
    });
    const breakpoints = blocks.flatMap((b, i) => (b.breakpoint ? [i] : []));
    let hit = -1;
    for (const bp of breakpoints) {
      for (let j = bp; j >= 0 && j > bp - rules.lookbackBlocks; j--) {
        if (written.has(prefixes[j]!)) {
          hit = Math.max(hit, j);
          break;
        }
      }
    }
    const read = hit >= 0 ? tokens[hit]! : 0;
    let furthestWrite = 0;
    for (const bp of breakpoints) {
      if (tokens[bp]! < rules.minCacheableTokens) continue;
      written.add(prefixes[bp]!);
      furthestWrite = Math.max(furthestWrite, tokens[bp]!);
    }
    return {
      inputTokens: tokens[tokens.length - 1] ?? 0,
      cacheReadTokens: read,
      cacheWriteTokens: Math.max(0, furthestWrite - read),
      readBlocks: hit + 1,
    };
  });
}

/** Share (0–100) of input tokens read from the cache over the given requests. */
export function cacheReadShare(uses: readonly RequestCacheUse[]): number {
  const input = uses.reduce((sum, u) => sum + u.inputTokens, 0);
  return input === 0 ? 0 : (100 * uses.reduce((sum, u) => sum + u.cacheReadTokens, 0)) / input;
}
