// Timing metrics whose headline is a tail percentile (p95/p99) rather than the p50 of timingMetric: an ack
// that is fast on average but slow one time in a hundred is what Slack's 3 s deadline punishes.
import type { Metric, Statistic, Target } from "./results.ts";
import { ratio, round, roundStats, summarize } from "./stats.ts";
import { verdictOf } from "./suite.ts";

export function tailMetric(
  name: string,
  statistic: Statistic,
  maestro: number[],
  baseline: number[] | null,
  target: Target | null,
  note?: string,
): Metric {
  const m = summarize(maestro);
  const b = baseline?.length ? summarize(baseline) : null;
  const r = ratio(m[statistic], b?.[statistic]);
  return {
    name,
    unit: "ms",
    maestro: round(m[statistic]),
    baseline: b ? round(b[statistic]) : null,
    ratio: r === null ? null : round(r),
    target,
    verdict: verdictOf(target, m[statistic], r),
    statistic,
    maestroStats: roundStats(m),
    ...(b ? { baselineStats: roundStats(b) } : {}),
    ...(note ? { note } : {}),
  };
}
