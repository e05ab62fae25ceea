// Writes evals/reports/<timestamp>.json and .md, and finds the previous report to diff against.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { renderMarkdown } from "./markdown.ts";
import type { SuiteReport } from "./report-types.ts";

export const REPORTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../reports");

/** 2026-11-22T19-30-05-123Z: sorts by time and is safe in every file system. */
const stamp = (iso: string) => iso.replace(/[:.]/g, "-");

/** The newest report of a comparable run (same mode and filters: a live category run says nothing about a scripted suite). */
export function latestReport(
  dir = REPORTS_DIR,
  like?: Pick<SuiteReport, "mode" | "filters">,
): { file: string; report: SuiteReport } | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}-.*\.json$/.test(f))
    .sort();
  const key = (r: Pick<SuiteReport, "mode" | "filters">) =>
    JSON.stringify([r.mode, r.filters.type ?? null, r.filters.category ?? null, r.filters.scenario ?? null]);
  for (const name of files.reverse()) {
    let report: SuiteReport;
    const file = path.join(dir, name);
    try {
      report = JSON.parse(fs.readFileSync(file, "utf8")) as SuiteReport;
    } catch {
      continue; // a report cut short by a crash: try the one before
    }
    if (!like || key(report) === key(like)) return { file, report };
  }
  return undefined;
}

export function writeReport(report: SuiteReport, dir = REPORTS_DIR): { json: string; md: string } {
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, stamp(report.startedAt));
  const json = `${base}.json`;
  const md = `${base}.md`;
  fs.writeFileSync(json, `${JSON.stringify(report, null, 1)}\n`);
  fs.writeFileSync(md, renderMarkdown(report));
  return { json, md };
}
