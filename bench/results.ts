// The results file of one `maestro bench` run (bench/results/<ISO timestamp>.json): its schema and its writer.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Stats } from "./stats.ts";

/** Bumped whenever a field changes meaning, so old files can still be read for what they are. */
export const RESULTS_SCHEMA = "maestro-bench/1";

/** pass / fail against a target; info when a figure has no target (context for the ones that do). */
export type Verdict = "pass" | "fail" | "info";

/** `$`: US dollars. */
export type Unit = "ms" | "tokens" | "chars" | "%" | "plan" | "statements" | "MB" | "$" | "rows/s";

/** Which figure of a timing's stats is its headline (`maestro`, `baseline`, ratio and verdict); p50 when absent. */
export type Statistic = "p50" | "p95" | "p99";

/** What a metric is held to: `ratio_max` compares `ratio`, `max`/`min` compare `maestro`. */
export interface Target {
  kind: "ratio_max" | "max" | "min" | "no_seq_scan";
  value: number;
  /** As printed in the table, e.g. "≤ 1.5× raw SQL". */
  text: string;
}

export interface Metric {
  /** e.g. "get_intake_queue {status: NEW}" or "overhead per model call". */
  name: string;
  unit: Unit;
  /** The headline figure the verdict and ratio use: p50 for timings (or `statistic`), the value itself otherwise. */
  maestro: number;
  baseline: number | null;
  /** maestro / baseline on the headline figures; null without a baseline. */
  ratio: number | null;
  target: Target | null;
  verdict: Verdict;
  /** Set when a timing's headline is not its p50 (the ack suite holds p99 to its target). */
  statistic?: Statistic;
  /** Full distributions for timings (ms). */
  maestroStats?: Stats;
  baselineStats?: Stats;
  /** Plan metrics: what the plan check found, per captured query. */
  plan?: { ok: boolean; summary: string; queries: { sql: string; nodes: string[]; offending: string[] }[] };
  /** Why a target is missed, or how the figure was obtained (e.g. the token counting method). */
  note?: string;
}

export interface SuiteResult {
  suite: string;
  seconds: number;
  metrics: Metric[];
  /** Lines worth reading beside the table: methods, caveats, what was skipped. */
  notes: string[];
  /** Suite-specific data (e.g. the prompt suite's per-request cache table). */
  details?: Record<string, unknown>;
  /** Set when the suite crashed; its metrics are then whatever it produced before. */
  error?: string;
}

export interface BenchResults {
  schema: typeof RESULTS_SCHEMA;
  startedAt: string;
  finishedAt: string;
  options: { suites: string[]; quick: boolean };
  machine: { node: string; platform: string; arch: string; cpus: number; cpuModel: string; memoryMb: number; loadAverage: number[] };
  /** The database the large-studio suites used, and what the runner had to do to it first. */
  database: {
    description: string;
    created: boolean;
    migrationsApplied: string[];
    seeded: { scale: number; seconds: number } | null;
    rows: Record<string, number>;
  } | null;
  suites: SuiteResult[];
  summary: { pass: number; fail: number; info: number };
}

export function machineInfo(): BenchResults["machine"] {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memoryMb: Math.round(os.totalmem() / 1_048_576),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function summarizeVerdicts(suites: readonly SuiteResult[]): BenchResults["summary"] {
  const all = suites.flatMap((s) => s.metrics.map((m) => m.verdict));
  return {
    pass: all.filter((v) => v === "pass").length,
    fail: all.filter((v) => v === "fail").length,
    info: all.filter((v) => v === "info").length,
  };
}

/** Writes the results as `<dir>/<ISO timestamp>.json` (colons become dashes: they are not portable in names). */
export function writeResults(results: BenchResults, dir = path.join("bench", "results")): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${results.startedAt.replace(/:/g, "-")}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
