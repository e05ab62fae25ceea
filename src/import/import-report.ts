// The per-row report: lines for the terminal (refusals always, changes up to a cap, every row with --verbose), a CSV
// file of every row with --report, and the summary at the end.
import fs from "node:fs";
import { once } from "node:events";
import type { RowOutcome } from "../domain/imports/import-batch.ts";
import type { ImportSummary } from "./run-import.ts";

const VERBS = {
  real: { created: "created", updated: "updated", unchanged: "unchanged", refused: "refused" },
  dry: { created: "would create", updated: "would update", unchanged: "unchanged", refused: "refused" },
} as const;

export function outcomeLine(o: RowOutcome, dryRun: boolean): string {
  const verb = VERBS[dryRun ? "dry" : "real"][o.outcome];
  const what =
    o.outcome === "refused"
      ? `${o.fields?.join(", ")}: ${o.reason}`
      : [o.id ? `#${o.id}` : "", o.fields?.length ? `(${o.fields.join(", ")})` : ""].filter(Boolean).join(" ");
  return `row ${String(o.row).padStart(6)}  ${verb.padEnd(12)}  ${o.email || "(no email)"}${what ? `  ${what}` : ""}`;
}

/** Decides which rows reach the terminal: a 100k-row file must not scroll 100k lines past. */
export function terminalRows(options: { verbose: boolean; maxChanges?: number; maxRefusals?: number }) {
  const maxChanges = options.maxChanges ?? 50;
  const maxRefusals = options.maxRefusals ?? 200;
  const hidden = { changes: 0, refusals: 0 };
  let changes = 0;
  let refusals = 0;
  return {
    shown(o: RowOutcome): boolean {
      if (options.verbose) return true;
      if (o.outcome === "refused") return ++refusals <= maxRefusals || (hidden.refusals++, false);
      if (o.outcome === "unchanged") return false;
      return ++changes <= maxChanges || (hidden.changes++, false);
    },
    hidden,
  };
}

const csvCell = (value: unknown) => {
  const text = value === undefined || value === null ? "" : String(value);
  return /[",\r\n]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** Every row's outcome as CSV, written as the import goes (backpressure respected, so it never buffers the file). */
export async function openReportFile(file: string) {
  const stream = fs.createWriteStream(file);
  await once(stream, "open");
  const write = async (cells: unknown[]) => {
    if (!stream.write(`${cells.map(csvCell).join(",")}\r\n`)) await once(stream, "drain");
  };
  await write(["row", "outcome", "email", "id", "fields", "reason"]);
  return {
    async rows(outcomes: readonly RowOutcome[], dryRun: boolean) {
      for (const o of outcomes)
        await write([o.row, VERBS[dryRun ? "dry" : "real"][o.outcome], o.email, o.id, o.fields?.join(" "), o.reason]);
    },
    async close() {
      stream.end();
      await once(stream, "finish");
    },
  };
}

export function summaryLines(summary: ImportSummary, kind: string, peakRssBytes: number): string[] {
  const c = summary.counts;
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
  const seconds = summary.elapsedMs / 1000;
  const head = summary.dryRun
    ? `Dry run: nothing was written. ${summary.rows} ${kind} rows: ${c.created} would be created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.refused} refused.`
    : `Imported ${kind}: ${summary.rows} rows: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.refused} refused (import ${summary.importId}).`;
  return [
    head,
    ...(summary.emptyRows ? [`${summary.emptyRows} empty rows skipped.`] : []),
    ...(summary.ignoredColumns.length ? [`Columns not imported: ${summary.ignoredColumns.map((c) => `"${c}"`).join(", ")}.`] : []),
    `${seconds.toFixed(1)} s, ${Math.round(summary.rows / Math.max(seconds, 0.001)).toLocaleString("en-US")} rows/s; peak memory: RSS ${mb(peakRssBytes)}, heap ${mb(summary.peakHeapBytes)}.`,
  ];
}
