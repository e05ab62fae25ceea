// Percentiles and summaries: the numbers every suite reports.
import { describe, expect, it } from "vitest";
import { percentile, percentileSorted, ratio, round, summarize } from "./stats.ts";

describe("percentile", () => {
  it("interpolates linearly between ranks (R-7)", () => {
    expect(percentile([1, 2], 50)).toBe(1.5);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBeCloseTo(9.55, 10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBeCloseTo(9.1, 10);
  });

  it("gives the extremes at 0 and 100, and the one value of a single sample", () => {
    expect(percentile([5, 9, 7], 0)).toBe(5);
    expect(percentile([5, 9, 7], 100)).toBe(9);
    expect(percentile([4.2], 99)).toBe(4.2);
  });

  it("does not reorder the caller's samples", () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
  });

  it("refuses no samples and a percentile outside 0..100", () => {
    expect(() => percentileSorted([], 50)).toThrow(/no samples/);
    expect(() => percentile([1], 101)).toThrow(/0..100/);
    expect(() => percentile([1], Number.NaN)).toThrow(/0..100/);
  });
});

describe("summarize", () => {
  it("reports n, min, mean, p50, p95, p99 and max", () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    const s = summarize(samples);
    expect(s).toMatchObject({ n: 100, min: 1, max: 100, mean: 50.5 });
    expect(s.p50).toBeCloseTo(50.5, 10);
    expect(s.p95).toBeCloseTo(95.05, 10);
    expect(s.p99).toBeCloseTo(99.01, 10);
  });

  it("keeps a slow outlier out of the median but in the tail", () => {
    const s = summarize([1, 1, 1, 1, 1, 1, 1, 1, 1, 50]);
    expect(s.p50).toBe(1);
    expect(s.p99).toBeGreaterThan(40);
  });
});

describe("ratio and round", () => {
  it("divides, and has no ratio to a zero or missing baseline", () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(3, null)).toBeNull();
  });

  it("rounds to three significant digits below 100, whole numbers above", () => {
    expect(round(1.23456)).toBe(1.23);
    expect(round(0.0123456)).toBe(0.0123);
    expect(round(12.345)).toBe(12.3);
    expect(round(1234.5)).toBe(1235);
    expect(round(0)).toBe(0);
  });
});
