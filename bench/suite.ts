// What a bench suite is (one file, registered in suites/index.ts) and the helpers that turn samples into metrics.
import type { Config } from "../src/config.ts";
import type { Database } from "../src/db/connect.ts";
import type { Metric, Target, Unit, Verdict } from "./results.ts";
import { ratio, round, roundStats, summarize } from "./stats.ts";

/** full: the real run; quick: fewer rounds on a smaller studio (CI); tiny: a smoke test's few rounds. */
export type BenchMode = "full" | "quick" | "tiny";

export interface BenchContext {
  mode: BenchMode;
  config: Config;
  /** The large studio: created, migrated and seeded by the runner on first use (the test database in tests). */
  studio(): Promise<Database>;
  /** A fresh small database with the demo studio, for suites that measure the loop rather than the data. */
  scratch(): Promise<Database>;
  /** Progress lines while a suite runs. */
  log(line: string): void;
}

export interface SuiteOutput {
  metrics: Metric[];
  notes: string[];
  details?: Record<string, unknown>;
}

export interface BenchSuite {
  /** The word on the command line: `maestro bench <name>`. */
  name: string;
  summary: string;
  run(ctx: BenchContext): Promise<SuiteOutput>;
}

/** Picks a number by mode: rounds, turns, sizes. */
export const byMode = <T>(mode: BenchMode, values: Record<BenchMode, T>): T => values[mode];

export function verdictOf(target: Target | null, maestro: number, r: number | null): Verdict {
  if (!target) return "info";
  switch (target.kind) {
    case "ratio_max":
      return r !== null && r <= target.value ? "pass" : "fail";
    case "max":
      return maestro <= target.value ? "pass" : "fail";
    case "min":
      return maestro >= target.value ? "pass" : "fail";
    case "no_seq_scan":
      return maestro <= target.value ? "pass" : "fail";
  }
}

/** A timing metric from raw samples (ms): the p50s are the headline and the ratio, the p95/p99 ride along. */
export function timingMetric(name: string, maestro: number[], baseline: number[] | null, target: Target | null, note?: string): Metric {
  const m = summarize(maestro);
  const b = baseline?.length ? summarize(baseline) : null;
  const r = ratio(m.p50, b?.p50);
  return {
    name,
    unit: "ms",
    maestro: round(m.p50),
    baseline: b ? round(b.p50) : null,
    ratio: r === null ? null : round(r),
    target,
    verdict: verdictOf(target, m.p50, r),
    maestroStats: roundStats(m),
    ...(b ? { baselineStats: roundStats(b) } : {}),
    ...(note ? { note } : {}),
  };
}

/** A single-figure metric (tokens, characters, a share in %). */
export function valueMetric(
  name: string,
  unit: Unit,
  maestro: number,
  baseline: number | null,
  target: Target | null,
  note?: string,
): Metric {
  const r = ratio(maestro, baseline);
  return {
    name,
    unit,
    maestro: round(maestro),
    baseline: baseline === null ? null : round(baseline),
    ratio: r === null ? null : round(r),
    target,
    verdict: verdictOf(target, maestro, r),
    ...(note ? { note } : {}),
  };
}
