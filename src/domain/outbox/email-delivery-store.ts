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

/** One statement (the health check's other database checks are one too): the waiting and the refused, in scalar subqueries. */
export async function emailOutboxHealth(db: Knex, window: { failedSince: Date; stuckBefore: Date }): Promise<EmailOutboxHealth> {
  const waiting = "from email_outbox where status = 'QUEUED' and dry_run = false";
  const failed = "from email_outbox where status = 'FAILED' and failed_at >= ?";
  const newestFailed = `${failed} order by failed_at desc, id desc limit 1`;
  const result = await db.raw(
    `select
       (select count(*) ${waiting}) as queued,
       (select count(*) ${waiting} and (attempts > 0 or created_at < ?)) as stuck,
       (select min(created_at) ${waiting}) as oldest,
       (select error ${waiting} and error is not null order by id desc limit 1) as last_retry_error,
       (select count(*) ${failed}) as failed,
       (select error ${newestFailed}) as last_failed_error,
       (select workflow_execution_id ${newestFailed}) as last_failed_execution`,
    [window.stuckBefore, window.failedSince, window.failedSince, window.failedSince],
  );
  const row = result.rows[0] as {
    queued: string | number;
    stuck: string | number;
    oldest: Date | null;
    last_retry_error: string | null;
    failed: string | number;
    last_failed_error: string | null;
    last_failed_execution: string | number | null;
  };
  const failedCount = Number(row.failed);
  return {
    queued: Number(row.queued),
    stuck: Number(row.stuck),
    oldestQueuedAt: row.oldest,
    lastRetryReason: row.last_retry_error,
    failed: failedCount,
    lastFailure: failedCount
      ? {
          reason: row.last_failed_error ?? "no reason recorded",
          executionId: row.last_failed_execution === null ? null : Number(row.last_failed_execution),
        }
      : null,
  };
}
