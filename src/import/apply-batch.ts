// One batch of records: each read into the domain's input or refused with its reason, the valid ones applied in one
// transaction; if the database refuses that batch, each row is retried alone so only the row at fault is refused.
import type { Knex } from "knex";
import type { RowOutcome } from "../domain/imports/import-batch.ts";
import { scrubSecrets } from "../logger.ts";
import type { CsvRecord } from "./csv-rows.ts";
import { cellsOf, type HeaderMapping } from "./header-map.ts";
import type { ImportKind, KindOptions } from "./import-kinds.ts";

export interface BatchContext {
  kind: ImportKind<unknown>;
  mapping: HeaderMapping;
  now: Date;
  options: KindOptions;
  /** The key of every row accepted so far in this file, with its row number: a few dozen bytes a row, not the row. */
  seen: Map<string, number>;
}

export interface BatchResult {
  /** One per non-empty record, in row order. */
  outcomes: RowOutcome[];
  emptyRows: number;
}

function refusal(row: number, email: string | null, field: string, reason: string): RowOutcome {
  return { row, outcome: "refused", email: email ?? "", fields: [field], reason };
}

export async function applyBatch(db: Knex, records: readonly CsvRecord[], context: BatchContext): Promise<BatchResult> {
  const outcomes: RowOutcome[] = [];
  const valid: { row: number; input: unknown }[] = [];
  let emptyRows = 0;
  for (const record of records) {
    if (record.cells.every((cell) => !cell.trim())) {
      emptyRows++;
      continue;
    }
    const cells = cellsOf(record.cells, context.mapping);
    const extra = record.cells.slice(context.mapping.width).filter((cell) => cell.trim());
    if (extra.length) {
      const reason = `the row has ${record.cells.length} cells but the header has ${context.mapping.width}: a value holding the delimiter needs quotes around it`;
      outcomes.push(refusal(record.row, cells.email ?? null, "row", reason));
      continue;
    }
    const read = context.kind.read(cells, record.row, context.now);
    if (!read.ok) {
      outcomes.push(refusal(record.row, cells.email ?? null, read.field, read.reason));
      continue;
    }
    const key = context.kind.key(read.value);
    const earlier = context.seen.get(key);
    if (earlier !== undefined) {
      const reason = `row ${earlier} of this file is already about ${context.kind.name === "intakes" ? "this intake (same email and date)" : "this email"}; merge the two rows`;
      outcomes.push(refusal(record.row, cells.email ?? null, "email", reason));
      continue;
    }
    context.seen.set(key, record.row);
    valid.push({ row: record.row, input: read.value });
  }
  if (valid.length) outcomes.push(...(await applyValid(db, valid, context)));
  return { outcomes: outcomes.sort((a, b) => a.row - b.row), emptyRows };
}

async function applyValid(db: Knex, valid: { row: number; input: unknown }[], context: BatchContext): Promise<RowOutcome[]> {
  const apply = (rows: unknown[]) => db.transaction((trx) => context.kind.applyBatch(trx, rows, context.options));
  try {
    return await apply(valid.map((v) => v.input));
  } catch {
    // Rare (the reads catch what they can): find the row at fault by applying each alone, in its own transaction.
    const outcomes: RowOutcome[] = [];
    for (const v of valid) {
      try {
        outcomes.push(...(await apply([v.input])));
      } catch (error) {
        const email = (v.input as { email?: string }).email ?? null;
        const message = scrubSecrets(error instanceof Error ? error.message : String(error));
        outcomes.push(refusal(v.row, email, "row", `the database refused it: ${message}`));
      }
    }
    return outcomes;
  }
}
