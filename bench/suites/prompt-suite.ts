// The prompt suite: tokens of tools + system prompt (the count endpoint with a key, else a documented estimate),
// the share of input tokens the prompt cache would serve over a scripted 6-turn conversation, and its dollars per turn.
import type Anthropic from "@anthropic-ai/sdk";
import { createAnthropicModel } from "../../src/agent/anthropic-model.ts";
import { SYSTEM_PROMPT } from "../../src/agent/prompt.ts";
import { priceFor } from "../../src/agent/pricing.ts";
import type { Config } from "../../src/config.ts";
import { createCatalogueRegistry } from "../../src/tools/catalogue.ts";
import { cacheBlocks, cacheReadShare, simulateCache } from "../cache-share.ts";
import type { Target } from "../results.ts";
import { round } from "../stats.ts";
import { valueMetric, type BenchSuite } from "../suite.ts";
import { ESTIMATE_METHOD, estimatePrefixTokens, estimateTokens, stripDescriptions } from "../token-estimate.ts";
import { turnCost, type CacheState } from "../turn-cost.ts";
import { recordConversation } from "./prompt-conversation.ts";

export const PROMPT_TOKENS_TARGET: Target = { kind: "max", value: 6000, text: "≤ 6,000 tokens" };
export const CACHE_SHARE_TARGET: Target = { kind: "min", value: 90, text: "≥ 90 % from turn 2" };
export const TURN_COST_TARGET: Target = { kind: "max", value: 0.02, text: "≤ $0.02 a turn" };

type Definitions = ReturnType<ReturnType<typeof createCatalogueRegistry>["modelDefinitions"]>;

/** Tokens of system + tools: the real count endpoint when a key is configured (the difference with and without them). */
async function countPrefix(config: Config, tools: Definitions): Promise<{ tokens: number; method: string }> {
  const estimate = () => estimatePrefixTokens(tools, SYSTEM_PROMPT);
  if (!config.anthropic.apiKey) return { tokens: estimate(), method: ESTIMATE_METHOD };
  const client = createAnthropicModel({
    apiKey: config.anthropic.apiKey,
    baseURL: config.anthropic.baseUrl,
    maxRetries: 1,
    timeoutMs: 30_000,
  });
  const messages = [{ role: "user" as const, content: "Hi" }];
  try {
    const full = await client.countTokens!({
      model: config.anthropic.model,
      system: SYSTEM_PROMPT,
      tools: tools as unknown as Anthropic.Tool[],
      messages,
    });
    const bare = await client.countTokens!({ model: config.anthropic.model, messages });
    return {
      tokens: full - bare,
      method: `Anthropic count_tokens endpoint (${config.anthropic.model}): with tools + system minus without`,
    };
  } catch (error) {
    return {
      tokens: estimate(),
      method: `${ESTIMATE_METHOD} (the count endpoint failed: ${error instanceof Error ? error.message.slice(0, 120) : String(error)})`,
    };
  }
}

export const promptSuite: BenchSuite = {
  name: "prompt",
  summary: "tokens of tools + system prompt, the prompt-cache read share over a scripted 6-turn conversation, and its dollars per turn",
  async run(ctx) {
    const tools = createCatalogueRegistry().modelDefinitions();
    const chars = JSON.stringify(tools).length + SYSTEM_PROMPT.length;
    const counted = await countPrefix(ctx.config, tools);
    const bareTools = stripDescriptions(tools) as Definitions;
    const bare = await countPrefix(ctx.config, bareTools);

    const db = await ctx.scratch();
    const conversation = await recordConversation(db, ctx.config);
    const { requests, turnOf } = conversation;
    // Block tokens for the cache share: every block is JSON as sent, so chars / 3.5 throughout (a share, so the
    // divisor largely cancels).
    const tokensOf = (text: string) => estimateTokens(text, "json");
    const ours = simulateCache(requests.map((r) => cacheBlocks(r, tokensOf)));
    // Baseline: the same requests with only the 1-hour system breakpoint, no automatic caching of the tail.
    const systemOnly = simulateCache(requests.map((r) => cacheBlocks({ ...r, cache_control: undefined } as typeof r, tokensOf)));
    const fromTurn2 = (uses: typeof ours) => uses.filter((_, i) => turnOf[i]! >= 2);
    const share = cacheReadShare(fromTurn2(ours));
    const baselineShare = cacheReadShare(fromTurn2(systemOnly));
    // Dollars per turn at the configured model's prices (src/agent/pricing.ts), the same block token estimates.
    const model = ctx.config.anthropic.model;
    const cost = (cache: CacheState) => turnCost(conversation, { model, cache, tokensOf });
    const [cold, warm, uncached] = [cost("cold"), cost("warm"), cost("off")];
    const price = priceFor(model);

    return {
      metrics: [
        valueMetric("tools + system prompt", "tokens", counted.tokens, bare.tokens, PROMPT_TOKENS_TARGET, counted.method),
        valueMetric("tools + system prompt", "chars", chars, JSON.stringify(bareTools).length + SYSTEM_PROMPT.length, null),
        valueMetric("input tokens read from cache", "%", share, baselineShare, CACHE_SHARE_TARGET),
        valueMetric("model cost per turn", "$", cold.perTurn, uncached.perTurn, TURN_COST_TARGET, `${model}, this conversation alone`),
        valueMetric("model cost per turn, prefix warm", "$", warm.perTurn, uncached.perTurn, null, `${model}, prefix cached earlier`),
      ],
      notes: [
        `tokens: ${counted.method}. Baseline = the same tools with every description removed (what the descriptions cost).`,
        `cache: ${requests.length} requests over 6 turns; baseline = the same requests with only the 1 h system breakpoint ` +
          "(no top-level cache_control). Block tokens estimated at chars / 3.5; TTLs are not modelled (the turns are seconds apart).",
        `cost: ${model} at $${price.inputPerMTok} / $${price.outputPerMTok} per million input / output tokens (src/agent/pricing.ts), ` +
          `over ${cold.turns} turns: the tools + system prefix written once with its 1 h TTL (2×), the tail with 5 min (1.25×), reads 0.1×; ` +
          "output estimated from the scripted responses (text chars / 4, tool calls chars / 3.5). Prefix warm: an earlier " +
          "conversation within the hour wrote the prefix. Baseline: the same requests with nothing cached.",
      ],
      details: {
        tools: tools.length,
        cost: { model, price, turns: cold.turns, cold, warm, uncached },
        requests: ours.map((use, i) => ({
          request: i + 1,
          turn: turnOf[i],
          input_tokens: use.inputTokens,
          cache_read_tokens: use.cacheReadTokens,
          cache_write_tokens: use.cacheWriteTokens,
          read_share_pct: use.inputTokens ? round((100 * use.cacheReadTokens) / use.inputTokens) : 0,
        })),
      },
    };
  },
};
