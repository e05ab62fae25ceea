// Interleaving: every variant once per round, the starting variant rotating, warm-up rounds discarded.
import { describe, expect, it } from "vitest";
import { measureInterleaved } from "./measure.ts";

describe("measureInterleaved", () => {
  it("rotates which variant goes first and keeps only the measured rounds", async () => {
    const order: string[] = [];
    const variant = (name: string, sample: number) => ({
      name,
      run: async () => {
        order.push(name);
        return sample;
      },
    });
    const samples = await measureInterleaved([variant("a", 1), variant("b", 2), variant("c", 3)], { warmup: 1, iterations: 3 });
    expect(order.join("")).toBe("abc" + "bca" + "cab" + "abc");
    expect(samples).toEqual({ a: [1, 1, 1], b: [2, 2, 2], c: [3, 3, 3] });
  });

  it("times a variant that returns nothing", async () => {
    const samples = await measureInterleaved([{ name: "sleep", run: () => new Promise<void>((r) => setTimeout(r, 5)) }], {
      warmup: 0,
      iterations: 2,
    });
    expect(samples.sleep).toHaveLength(2);
    for (const ms of samples.sleep!) expect(ms).toBeGreaterThanOrEqual(4);
  });
});
