// What changed since the previous report: the suite score, scenarios that started or stopped passing, score moves.
import path from "node:path";
import type { ReportDiff, SuiteReport } from "./report-types.ts";

export function diffReports(previous: SuiteReport, previousFile: string, current: SuiteReport): ReportDiff {
  const before = new Map(previous.scenarios.map((s) => [s.id, s]));
  const after = new Map(current.scenarios.map((s) => [s.id, s]));
  const both = current.scenarios.filter((s) => before.has(s.id) && s.status !== "skipped" && before.get(s.id)!.status !== "skipped");
  return {
    previous: path.basename(previousFile),
    previousMode: previous.mode,
    previousEngine: previous.engine,
    scoreDelta: current.summary.score - previous.summary.score,
    newlyFailing: both.filter((s) => s.status === "failed" && before.get(s.id)!.status === "passed").map((s) => s.id),
    newlyPassing: both.filter((s) => s.status === "passed" && before.get(s.id)!.status === "failed").map((s) => s.id),
    scoreChanges: both
      .filter((s) => Math.abs(s.score - before.get(s.id)!.score) > 1e-9)
      .map((s) => ({ id: s.id, from: before.get(s.id)!.score, to: s.score })),
    added: current.scenarios.filter((s) => !before.has(s.id)).map((s) => s.id),
    removed: previous.scenarios.filter((s) => !after.has(s.id)).map((s) => s.id),
  };
}
