// What every import batch shares: the row outcomes it reports and how its changes are recorded (audit, and the feed
// events that fire workflow rules only when the import asks for them).
import type { Knex } from "knex";
import type { Actor } from "../actor.ts";
import { insertAuditBatch } from "../audit/audit-batch-store.ts";
import { recordChange } from "../record-change.ts";

export type RowOutcomeKind = "created" | "updated" | "unchanged" | "refused";

/** What happened to one row of the file: its spreadsheet row number, the record it touched and why. */
export interface RowOutcome {
  row: number;
  outcome: RowOutcomeKind;
  /** The email the row is keyed on (as written in the file, trimmed). */
  email: string;
  /** The id of the record created, updated or found unchanged. */
  id?: number;
  /** The fields an update changed, or the field a refusal is about. */
  fields?: string[];
  /** Why, in plain words: for refusals, and for notes on an accepted row. */
  reason?: string;
}

export interface ImportBatchOptions {
  actor: Actor;
  at: Date;
  /** Names the run in every audit row it writes, so a run's rows can be found (and undone by hand) together. */
  importId: string;
  /**
   * Emit the feed events a live change emits (ContactCreated, IntakeCreated), so workflow rules fire for each imported
   * row. Off by default: a studio importing years of history must not send every old prospect a welcome email.
   */
  fireRules: boolean;
}

/** One audited change of an import batch; `event` is emitted (and rules run) only when the run fires rules. */
export interface ImportChange {
  action: string;
  target: { type: string; id: number };
  details: Record<string, unknown>;
  event?: { type: string; metadata: Record<string, unknown> };
}

/**
 * Records a batch's changes: one multi-row audit insert when rules are not fired (cheap at 100k rows), else each change
 * through recordChange, exactly as a live change (audit, feed event, rules in the same transaction).
 */
export async function recordImportChanges(trx: Knex, changes: readonly ImportChange[], options: ImportBatchOptions): Promise<void> {
  const withRun = (c: ImportChange) => ({ ...c.details, import_id: options.importId });
  if (!options.fireRules) {
    await insertAuditBatch(
      trx,
      changes.map((c) => ({
        actor: options.actor,
        action: c.action,
        targetType: c.target.type,
        targetId: c.target.id,
        details: withRun(c),
      })),
      options.at,
    );
    return;
  }
  for (const change of changes) {
    await recordChange(
      trx,
      { actor: options.actor, action: change.action, target: change.target, details: withRun(change), event: change.event },
      options.at,
    );
  }
}

/** Lower-cased and trimmed: emails match whatever their case. */
export const emailKey = (email: string) => email.trim().toLowerCase();
