// The report: the diff against the previous comparable run, and the Markdown's verdict, tables and failures.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TrialResult } from "../harness/run-scenario.ts";
import { diffReports } from "./diff.ts";
import { renderMarkdown } from "./markdown.ts";
import type { ScenarioReport, SuiteReport } from "./report-types.ts";
import { latestReport, writeReport } from "./write.ts";

const usage = {
  modelCalls: 2,
  inputTokens: 900,
  outputTokens: 100,
  cacheReadTokens: 100,
  cacheWriteTokens: 0,
  costUsd: 0.002,
  modelLatencyMs: 40,
};
const trial = (passed: boolean): TrialResult => ({
  passed,
  score: passed ? 1 : 0.5,
  checks: [
    { label: "select status … → QUALIFIED", group: "outcome", weight: 3, modelChoice: false, pass: true },
    {
      label: "reply matches /qualified/i",
      group: "wording",
      weight: 1,
      modelChoice: true,
      pass: passed,
      detail: passed ? undefined : 'replies were: "done"',
    },
  ],
  invariants: [{ name: "no duplicate reply to one delivery", ok: true }],
  turns: [{ index: 0, summary: "dm: Mark it QUALIFIED" }],
  errors: [],
  usage,
  wallMs: 300,
  toolRuns: [],
  tablesChanged: [],
});
const scenario = (id: string, passed: boolean): ScenarioReport => ({
  id,
  category: "queue",
  description: `${id} does a thing.`,
  status: passed ? "passed" : "failed",
  score: passed ? 1 : 0.5,
  trialsPassed: passed ? 1 : 0,
  pass1: passed ? 1 : 0,
  passK: passed ? 1 : 0,
  usage,
  latencyMs: 300,
  trials: [trial(passed)],
});
const suite = (startedAt: string, scenarios: ScenarioReport[], mode: SuiteReport["mode"] = "scripted"): SuiteReport => ({
  startedAt,
  wallMs: 1000,
  mode,
  engine: "postgres",
  model: "scripted",
  trials: 1,
  threshold: 0.85,
  filters: {},
  notes: ["Scripted mode: …"],
  summary: {
    scenarios: scenarios.length,
    passed: scenarios.filter((s) => s.status === "passed").length,
    failed: scenarios.filter((s) => s.status === "failed").length,
    skipped: 0,
    score: scenarios.reduce((a, s) => a + s.score, 0) / scenarios.length,
    pass1: 1,
    passK: 1,
    invariantBreaches: 0,
    usage,
    cacheReadShare: 0.1,
  },
  gate: {
    pass: scenarios.every((s) => s.status === "passed"),
    reasons: scenarios.every((s) => s.status === "passed") ? [] : ["failed in a deterministic run: b"],
  },
  exitCode: scenarios.every((s) => s.status === "passed") ? 0 : 1,
  scenarios,
});

describe("the report", () => {
  it("diffs against the previous run: score moves, newly failing and passing, added and removed", () => {
    const before = suite("2026-11-22T10:00:00.000Z", [scenario("a", true), scenario("b", true), scenario("old", false)]);
    const after = suite("2026-11-22T11:00:00.000Z", [scenario("a", true), scenario("b", false), scenario("new", true)]);
    expect(diffReports(before, "/x/2026-11-22T10-00-00-000Z.json", after)).toMatchObject({
      previous: "2026-11-22T10-00-00-000Z.json",
      newlyFailing: ["b"],
      newlyPassing: [],
      scoreChanges: [{ id: "b", from: 1, to: 0.5 }],
      added: ["new"],
      removed: ["old"],
    });
  });

  it("renders the verdict, the summary, each scenario, the failures and the diff", () => {
    const report = suite("2026-11-22T11:00:00.000Z", [scenario("a", true), scenario("b", false)]);
    report.diff = diffReports(suite("2026-11-22T10:00:00.000Z", [scenario("a", true), scenario("b", true)]), "prev.json", report);
    const md = renderMarkdown(report);
    expect(md).toContain("## FAIL (exit 1)");
    expect(md).toContain("| scenarios | passed | failed |");
    expect(md).toMatch(/\| b \| queue \| 0\.50 \| 1\/2 \|/);
    expect(md).toContain('- ✗ [wording] reply matches /qualified/i — replies were: "done"');
    expect(md).toContain("- newly failing: b");
  });

  it("writes JSON and Markdown, and finds the previous report of the same kind of run", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-reports-"));
    writeReport(suite("2026-11-22T10:00:00.000Z", [scenario("a", true)]), dir);
    writeReport(suite("2026-11-22T11:00:00.000Z", [scenario("a", false)], "live"), dir);
    expect(fs.readdirSync(dir).sort()).toEqual([
      "2026-11-22T10-00-00-000Z.json",
      "2026-11-22T10-00-00-000Z.md",
      "2026-11-22T11-00-00-000Z.json",
      "2026-11-22T11-00-00-000Z.md",
    ]);
    expect(latestReport(dir)?.report.mode).toBe("live");
    expect(latestReport(dir, { mode: "scripted", filters: {} })?.report.startedAt).toBe("2026-11-22T10:00:00.000Z");
    expect(latestReport(dir, { mode: "scripted", filters: { category: "gate" } })).toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
