// SQL for delivering the Slack outbox (NOTIFY_SLACK): claim one due row under a lease, then record what Slack said —
// posted, wait (Slack's Retry-After, or a fault in transit), or refused for good. Every move is a conditional update, so
// two replicas never post a row twice while its claimer lives (ARCHITECTURE 3, 9). Slack's words are stored scrubbed.
import type { Knex } from "knex";
import { storableError } from "../untrusted-text.ts";

export interface ClaimedSlackMessage {
  id: number;
  channel: string;
  text: string;
  /** Including this one. */
  attempts: number;
  workflow_execution_id: number | null;
}

/** Claims the oldest due message: QUEUED, not a dry run, past its retry time, unclaimed or its lease run out. */
export async function claimDueSlackMessage(
  db: Knex,
  claim: { by: string; now: Date; leaseUntil: Date },
): Promise<ClaimedSlackMessage | undefined> {
  const due = `status = 'QUEUED' and dry_run = false
    and (next_attempt_at is null or next_attempt_at <= :now)
    and (claimed_until is null or claimed_until <= :now)`;
  const result = await db.raw(
    `update slack_outbox set claimed_by = :by, claimed_until = :leaseUntil, attempts = attempts + 1
      where id = (select id from slack_outbox where ${due} order by id limit 1 for update skip locked) and ${due}
      returning id, channel, text, attempts, workflow_execution_id`,
    claim,
  );
  const row = (result.rows as ClaimedSlackMessage[])[0];
  return (
    row && {
      ...row,
      id: Number(row.id),
      workflow_execution_id: row.workflow_execution_id === null ? null : Number(row.workflow_execution_id),
    }
  );
}

const ours = (db: Knex, id: number, by: string) => db("slack_outbox").where({ id, claimed_by: by, status: "QUEUED" });

export async function markSlackSent(db: Knex, id: number, by: string, at: Date): Promise<boolean> {
  return (await ours(db, id, by).update({ status: "SENT", sent_at: at, error: null, claimed_until: null, next_attempt_at: null })) === 1;
}

/** Slack asked to wait, or the post failed in transit: the row waits until `next`, keeping why. */
export async function scheduleSlackRetry(db: Knex, id: number, by: string, retry: { next: Date; reason: string }): Promise<boolean> {
  const n = await ours(db, id, by).update({
    next_attempt_at: retry.next,
    error: storableError(retry.reason),
    claimed_by: null,
    claimed_until: null,
  });
  return n === 1;
}

export async function markSlackFailed(db: Knex, id: number, by: string, failure: { at: Date; reason: string }): Promise<boolean> {
  const n = await ours(db, id, by).update({
    status: "FAILED",
    failed_at: failure.at,
    error: storableError(failure.reason),
    claimed_until: null,
  });
  return n === 1;
}

export interface SlackOutboxHealth {
  queued: number;
  /** Waiting after a failed try, or longer than `stuckBefore`. */
  stuck: number;
  lastRetryReason: string | null;
  failed: number;
  lastFailure: { reason: string; channel: string; executionId: number | null } | null;
}

/** One statement: the waiting and the refused, in scalar subqueries (the health check's Slack notifications). */
export async function slackOutboxHealth(db: Knex, window: { failedSince: Date; stuckBefore: Date }): Promise<SlackOutboxHealth> {
  const waiting = "from slack_outbox where status = 'QUEUED' and dry_run = false";
  const failed = "from slack_outbox where status = 'FAILED' and failed_at >= ?";
  const newest = `${failed} order by failed_at desc, id desc limit 1`;
  const result = await db.raw(
    `select
       (select count(*) ${waiting}) as queued,
       (select count(*) ${waiting} and (attempts > 0 or created_at < ?)) as stuck,
       (select error ${waiting} and error is not null order by id desc limit 1) as last_retry_error,
       (select count(*) ${failed}) as failed,
       (select error ${newest}) as last_failed_error,
       (select channel ${newest}) as last_failed_channel,
       (select workflow_execution_id ${newest}) as last_failed_execution`,
    [window.stuckBefore, window.failedSince, window.failedSince, window.failedSince, window.failedSince],
  );
  const row = result.rows[0] as Record<string, string | number | null>;
  const failedCount = Number(row.failed);
  return {
    queued: Number(row.queued),
    stuck: Number(row.stuck),
    lastRetryReason: (row.last_retry_error as string | null) ?? null,
    failed: failedCount,
    lastFailure: failedCount
      ? {
          reason: (row.last_failed_error as string | null) ?? "no reason recorded",
          channel: String(row.last_failed_channel),
          executionId: row.last_failed_execution === null ? null : Number(row.last_failed_execution),
        }
      : null,
  };
}
