// Delivers NOTIFY_SLACK messages that workflow rules queued (written in their transaction, posted after it commits), once
// across replicas, with the email outbox's discipline: Slack's Retry-After honoured (bounded), faults in transit retried
// with back-off, and a message refused for good FAILED with Slack's reason on its row and on the workflow execution.
import type { WebClient } from "@slack/web-api";
import {
  claimDueSlackMessage,
  markSlackFailed,
  markSlackSent,
  scheduleSlackRetry,
  type ClaimedSlackMessage,
} from "../domain/outbox/slack-delivery-store.ts";
import { markExecutionUndelivered } from "../domain/workflows/execution-store.ts";
import { deliveryVerdict, type DeliveryVerdict } from "./delivery-client.ts";
import type { Surface } from "./surface.ts";
import { deadTokenCode, recordTokenRevoked } from "./token-state.ts";

/** A claim outlives the slowest post (the delivery client's 10 s timeout) by a margin. */
export const SLACK_CLAIM_LEASE_MS = 60_000;
/** Posts tried per message before it fails for good (with rate limits of a few seconds each, minutes in all). */
export const SLACK_MAX_ATTEMPTS = 6;

export interface SlackDrainResult {
  sent: number;
  retried: number;
  failed: number;
}

type Deps = Pick<Surface, "db" | "clock" | "logger"> & { instanceId: string };

async function recordFailure(deps: Deps, message: ClaimedSlackMessage, verdict: DeliveryVerdict): Promise<"retried" | "failed"> {
  const { db, clock, logger, instanceId } = deps;
  const now = clock.now();
  if (verdict.retry && message.attempts < SLACK_MAX_ATTEMPTS) {
    const next = new Date(now.getTime() + verdict.waitMs);
    await scheduleSlackRetry(db, message.id, instanceId, { next, reason: verdict.reason });
    logger.warn({ outboxId: message.id, attempts: message.attempts, next, reason: verdict.reason }, "slack.outbox.retry");
    return "retried";
  }
  const reason = verdict.retry ? `gave up after ${message.attempts} attempts: ${verdict.reason}` : verdict.reason;
  await db.transaction(async (trx) => {
    const recorded = await markSlackFailed(trx, message.id, instanceId, { at: now, reason });
    if (recorded && message.workflow_execution_id !== null) {
      await markExecutionUndelivered(trx, message.workflow_execution_id, `Slack message to ${message.channel} not delivered: ${reason}`);
    }
  });
  logger.error(
    { outboxId: message.id, executionId: message.workflow_execution_id, channel: message.channel, reason },
    "slack.outbox.failed",
  );
  return "failed";
}

/**
 * Posts up to `batch` due messages, one claim at a time, outside any transaction (a Slack call never holds a database
 * connection). A rate limit or a fault in transit ends the batch: the next posts would only meet the same answer.
 */
export async function drainSlackOutbox(surface: Deps, client: WebClient, batch = 20): Promise<SlackDrainResult> {
  const { db, clock, logger, instanceId } = surface;
  const result: SlackDrainResult = { sent: 0, retried: 0, failed: 0 };
  for (let i = 0; i < batch; i++) {
    const now = clock.now();
    const message = await claimDueSlackMessage(db, { by: instanceId, now, leaseUntil: new Date(now.getTime() + SLACK_CLAIM_LEASE_MS) });
    if (!message) break;
    try {
      await client.chat.postMessage({ channel: message.channel, text: message.text });
    } catch (error) {
      const dead = deadTokenCode(error);
      if (dead) {
        // Not this message's fault: it waits, and every posting job stops until the token works again (token-state.ts).
        await scheduleSlackRetry(db, message.id, instanceId, { next: now, reason: `the bot token was refused (${dead})` });
        await recordTokenRevoked(surface, dead, undefined);
        break;
      }
      const verdict = deliveryVerdict(error, message.attempts);
      result[await recordFailure(surface, message, verdict)] += 1;
      if (verdict.retry) break;
      continue;
    }
    if (await markSlackSent(db, message.id, instanceId, clock.now())) result.sent += 1;
    else logger.warn({ outboxId: message.id }, "slack.outbox.lease_lost");
  }
  if (result.sent || result.retried || result.failed) logger.info({ ...result }, "slack.outbox.drain");
  return result;
}
