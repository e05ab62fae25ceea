// The printed report: one row per metric (suite, metric, maestro, baseline, ratio, target, verdict).
import type { Metric, SuiteResult } from "./results.ts";

const number = (n: number) => (Math.abs(n) >= 1000 ? Math.round(n).toLocaleString("en-US") : String(n));

/** How a metric's own figure reads in the table. */
export function formatValue(metric: Metric, side: "maestro" | "baseline"): string {
  const value = metric[side];
  if (value === null) return "—";
  if (metric.unit === "plan") return side === "maestro" ? (metric.plan?.summary ?? `${value} seq scans`) : "—";
  if (metric.unit === "ms") {
    const stats = side === "maestro" ? metric.maestroStats : metric.baselineStats;
    if (!stats) return `${number(value)} ms`;
    // A tail headline (the ack suite's p99) is printed beside the p50 it is read against.
    if (metric.statistic && metric.statistic !== "p50")
      return `p50 ${number(stats.p50)} · p95 ${number(stats.p95)} · p99 ${number(stats.p99)} ms`;
    return `p50 ${number(stats.p50)} · p95 ${number(stats.p95)} ms`;
  }
  if (metric.unit === "%") return `${value} %`;
  if (metric.unit === "$") return `$${value}`;
  return `${number(value)} ${metric.unit}`;
}

const VERDICT = { pass: "pass", fail: "FAIL", info: "info" } as const;

export function tableRows(suites: readonly SuiteResult[]): string[][] {
  const rows: string[][] = [];
  for (const suite of suites) {
    if (suite.error) rows.push([suite.suite, "(suite crashed)", suite.error.slice(0, 80), "", "", "", "FAIL"]);
    for (const m of suite.metrics) {
      rows.push([
        suite.suite,
        m.name,
        formatValue(m, "maestro"),
        formatValue(m, "baseline"),
        m.ratio === null ? "—" : `${m.ratio}×`,
        m.target?.text ?? "—",
        VERDICT[m.verdict],
      ]);
    }
  }
  return rows;
}

/** A plain-text table, columns padded to their widest cell (Markdown-friendly pipes). */
export function formatTable(suites: readonly SuiteResult[]): string[] {
  const header = ["suite", "metric", "maestro", "baseline", "ratio", "target", "verdict"];
  const rows = [header, ...tableRows(suites)];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)];
}
