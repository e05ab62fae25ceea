// Model call costs from the price table, including cache writes (5 min and 1 h) and cache reads.
import type Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { costOf, priceFor } from "./pricing.ts";

const usage = (u: Partial<Anthropic.Usage> & { write1h?: number }): Anthropic.Usage =>
  ({
    input_tokens: u.input_tokens ?? 0,
    output_tokens: u.output_tokens ?? 0,
    cache_creation_input_tokens: u.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: u.cache_read_input_tokens ?? 0,
    cache_creation:
      u.write1h === undefined
        ? null
        : { ephemeral_1h_input_tokens: u.write1h, ephemeral_5m_input_tokens: (u.cache_creation_input_tokens ?? 0) - u.write1h },
  }) as unknown as Anthropic.Usage;

describe("costOf", () => {
  it("prices Sonnet 5.5 at $2 in and $10 out per million", () => {
    expect(costOf("claude-sonnet-5-5", usage({ input_tokens: 1_000_000, output_tokens: 100_000 })).costUsd).toBeCloseTo(3, 6);
  });

  it("prices cache reads at 0.1× and cache writes at 1.25× (5 min) and 2× (1 h) of input", () => {
    const cost = costOf(
      "claude-sonnet-5-5",
      usage({ cache_read_input_tokens: 1_000_000, cache_creation_input_tokens: 2_000_000, write1h: 1_000_000 }),
    );
    expect(cost.costUsd).toBeCloseTo(0.2 + 2.5 + 4, 6);
    expect(cost).toMatchObject({ cacheReadTokens: 1_000_000, cacheWriteTokens: 2_000_000 });
  });

  it("prices an unknown model as Sonnet so the budget errs on the safe side", () => {
    expect(priceFor("claude-something-new")).toEqual(priceFor("claude-sonnet-5-5"));
    expect(priceFor("claude-haiku-5-5-20261101")).toEqual(priceFor("claude-haiku-5-5"));
  });
});
