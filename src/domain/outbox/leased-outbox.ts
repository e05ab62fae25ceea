// Leased delivery of an outbox table (email_outbox, slack_outbox): claim one due row under a lease, then record what
// the far side said — sent, wait and retry, or refused for good. Every move is a conditional update on a claim still
// ours, so two replicas never deliver a row twice while its claimer lives (ARCHITECTURE 3, 9); reasons are stored
// scrubbed and bounded, since a server's reply is outside text.
import type { Knex } from "knex";
import { storableError } from "../untrusted-text.ts";

export type LeasedOutboxTable = "email_outbox" | "slack_outbox";

/** What every claimed row carries besides its own columns. */
export interface ClaimedRow {
  id: number;
  /** Including this one. */
  attempts: number;
  workflow_execution_id: number | null;
}

/** A type, not an interface: knex's named bindings want an index signature. */
export type Claim = { by: string; now: Date; leaseUntil: Date };

/**
 * Claims the oldest due row: QUEUED, not a dry run, past its retry time, and unclaimed or its lease run out (the claimer
 * died). SKIP LOCKED lets a concurrent claimer take the next row instead of waiting; the conditions are rechecked on
 * the locked row, so a row claimed meanwhile is never taken twice. On PGlite (one connection) the single statement is
 * the whole guarantee. `columns`: the table's own columns to return, as SQL.
 */
export async function claimDueRow<Row extends ClaimedRow>(
  db: Knex,
  table: LeasedOutboxTable,
  columns: string,
  claim: Claim,
): Promise<Row | undefined> {
  const due = `status = 'QUEUED' and dry_run = false
    and (next_attempt_at is null or next_attempt_at <= :now)
    and (claimed_until is null or claimed_until <= :now)`;
  const result = await db.raw(
    `update ${table} set claimed_by = :by, claimed_until = :leaseUntil, attempts = attempts + 1
      where id = (select id from ${table} where ${due} order by id limit 1 for update skip locked) and ${due}
      returning id, ${columns}, attempts, workflow_execution_id`,
    claim,
  );
  const row = (result.rows as Row[])[0];
  return (
    row && {
      ...row,
      id: Number(row.id),
      workflow_execution_id: row.workflow_execution_id === null ? null : Number(row.workflow_execution_id),
    }
  );
}

/** The outcome writers of one table; each returns false when the claim is no longer ours (taken over after our lease). */
export function leasedOutcomes(table: LeasedOutboxTable) {
  const ours = (db: Knex, id: number, by: string) => db(table).where({ id, claimed_by: by, status: "QUEUED" });
  return {
    async markSent(db: Knex, id: number, by: string, at: Date): Promise<boolean> {
      const n = await ours(db, id, by).update({ status: "SENT", sent_at: at, error: null, claimed_until: null, next_attempt_at: null });
      return n === 1;
    },
    /** A temporary failure (or a wait the far side asked for): the row waits until `next`, keeping why. */
    async scheduleRetry(db: Knex, id: number, by: string, retry: { next: Date; reason: string }): Promise<boolean> {
      const n = await ours(db, id, by).update({
        next_attempt_at: retry.next,
        error: storableError(retry.reason),
        claimed_by: null,
        claimed_until: null,
      });
      return n === 1;
    },
    /** A permanent failure (or retries used up): FAILED with the far side's reason. */
    async markFailed(db: Knex, id: number, by: string, failure: { at: Date; reason: string }): Promise<boolean> {
      const n = await ours(db, id, by).update({
        status: "FAILED",
        failed_at: failure.at,
        error: storableError(failure.reason),
        claimed_until: null,
      });
      return n === 1;
    },
  };
}
