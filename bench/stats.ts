// Summary statistics of timing samples: percentiles by linear interpolation, and ratios that stay honest.

export interface Stats {
  n: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * The q-th percentile (0–100) of samples already sorted ascending, interpolating linearly between the
 * two nearest ranks (the "R-7" definition spreadsheets and numpy use), so p50 of [1, 2] is 1.5.
 */
export function percentileSorted(sorted: readonly number[], q: number): number {
  if (!sorted.length) throw new Error("percentile of no samples");
  if (!(q >= 0 && q <= 100)) throw new Error(`percentile must be within 0..100, got ${q}`);
  const rank = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function percentile(samples: readonly number[], q: number): number {
  return percentileSorted(
    [...samples].sort((a, b) => a - b),
    q,
  );
}

export function summarize(samples: readonly number[]): Stats {
  if (!samples.length) throw new Error("no samples to summarize");
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0]!,
    mean: sorted.reduce((sum, x) => sum + x, 0) / sorted.length,
    p50: percentileSorted(sorted, 50),
    p95: percentileSorted(sorted, 95),
    p99: percentileSorted(sorted, 99),
    max: sorted[sorted.length - 1]!,
  };
}

/** maestro / baseline, or null when the baseline is zero or missing (a ratio to nothing means nothing). */
export function ratio(maestro: number, baseline: number | null | undefined): number | null {
  if (baseline === null || baseline === undefined || !(baseline > 0) || !Number.isFinite(maestro)) return null;
  return maestro / baseline;
}

/** Rounds for a report: three significant digits below 100, whole numbers above. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value);
  if (abs === 0) return 0;
  const digits = 2 - Math.floor(Math.log10(abs));
  const f = 10 ** Math.min(6, digits);
  return Math.round(value * f) / f;
}

/** Rounds every figure of a Stats for the JSON file. */
export const roundStats = (s: Stats): Stats => ({
  n: s.n,
  min: round(s.min),
  mean: round(s.mean),
  p50: round(s.p50),
  p95: round(s.p95),
  p99: round(s.p99),
  max: round(s.max),
});
