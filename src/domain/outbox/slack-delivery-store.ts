// SQL for delivering the Slack outbox (NOTIFY_SLACK): claim one due row under a lease, then record what Slack said —
// posted, wait (Slack's Retry-After, or a fault in transit), or refused for good. Every move is a conditional update, so
// two replicas never post a row twice while its claimer lives (ARCHITECTURE 3, 9). Slack's words are stored scrubbed.
import type { Knex } from "knex";
import { claimDueRow, leasedOutcomes, type Claim, type ClaimedRow } from "./leased-outbox.ts";

export interface ClaimedSlackMessage extends ClaimedRow {
  channel: string;
  text: string;
}

/** Claims the oldest due row under a lease (see leased-outbox.ts). */
export const claimDueSlackMessage = (db: Knex, claim: Claim): Promise<ClaimedSlackMessage | undefined> =>
  claimDueRow<ClaimedSlackMessage>(db, "slack_outbox", "channel, text", claim);

const outcomes = leasedOutcomes("slack_outbox");
export const markSlackSent = outcomes.markSent;
export const scheduleSlackRetry = outcomes.scheduleRetry;
export const markSlackFailed = outcomes.markFailed;

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
