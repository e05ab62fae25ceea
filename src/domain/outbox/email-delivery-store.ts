// SQL for delivering the email outbox: claim one due row under a lease, then record what the SMTP server said
// (the server's reply is outside text: scrubbed and bounded like any stored error).
// Every move is a conditional update, so two replicas never send a row twice while its claimer lives (ARCHITECTURE 3, 9).
import type { Knex } from "knex";
import { storableError } from "../untrusted-text.ts";

export interface ClaimedEmail {
  id: number;
  to_address: string;
  subject: string;
  body: string;
  /** Including this one. */
  attempts: number;
  workflow_execution_id: number | null;
}

/**
 * Claims the oldest due email: QUEUED, not a dry run, past its backoff, and unclaimed or its claim's lease run out (the
 * claimer died). SKIP LOCKED lets a concurrent claimer take the next row instead of waiting; the conditions are
 * rechecked on the locked row, so a row claimed meanwhile is never taken twice. On PGlite (one connection) the single
 * statement is the whole guarantee.
 */
export async function claimDueEmail(db: Knex, claim: { by: string; now: Date; leaseUntil: Date }): Promise<ClaimedEmail | undefined> {
  const due = `status = 'QUEUED' and dry_run = false
    and (next_attempt_at is null or next_attempt_at <= :now)
    and (claimed_until is null or claimed_until <= :now)`;
  const result = await db.raw(
    `update email_outbox set claimed_by = :by, claimed_until = :leaseUntil, attempts = attempts + 1
      where id = (select id from email_outbox where ${due} order by id limit 1 for update skip locked) and ${due}
      returning id, to_address, subject, body, attempts, workflow_execution_id`,
    claim,
  );
  const row = (result.rows as ClaimedEmail[])[0];
  return (
    row && {
      ...row,
      id: Number(row.id),
      workflow_execution_id: row.workflow_execution_id === null ? null : Number(row.workflow_execution_id),
    }
  );
}

/** The claim still ours: a row taken over after our lease ran out is the new claimer's to record. */
const ours = (db: Knex, id: number, by: string) => db("email_outbox").where({ id, claimed_by: by, status: "QUEUED" });

export async function markEmailSent(db: Knex, id: number, by: string, at: Date): Promise<boolean> {
  const n = await ours(db, id, by).update({ status: "SENT", sent_at: at, error: null, claimed_until: null, next_attempt_at: null });
  return n === 1;
}

/** A temporary failure: the row waits until `next` and keeps the reason, so a stuck email says why. */
export async function scheduleEmailRetry(db: Knex, id: number, by: string, retry: { next: Date; reason: string }): Promise<boolean> {
  const n = await ours(db, id, by).update({
    next_attempt_at: retry.next,
    error: storableError(retry.reason),
    claimed_by: null,
    claimed_until: null,
  });
  return n === 1;
}

/** A permanent failure (or retries used up): FAILED with the server's reason. */
export async function markEmailFailed(db: Knex, id: number, by: string, failure: { at: Date; reason: string }): Promise<boolean> {
  const n = await ours(db, id, by).update({
    status: "FAILED",
    failed_at: failure.at,
    error: storableError(failure.reason),
    claimed_until: null,
  });
  return n === 1;
}

export interface EmailOutboxHealth {
  /** Waiting to be sent (not dry runs). */
  queued: number;
  /** Of those, the ones a send was already tried for (a temporary failure) or older than `stuckBefore`. */
  stuck: number;
  oldestQueuedAt: Date | null;
  /** The newest reason a waiting email gave (a temporary failure). */
  lastRetryReason: string | null;
  /** Failed for good since `failedSince`. */
  failed: number;
  lastFailure: { reason: string; executionId: number | null } | null;
}

export async function emailOutboxHealth(db: Knex, window: { failedSince: Date; stuckBefore: Date }): Promise<EmailOutboxHealth> {
  const waiting = db("email_outbox").where({ status: "QUEUED", dry_run: false });
  const [counts, retry, failedCount, lastFailed] = await Promise.all([
    waiting
      .clone()
      .first<{ queued: string | number; stuck: string | number; oldest: Date | null }>(
        db.raw("count(*) as queued"),
        db.raw("count(*) filter (where attempts > 0 or created_at < ?) as stuck", [window.stuckBefore]),
        db.raw("min(created_at) as oldest"),
      ),
    waiting.clone().whereNotNull("error").orderBy("id", "desc").first<{ error: string } | undefined>("error"),
    db("email_outbox").where({ status: "FAILED" }).where("failed_at", ">=", window.failedSince).count<{ n: string | number }[]>({ n: "*" }),
    db("email_outbox")
      .where({ status: "FAILED" })
      .where("failed_at", ">=", window.failedSince)
      .orderBy("failed_at", "desc")
      .first<{ error: string | null; workflow_execution_id: string | number | null } | undefined>("error", "workflow_execution_id"),
  ]);
  return {
    queued: Number(counts?.queued ?? 0),
    stuck: Number(counts?.stuck ?? 0),
    oldestQueuedAt: counts?.oldest ?? null,
    lastRetryReason: retry?.error ?? null,
    failed: Number(failedCount[0]?.n ?? 0),
    lastFailure: lastFailed
      ? {
          reason: lastFailed.error ?? "no reason recorded",
          executionId: lastFailed.workflow_execution_id === null ? null : Number(lastFailed.workflow_execution_id),
        }
      : null,
  };
}
