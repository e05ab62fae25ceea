// SQL for delivering the email outbox: claim one due row under a lease, then record what the SMTP server said
// (the server's reply is outside text: scrubbed and bounded like any stored error).
// Every move is a conditional update, so two replicas never send a row twice while its claimer lives (ARCHITECTURE 3, 9).
import type { Knex } from "knex";
import { claimDueRow, leasedOutcomes, type Claim, type ClaimedRow } from "./leased-outbox.ts";

export interface ClaimedEmail extends ClaimedRow {
  to_address: string;
  subject: string;
  body: string;
}

/** Claims the oldest due row under a lease (see leased-outbox.ts). */
export const claimDueEmail = (db: Knex, claim: Claim): Promise<ClaimedEmail | undefined> =>
  claimDueRow<ClaimedEmail>(db, "email_outbox", "to_address, subject, body", claim);

const outcomes = leasedOutcomes("email_outbox");
export const markEmailSent = outcomes.markSent;
export const scheduleEmailRetry = outcomes.scheduleRetry;
export const markEmailFailed = outcomes.markFailed;

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
