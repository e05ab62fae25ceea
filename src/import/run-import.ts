// Runs one import: the header checked before any row, then the rows in batches, a transaction per batch (a bad row is
// refused and reported, never aborting the file or half-writing a row), one audit row for the run. A dry run goes
// through the same code inside one transaction that is rolled back, so its report is exactly what a real run would do.
import crypto from "node:crypto";
import path from "node:path";
import type { Knex } from "knex";
import type { Actor } from "../domain/actor.ts";
import { insertAudit } from "../domain/audit/audit-store.ts";
import type { Clock } from "../domain/clock.ts";
import type { RowOutcome, RowOutcomeKind } from "../domain/imports/import-batch.ts";
import { AUDIT_ACTIONS } from "../domain/vocabulary.ts";
import { openCsv, type CsvReader } from "./csv-rows.ts";
import { applyBatch, type BatchContext } from "./apply-batch.ts";
import { mapHeader } from "./header-map.ts";
import { KINDS, type ImportKindName } from "./import-kinds.ts";

export const DEFAULT_BATCH_SIZE = 500;

export interface ImportRunOptions {
  kind: ImportKindName;
  file: string;
  dryRun: boolean;
  fireRules: boolean;
  grantAdmin: boolean;
  actor: Actor;
  clock: Clock;
  batchSize?: number;
  /** Called once the header is read, before any row: the columns the file's header did not match. */
  onHeader?(ignoredColumns: string[]): void;
  /** Every row's outcome, a batch at a time, in row order (awaited: a report file may need to drain). */
  onBatch?(outcomes: readonly RowOutcome[]): Promise<void> | void;
  onProgress?(progress: { rows: number; bytesRead: number; totalBytes: number }): void;
}

export interface ImportSummary {
  importId: string;
  dryRun: boolean;
  rows: number;
  counts: Record<RowOutcomeKind, number>;
  /** Rows whose every cell was empty (a spreadsheet's trailing ",,,"): skipped, not refused. */
  emptyRows: number;
  ignoredColumns: string[];
  elapsedMs: number;
  /** The most V8 heap in use after any batch: what the import held at once. */
  peakHeapBytes: number;
}

class DryRunRollback extends Error {}

/** Reads the header alone: a file that cannot be imported is said before a database is even opened. */
export async function checkImportFile(kind: ImportKindName, file: string): Promise<void> {
  const reader = await openCsv(file);
  try {
    mapHeader(reader.header, KINDS[kind].columns, kind);
  } finally {
    reader.close();
  }
}

export async function runImport(db: Knex, options: ImportRunOptions): Promise<ImportSummary> {
  const started = performance.now();
  const kind = KINDS[options.kind];
  const reader = await openCsv(options.file);
  let mapping;
  try {
    mapping = mapHeader(reader.header, kind.columns, options.kind);
  } catch (error) {
    reader.close();
    throw error;
  }
  options.onHeader?.(mapping.ignored);
  const at = options.clock.now();
  const importId = `${at.toISOString().slice(0, 10)}-${crypto.randomBytes(4).toString("hex")}`;
  const summary: ImportSummary = {
    importId,
    dryRun: options.dryRun,
    rows: 0,
    counts: { created: 0, updated: 0, unchanged: 0, refused: 0 },
    emptyRows: 0,
    ignoredColumns: mapping.ignored,
    elapsedMs: 0,
    peakHeapBytes: 0,
  };
  const context: BatchContext = {
    kind,
    mapping,
    now: at,
    seen: new Map(),
    options: { actor: options.actor, at, importId, fireRules: options.fireRules, grantAdmin: options.grantAdmin },
  };
  const execute = (target: Knex) => readBatches(target, reader, context, summary, options);
  if (!options.dryRun) {
    let completed = false;
    try {
      await execute(db);
      completed = true;
    } finally {
      summary.elapsedMs = performance.now() - started;
      await auditRun(db, options, summary, completed);
    }
    return summary;
  }
  try {
    await db.transaction(async (trx) => {
      await execute(trx);
      throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  summary.elapsedMs = performance.now() - started;
  return summary;
}

async function readBatches(
  db: Knex,
  reader: CsvReader,
  context: BatchContext,
  summary: ImportSummary,
  options: ImportRunOptions,
): Promise<void> {
  const size = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let batch: { row: number; cells: string[] }[] = [];
  const flush = async () => {
    const result = await applyBatch(db, batch, context);
    batch = [];
    // A dry run's new rows get ids that are rolled back: naming them would promise ids a real run will not use.
    if (options.dryRun) for (const outcome of result.outcomes) if (outcome.outcome === "created") delete outcome.id;
    summary.emptyRows += result.emptyRows;
    for (const outcome of result.outcomes) summary.counts[outcome.outcome]++;
    summary.rows += result.outcomes.length;
    summary.peakHeapBytes = Math.max(summary.peakHeapBytes, process.memoryUsage().heapUsed);
    await options.onBatch?.(result.outcomes);
    options.onProgress?.({ rows: summary.rows, bytesRead: reader.bytesRead(), totalBytes: reader.totalBytes });
  };
  for await (const record of reader.records) {
    batch.push(record);
    if (batch.length >= size) await flush();
  }
  if (batch.length) await flush();
}

/** One audit row per real run, naming the file and the counts (also when the file broke off half-way). */
async function auditRun(db: Knex, options: ImportRunOptions, summary: ImportSummary, completed: boolean): Promise<void> {
  await insertAudit(
    db,
    {
      actor: options.actor,
      action: AUDIT_ACTIONS.importRun,
      targetType: "import",
      targetId: summary.importId,
      details: {
        kind: options.kind,
        file: path.basename(options.file),
        rows: summary.rows,
        ...summary.counts,
        empty_rows: summary.emptyRows,
        ignored_columns: summary.ignoredColumns,
        fire_rules: options.fireRules,
        elapsed_ms: Math.round(summary.elapsedMs),
        // A file that broke off half-way (invalid CSV at row 40,000): the batches before it are in, the rest is not.
        completed,
      },
    },
    options.clock.now(),
  );
}
