// The printed table and the results file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RESULTS_SCHEMA, summarizeVerdicts, writeResults, type BenchResults, type SuiteResult } from "./results.ts";
import { selectSuites } from "./runner.ts";
import { timingMetric, valueMetric } from "./suite.ts";
import { formatTable } from "./table.ts";
import { tailMetric } from "./tail-metric.ts";

const suites: SuiteResult[] = [
  {
    suite: "tools",
    seconds: 1,
    notes: [],
    metrics: [timingMetric("get_audit_log", [2, 2, 3], [1, 1, 1], { kind: "ratio_max", value: 1.5, text: "≤ 1.5× raw SQL" })],
  },
  {
    suite: "prompt",
    seconds: 1,
    notes: [],
    metrics: [valueMetric("tools + system prompt", "tokens", 5400, 2000, { kind: "max", value: 6000, text: "≤ 6,000 tokens" })],
  },
  { suite: "loop", seconds: 0, notes: [], metrics: [], error: "connection refused" },
];

describe("formatTable", () => {
  it("prints one row per metric with the verdict, and a crashed suite as a failure", () => {
    const lines = formatTable(suites);
    expect(lines[0]).toMatch(/^\| suite +\| metric +\| maestro +\| baseline +\| ratio +\| target +\| verdict \|$/);
    expect(lines[2]).toMatch(
      /\| tools +\| get_audit_log +\| p50 2 · p95 2\.9 ms +\| p50 1 · p95 1 ms +\| 2× +\| ≤ 1\.5× raw SQL +\| FAIL +\|/,
    );
    expect(lines[3]).toMatch(/\| 5,400 tokens +\| 2,000 tokens +\| 2\.7× +\| ≤ 6,000 tokens +\| pass/);
    expect(lines[4]).toMatch(/\| loop +\| \(suite crashed\) +\| connection refused/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it("prints dollars with a dollar sign", () => {
    const metric = valueMetric("model cost per turn", "$", 0.011634, 0.04091, { kind: "max", value: 0.02, text: "≤ $0.02 a turn" });
    const [, , row] = formatTable([{ suite: "prompt", seconds: 1, notes: [], metrics: [metric] }]);
    expect(row).toMatch(/\| model cost per turn +\| \$0\.0116 +\| \$0\.0409 +\| 0\.284× +\| ≤ \$0\.02 a turn +\| pass/);
  });

  it("prints a tail-percentile timing with its p50, p95 and p99", () => {
    const metric = tailMetric("ack DM event · c=20", "p99", [1, 2, 3, 4, 100], [1, 1, 1, 1, 10], {
      kind: "ratio_max",
      value: 1.3,
      text: "p99 ≤ 1.3× bare Bolt",
    });
    expect(metric).toMatchObject({ statistic: "p99", maestro: 96.2, baseline: 9.64, verdict: "fail" });
    const [, , row] = formatTable([{ suite: "ack", seconds: 1, notes: [], metrics: [metric] }]);
    expect(row).toMatch(
      /\| p50 3 · p95 80\.8 · p99 96\.2 ms +\| p50 1 · p95 8\.2 · p99 9\.64 ms +\| 9\.98× +\| p99 ≤ 1\.3× bare Bolt +\| FAIL/,
    );
  });
});

describe("writeResults", () => {
  it("writes <dir>/<ISO timestamp>.json, creating the directory", () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-")), "results");
    const results: BenchResults = {
      schema: RESULTS_SCHEMA,
      startedAt: "2026-11-22T10:00:00.000Z",
      finishedAt: "2026-11-22T10:01:00.000Z",
      options: { suites: ["tools"], quick: false },
      machine: { node: "v20", platform: "linux", arch: "x64", cpus: 2, cpuModel: "cpu", memoryMb: 1, loadAverage: [0, 0, 0] },
      database: null,
      suites,
      summary: summarizeVerdicts(suites),
    };
    const file = writeResults(results, dir);
    expect(path.basename(file)).toBe("2026-11-22T10-00-00.000Z.json");
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toMatchObject({ schema: RESULTS_SCHEMA, summary: { pass: 1, fail: 1, info: 0 } });
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });
});

describe("selectSuites", () => {
  it("runs every suite by default, the named ones otherwise, and names unknown ones", () => {
    expect(selectSuites([]).suites.map((s) => s.name)).toEqual(["tools", "loop", "prompt", "ack", "digest", "memory", "import"]);
    expect(selectSuites(["prompt", "tools"]).suites.map((s) => s.name)).toEqual(["tools", "prompt"]);
    expect(selectSuites(["memory", "ack", "digest"]).suites.map((s) => s.name)).toEqual(["ack", "digest", "memory"]);
    expect(selectSuites(["tools", "acks"]).unknown).toEqual(["acks"]);
  });
});
