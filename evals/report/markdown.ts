// The Markdown report: the verdict, the summary table, one row per scenario, invariants, failures, and the diff.
import type { Usage } from "../harness/run-scenario.ts";
import type { SuiteReport } from "./report-types.ts";

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const usd = (x: number) => `$${x.toFixed(4)}`;
const cacheShare = (u: Usage) => {
  const all = u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
  return all ? u.cacheReadTokens / all : 0;
};
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function summaryTable(report: SuiteReport): string {
  const s = report.summary;
  return [
    "| scenarios | passed | failed | skipped | suite score | pass^1 | pass^k | invariant breaches | model calls | tokens in / out | cache-read share | cost | wall time |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${s.scenarios} | ${s.passed} | ${s.failed} | ${s.skipped} | ${s.score.toFixed(3)} | ${pct(s.pass1)} | ${pct(s.passK)} | ${s.invariantBreaches} | ${s.usage.modelCalls} | ${s.usage.inputTokens} / ${s.usage.outputTokens} | ${pct(s.cacheReadShare)} | ${usd(s.usage.costUsd)} | ${secs(report.wallMs)} |`,
  ].join("\n");
}

export function renderMarkdown(report: SuiteReport): string {
  const lines: string[] = [];
  const filters = Object.entries(report.filters)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  lines.push(`# Maestro evals — ${report.startedAt}`, "");
  lines.push(
    `Mode **${report.mode}** · engine ${report.engine} · model ${report.model} · ${report.trials} trial(s) each · threshold ${report.threshold}${filters ? ` · ${filters}` : ""}`,
    "",
  );
  for (const note of report.notes) lines.push(`> ${note}`, "");
  lines.push(`## ${report.gate.pass ? "PASS" : "FAIL"} (exit ${report.exitCode})`, "");
  for (const reason of report.gate.reasons) lines.push(`- ${reason}`);
  if (report.gate.reasons.length) lines.push("");
  lines.push(summaryTable(report), "");

  lines.push("## Scenarios", "");
  lines.push(
    "| scenario | category | score | checks | pass^1 | pass^k | model calls | tokens in / out | cache-read share | cost | latency (model) | status |",
  );
  lines.push("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const s of report.scenarios) {
    const checks = s.trials.flatMap((t) => t.checks);
    const passed = checks.filter((c) => c.pass).length;
    lines.push(
      `| ${s.id} | ${s.category} | ${s.status === "skipped" ? "–" : s.score.toFixed(2)} | ${s.status === "skipped" ? "–" : `${passed}/${checks.length}`} | ${pct(s.pass1)} | ${pct(s.passK)} | ${s.usage.modelCalls} | ${s.usage.inputTokens} / ${s.usage.outputTokens} | ${pct(cacheShare(s.usage))} | ${usd(s.usage.costUsd)} | ${secs(s.latencyMs)} (${secs(s.usage.modelLatencyMs / Math.max(1, s.trials.length))}) | ${s.status}${s.skipReason ? ` (${cell(s.skipReason)})` : ""} |`,
    );
  }
  lines.push("");

  lines.push("## Invariants", "");
  const names = [...new Set(report.scenarios.flatMap((s) => s.trials.flatMap((t) => t.invariants.map((i) => i.name))))];
  lines.push("| invariant | breaches |", "| --- | ---: |");
  for (const name of names) {
    const breaches = report.scenarios.flatMap((s) =>
      s.trials.flatMap((t) => t.invariants.filter((i) => i.name === name && !i.ok).map(() => s.id)),
    );
    lines.push(`| ${name} | ${breaches.length}${breaches.length ? ` (${[...new Set(breaches)].join(", ")})` : ""} |`);
  }
  lines.push("");

  const failed = report.scenarios.filter((s) => s.status === "failed");
  if (failed.length) {
    lines.push("## Failures", "");
    for (const s of failed) {
      lines.push(`### ${s.id}`, "", s.description, "");
      for (const [i, t] of s.trials.entries()) {
        if (t.passed) continue;
        if (s.trials.length > 1) lines.push(`Trial ${i + 1}:`, "");
        for (const c of t.checks.filter((c) => !c.pass)) lines.push(`- ✗ [${c.group}] ${c.label}${c.detail ? ` — ${c.detail}` : ""}`);
        for (const inv of t.invariants.filter((x) => !x.ok)) lines.push(`- ✗ INVARIANT ${inv.name} — ${inv.detail ?? ""}`);
        for (const e of t.errors) lines.push(`- ✗ ${e}`);
        lines.push(`- turns: ${t.turns.map((x) => x.summary).join(" → ")}`, "");
      }
    }
  }

  if (report.diff) {
    const d = report.diff;
    lines.push(`## Since the previous ${d.previousMode} report (${d.previous}, ${d.previousEngine})`, "");
    lines.push(`- suite score ${d.scoreDelta >= 0 ? "+" : ""}${d.scoreDelta.toFixed(3)}`);
    if (d.newlyFailing.length) lines.push(`- newly failing: ${d.newlyFailing.join(", ")}`);
    if (d.newlyPassing.length) lines.push(`- newly passing: ${d.newlyPassing.join(", ")}`);
    for (const c of d.scoreChanges) lines.push(`- ${c.id}: ${c.from.toFixed(2)} → ${c.to.toFixed(2)}`);
    if (d.added.length) lines.push(`- new scenarios: ${d.added.join(", ")}`);
    if (d.removed.length) lines.push(`- removed scenarios: ${d.removed.join(", ")}`);
    if (!d.newlyFailing.length && !d.newlyPassing.length && !d.scoreChanges.length && !d.added.length && !d.removed.length)
      lines.push("- no change in any scenario");
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}
