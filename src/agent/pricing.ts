// What a model call costs: a price table per model (US dollars per million tokens) and the arithmetic.
import type Anthropic from "@anthropic-ai/sdk";

export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

/** Current list prices; unknown models are priced as Sonnet so the budget errs on the safe side. */
export const DEFAULT_PRICES: Record<string, ModelPrice> = {
  "claude-sonnet-5-5": { inputPerMTok: 2, outputPerMTok: 10 },
  "claude-haiku-5-5": { inputPerMTok: 0.8, outputPerMTok: 4 },
  "claude-opus-5-5": { inputPerMTok: 10, outputPerMTok: 50 },
};

const CACHE_READ_FACTOR = 0.1;
const CACHE_WRITE_5M_FACTOR = 1.25;
const CACHE_WRITE_1H_FACTOR = 2;

export interface UsageTokens {
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  costUsd: number;
}

export function priceFor(model: string, prices: Record<string, ModelPrice> = DEFAULT_PRICES): ModelPrice {
  return prices[model] ?? Object.entries(prices).find(([name]) => model.startsWith(name))?.[1] ?? DEFAULT_PRICES["claude-sonnet-5-5"]!;
}

export function costOf(model: string, usage: Anthropic.Usage, prices?: Record<string, ModelPrice>): UsageTokens {
  const price = priceFor(model, prices);
  const write1h = usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const write5m = Math.max(0, cacheWrite - write1h);
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const perToken = (perMTok: number) => perMTok / 1_000_000;
  const costUsd =
    usage.input_tokens * perToken(price.inputPerMTok) +
    usage.output_tokens * perToken(price.outputPerMTok) +
    write5m * perToken(price.inputPerMTok) * CACHE_WRITE_5M_FACTOR +
    write1h * perToken(price.inputPerMTok) * CACHE_WRITE_1H_FACTOR +
    cacheRead * perToken(price.inputPerMTok) * CACHE_READ_FACTOR;
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cacheWriteTokens: cacheWrite,
    cacheReadTokens: cacheRead,
    costUsd: Math.round(costUsd * 1e6) / 1e6,
  };
}
