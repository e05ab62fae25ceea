// Runs the selected scenarios (k trials each) in the chosen mode, scores them, writes the report, and decides the exit code.
import type { Config } from "../src/config.ts";
import type { ToolRegistry } from "../src/tools/registry.ts";
import { openScenarioDatabases, type ScenarioDatabases } from "./harness/databases.ts";
import { runScenario, type TrialResult, type Usage } from "./harness/run-scenario.ts";
import type { ModelMode } from "./models/model-modes.ts";
import { diffReports } from "./report/diff.ts";
import type { ScenarioReport, SuiteReport } from "./report/report-types.ts";
import { latestReport, writeReport } from "./report/write.ts";
import type { Scenario } from "./scenario.ts";
import { gate, mean, passHatK } from "./scoring.ts";

export interface RunSuiteOptions {
  scenarios: readonly Scenario[];
  models: ModelMode;
  /** The settings the app runs with inside the harness (see eval-config.ts). */
  config: Config;
  /** PostgreSQL server to clone scenario databases on; the embedded engine when absent. */
  databaseUrl?: string;
  trials?: number;
  threshold: number;
  filters?: SuiteReport["filters"];
  /** Replaces the tool registry (the broken-tool test). */
  registry?: () => ToolRegistry;
  /** Scenarios run side by side (default: 2 on PostgreSQL, 1 on the embedded engine). */
  concurrency?: number;
  /** Where reports go; null writes none. */
  reportsDir?: string | null;
  out?: (line: string) => void;
}

export interface SuiteRun {
  report: SuiteReport;
  exitCode: number;
  files?: { json: string; md: string };
}

const zeroUsage = (): Usage => ({
  modelCalls: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  costUsd: 0,
  modelLatencyMs: 0,
});

function addUsage(into: Usage, add: Usage): Usage {
  for (const key of Object.keys(into) as (keyof Usage)[]) into[key] += add[key];
  into.costUsd = Math.round(into.costUsd * 1e6) / 1e6;
  return into;
}

/** A trial that could not even start (a seed that threw, a missing recording) fails with the reason. */
function crashedTrial(error: unknown, wallMs: number): TrialResult {
  return {
    passed: false,
    score: 0,
    checks: [],
    invariants: [],
    turns: [],
    errors: [`the scenario could not run: ${error instanceof Error ? error.message : String(error)}`],
    usage: zeroUsage(),
    wallMs,
    toolRuns: [],
    tablesChanged: [],
  };
}

export function modeNotes(mode: ModelMode["mode"]): string[] {
  switch (mode) {
    case "scripted":
      return [
        "Scripted mode: the scenario's script plays the model's side (no network). Checks about the model's choices " +
          "(tools called, reply wording) only confirm the script was followed; outcomes, Slack output and invariants are the app's own.",
        "Token counts are estimates (4 characters a token) and costs are notional.",
      ];
    case "replay":
      return ["Replay mode: recorded model responses are served; any request that differs from its recording fails the scenario."];
    default:
      return ["Live mode: a real model plays its side; scenarios marked scripted-only are skipped."];
  }
}

function progressLine(report: ScenarioReport): string {
  if (report.status === "skipped") return `  - ${report.id} skipped (${report.skipReason})`;
  const failed = report.trials.flatMap((r) => [
    ...r.checks.filter((c) => !c.pass).map((c) => `${c.label}${c.detail ? ` — ${c.detail}` : ""}`),
    ...r.invariants.filter((i) => !i.ok).map((i) => `INVARIANT ${i.name}: ${i.detail ?? ""}`),
    ...r.errors,
  ]);
  const head = `  ${report.status === "passed" ? "✓" : "✗"} ${report.id}  ${report.score.toFixed(2)}  (${(report.latencyMs / 1000).toFixed(2)} s)`;
  return failed.length ? `${head}\n      ${[...new Set(failed)].slice(0, 6).join("\n      ")}` : head;
}

/** k trials of one scenario, each on a fresh database. */
async function runOne(scenario: Scenario, options: RunSuiteOptions, trials: number, databases: ScenarioDatabases): Promise<ScenarioReport> {
  const base = {
    id: scenario.id,
    category: scenario.category,
    description: scenario.description,
    ...(scenario.paraphraseOf ? { paraphraseOf: scenario.paraphraseOf } : {}),
  };
  const skipReason = options.models.skip(scenario);
  if (skipReason)
    return {
      ...base,
      status: "skipped",
      skipReason,
      score: 0,
      trialsPassed: 0,
      pass1: 0,
      passK: 0,
      usage: zeroUsage(),
      latencyMs: 0,
      trials: [],
    };
  const results: TrialResult[] = [];
  for (let trial = 0; trial < trials; trial++) {
    const t0 = performance.now();
    const { db, release } = await databases.take();
    try {
      results.push(await runScenario({ scenario, db, config: options.config, models: options.models, trial, registry: options.registry }));
    } catch (error) {
      results.push(crashedTrial(error, Math.round(performance.now() - t0)));
    } finally {
      await release();
    }
  }
  const passedCount = results.filter((r) => r.passed).length;
  return {
    ...base,
    status: passedCount === trials ? "passed" : "failed",
    score: mean(results.map((r) => r.score)),
    trialsPassed: passedCount,
    pass1: passHatK(passedCount, trials, 1),
    passK: passHatK(passedCount, trials, trials),
    usage: results.reduce((sum, r) => addUsage(sum, r.usage), zeroUsage()),
    latencyMs: Math.round(mean(results.map((r) => r.wallMs))),
    trials: results,
  };
}

export async function runSuite(options: RunSuiteOptions): Promise<SuiteRun> {
  const out = options.out ?? (() => undefined);
  const trials = Math.max(1, options.trials ?? 1);
  const startedAt = new Date();
  const started = performance.now();
  const databases = await openScenarioDatabases(
    options.databaseUrl,
    options.scenarios.filter((s) => !options.models.skip(s)).length * trials,
  );
  const reports: ScenarioReport[] = new Array(options.scenarios.length);
  let printed = 0;
  // Scenarios may finish out of order when they run side by side; the progress lines keep the suite's order.
  const flush = () => {
    while (printed < reports.length && reports[printed]) out(progressLine(reports[printed++]!));
  };
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < options.scenarios.length) {
      const index = nextIndex++;
      reports[index] = await runOne(options.scenarios[index]!, options, trials, databases);
      flush();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? databases.concurrency, options.scenarios.length) }, worker));
  } finally {
    await databases.close();
  }

  const ran = reports.filter((r) => r.status !== "skipped");
  const usage = ran.reduce((sum, r) => addUsage(sum, r.usage), zeroUsage());
  const invariantBreaches = ran.flatMap((r) => r.trials.flatMap((t) => t.invariants.filter((i) => !i.ok))).length;
  const replayMismatches = ran.flatMap((r) => r.trials.flatMap((t) => t.errors.filter((e) => e.startsWith("Replay of")))).length;
  const summary = {
    scenarios: reports.length,
    passed: ran.filter((r) => r.status === "passed").length,
    failed: ran.filter((r) => r.status === "failed").length,
    skipped: reports.length - ran.length,
    score: mean(ran.map((r) => r.score)),
    pass1: mean(ran.map((r) => r.pass1)),
    passK: mean(ran.map((r) => r.passK)),
    invariantBreaches,
    usage,
    cacheReadShare:
      usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens
        ? usage.cacheReadTokens / (usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens)
        : 0,
  };
  const verdict = gate({
    suiteScore: summary.score,
    threshold: options.threshold,
    invariantBreaches,
    failedScenarios: ran.filter((r) => r.status === "failed").map((r) => r.id),
    deterministic: options.models.mode === "scripted" || options.models.mode === "replay",
    replayMismatches,
  });
  if (!ran.length) {
    verdict.reasons.push("no scenario ran");
    verdict.pass = false;
  }
  const report: SuiteReport = {
    startedAt: startedAt.toISOString(),
    wallMs: Math.round(performance.now() - started),
    mode: options.models.mode,
    engine: databases.engine,
    model: options.models.modelName,
    trials,
    threshold: options.threshold,
    filters: options.filters ?? {},
    notes: modeNotes(options.models.mode),
    summary,
    gate: verdict,
    exitCode: verdict.pass ? 0 : 1,
    scenarios: reports,
  };
  if (options.reportsDir === null) return { report, exitCode: report.exitCode };
  const previous = latestReport(options.reportsDir, report);
  if (previous) report.diff = diffReports(previous.report, previous.file, report);
  const files = writeReport(report, options.reportsDir);
  return { report, exitCode: report.exitCode, files };
}
