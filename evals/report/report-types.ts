// The shape of a suite report (evals/reports/<timestamp>.json); the Markdown report renders the same data.
import type { Usage, TrialResult } from "../harness/run-scenario.ts";
import type { EvalMode } from "../harness/evidence.ts";
import type { Gate } from "../scoring.ts";

export interface ScenarioReport {
  id: string;
  category: string;
  description: string;
  paraphraseOf?: string;
  status: "passed" | "failed" | "skipped";
  skipReason?: string;
  /** Mean over trials. */
  score: number;
  trialsPassed: number;
  pass1: number;
  passK: number;
  usage: Usage;
  /** Mean wall time of one trial (seed, turns, grading). */
  latencyMs: number;
  trials: TrialResult[];
}

export interface SuiteSummary {
  scenarios: number;
  passed: number;
  failed: number;
  skipped: number;
  score: number;
  pass1: number;
  passK: number;
  invariantBreaches: number;
  usage: Usage;
  /** Cache reads over all input tokens (input + cache writes + cache reads). */
  cacheReadShare: number;
}

export interface ReportDiff {
  previous: string;
  previousMode: EvalMode;
  previousEngine: "postgres" | "pglite";
  scoreDelta: number;
  newlyFailing: string[];
  newlyPassing: string[];
  scoreChanges: { id: string; from: number; to: number }[];
  added: string[];
  removed: string[];
}

export interface SuiteReport {
  startedAt: string;
  wallMs: number;
  mode: EvalMode;
  engine: "postgres" | "pglite";
  model: string;
  trials: number;
  threshold: number;
  filters: { type?: string; category?: string; scenario?: string };
  notes: string[];
  summary: SuiteSummary;
  gate: Gate;
  exitCode: number;
  scenarios: ScenarioReport[];
  diff?: ReportDiff;
}
