// Delivers the emails SEND_EMAIL rules queued (written in their transaction, sent after it commits), once across replicas.
import type { Knex } from "knex";
import type { Clock } from "../domain/clock.ts";
import {
  claimDueEmail,
  markEmailFailed,
  markEmailSent,
  scheduleEmailRetry,
  type ClaimedEmail,
} from "../domain/outbox/email-delivery-store.ts";
import { markExecutionUndelivered } from "../domain/workflows/execution-store.ts";
import type { Logger } from "../logger.ts";
import { classifySendFailure, type SendFailure } from "./send-failure.ts";
import { SEND_DEADLINE_MS, type MailTransport } from "./smtp-transport.ts";

/** A claim outlives the longest send by a margin: only a claimer that died loses its rows to another replica. */
export const CLAIM_LEASE_MS = SEND_DEADLINE_MS + 60_000;
/** Temporary failures wait 30 s, then twice as long each time, at most an hour; after 10 tries (~5 h) the email fails. */
export const RETRY_BASE_MS = 30_000;
export const RETRY_MAX_MS = 3_600_000;
export const MAX_ATTEMPTS = 10;

export interface EmailDrainDeps {
  db: Knex;
  clock: Clock;
  logger: Logger;
  transport: MailTransport;
  /** EMAIL_FROM. */
  from: string;
  /** Names this process in claims (host, pid, random part). */
  instanceId: string;
}

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
}

export const retryDelayMs = (attempts: number) => Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);

/** Stable per row: a receiver can recognise the resend that follows a crash between the send and its record. */
const messageId = (id: number, from: string) => `<maestro-email-${id}@${from.split("@")[1] ?? "maestro.invalid"}>`;

async function recordFailure(deps: EmailDrainDeps, email: ClaimedEmail, failure: SendFailure): Promise<"retried" | "failed"> {
  const { db, clock, logger, instanceId } = deps;
  const now = clock.now();
  if (!failure.permanent && email.attempts < MAX_ATTEMPTS) {
    const next = new Date(now.getTime() + retryDelayMs(email.attempts));
    await scheduleEmailRetry(db, email.id, instanceId, { next, reason: failure.reason });
    logger.warn({ outboxId: email.id, attempts: email.attempts, next, reason: failure.reason }, "email.send.retry");
    return "retried";
  }
  const reason = failure.permanent ? failure.reason : `gave up after ${email.attempts} attempts: ${failure.reason}`;
  await db.transaction(async (trx) => {
    const recorded = await markEmailFailed(trx, email.id, instanceId, { at: now, reason });
    if (recorded && email.workflow_execution_id !== null) {
      await markExecutionUndelivered(trx, email.workflow_execution_id, `email to ${email.to_address} not delivered: ${reason}`);
    }
  });
  logger.error({ outboxId: email.id, executionId: email.workflow_execution_id, reason }, "email.send.failed");
  return "failed";
}

/**
 * Sends up to `batch` due emails, one claim at a time, outside any transaction (an SMTP conversation never holds a
 * database connection). A server that cannot be reached ends the batch: the rest would only fail the same way.
 */
export async function drainEmailOutbox(deps: EmailDrainDeps, batch = 20): Promise<DrainResult> {
  const { db, clock, logger, transport, from, instanceId } = deps;
  const result: DrainResult = { sent: 0, retried: 0, failed: 0 };
  for (let i = 0; i < batch; i++) {
    const now = clock.now();
    const email = await claimDueEmail(db, { by: instanceId, now, leaseUntil: new Date(now.getTime() + CLAIM_LEASE_MS) });
    if (!email) break;
    try {
      await transport.send({ from, to: email.to_address, subject: email.subject, text: email.body, messageId: messageId(email.id, from) });
    } catch (error) {
      const failure = classifySendFailure(error);
      result[await recordFailure(deps, email, failure)] += 1;
      if (!failure.permanent && (error as { responseCode?: unknown }).responseCode === undefined) break;
      continue;
    }
    if (await markEmailSent(db, email.id, instanceId, clock.now())) result.sent += 1;
    // Sent, but another replica took the row over (our lease ran out mid-send): it may send it again.
    else logger.warn({ outboxId: email.id }, "email.send.lease_lost");
  }
  if (result.sent || result.retried || result.failed) logger.info({ ...result, endpoint: transport.endpoint }, "email.outbox.drain");
  return result;
}
