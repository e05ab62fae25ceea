// Grading: each check weighted by what it protects (outcomes first, tool choice second, wording last), a scenario
// score, the suite score, pass^1 and pass^k over trials, and the gate that decides the exit code.
import type { Evidence } from "./harness/evidence.ts";
import type { InvariantResult } from "./invariants.ts";
import type { Check, CheckGroup } from "./scenario.ts";

export const GROUP_WEIGHTS: Record<CheckGroup, number> = { outcome: 3, slack: 3, tools: 2, wording: 1 };
export const DEFAULT_THRESHOLD = 0.85;

export interface CheckResult {
  label: string;
  group: CheckGroup;
  weight: number;
  modelChoice: boolean;
  pass: boolean;
  detail?: string;
}

export async function gradeCheck(check: Check, evidence: Evidence): Promise<CheckResult> {
  const base = {
    label: check.label,
    group: check.group,
    weight: check.weight ?? GROUP_WEIGHTS[check.group],
    modelChoice: check.modelChoice,
  };
  try {
    const verdict = await check.verify(evidence);
    return typeof verdict === "boolean" ? { ...base, pass: verdict } : { ...base, pass: verdict.pass, detail: verdict.detail };
  } catch (error) {
    return { ...base, pass: false, detail: `the check could not run: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Weighted share of checks passed, 0..1 (1 when a scenario has no checks, which the catalogue test forbids). */
export function scenarioScore(results: readonly CheckResult[]): number {
  const total = results.reduce((sum, r) => sum + r.weight, 0);
  if (total === 0) return 1;
  return results.reduce((sum, r) => sum + (r.pass ? r.weight : 0), 0) / total;
}

/** A trial passes when every check passes and every invariant holds. */
export const trialPassed = (checks: readonly CheckResult[], invariants: readonly InvariantResult[]) =>
  checks.every((c) => c.pass) && invariants.every((i) => i.ok);

export const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

/**
 * pass^k of one scenario from n trials of which c passed: the chance that k trials drawn from them all pass
 * (τ-bench's estimator, C(c,k)/C(n,k)). pass^1 is the plain pass rate.
 */
export const passHatK = (passed: number, trials: number, k: number) => (trials >= k ? choose(passed, k) / choose(trials, k) : 0);

export interface Gate {
  pass: boolean;
  reasons: string[];
}

/**
 * The exit decision. The threshold bounds the suite score; invariants must hold everywhere. Scripted and replayed runs
 * are deterministic, so there every scenario must pass too: a failure there is a regression, not model variance.
 */
export function gate(options: {
  suiteScore: number;
  threshold: number;
  invariantBreaches: number;
  failedScenarios: string[];
  deterministic: boolean;
  replayMismatches: number;
}): Gate {
  const reasons: string[] = [];
  if (options.suiteScore < options.threshold)
    reasons.push(`suite score ${options.suiteScore.toFixed(3)} is below the threshold ${options.threshold}`);
  if (options.invariantBreaches) reasons.push(`${options.invariantBreaches} invariant breach(es)`);
  if (options.replayMismatches) reasons.push(`${options.replayMismatches} replay mismatch(es): a request no longer matches its recording`);
  if (options.deterministic && options.failedScenarios.length)
    reasons.push(`failed in a deterministic run: ${options.failedScenarios.join(", ")}`);
  return { pass: reasons.length === 0, reasons };
}
