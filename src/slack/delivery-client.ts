// Posts nobody is waiting on (ops alerts, rules' NOTIFY_SLACK messages) are retried by their drains, durably, not in the
// client: this is their Web API client, and the one reading of a failure as "wait this long and retry" or "give up".
import { WebClient } from "@slack/web-api";
import { MINUTE_MS } from "../domain/clock.ts";
import type { SlackAppOptions, Transport } from "./app.ts";
import { classifySlackError } from "./delivery/slack-errors.ts";
import { slackClientPolicy } from "./web-client-policy.ts";

/** Slack's Retry-After is honoured up to this; a longer one waits this long and asks again. */
export const RETRY_AFTER_MAX_MS = 5 * MINUTE_MS;
/** A fault in transit (a 5xx, a timeout) waits this long times the attempts so far. */
export const TRANSIENT_RETRY_MS = 30_000;

/** Retry after `waitMs`, or give up for good; `reason` is Slack's error code (stored through storableError). */
export type DeliveryVerdict = { retry: true; waitMs: number; reason: string } | { retry: false; reason: string };

export function deliveryVerdict(error: unknown, attempts: number): DeliveryVerdict {
  const failure = classifySlackError(error);
  if (failure.kind === "rate") {
    const waitMs = Math.min(failure.retryAfterMs ?? 1000, RETRY_AFTER_MAX_MS);
    return { retry: true, waitMs, reason: `rate limited by Slack (Retry-After ${Math.round(waitMs / 1000)} s)` };
  }
  if (failure.kind === "transient") return { retry: true, waitMs: TRANSIENT_RETRY_MS * Math.max(1, attempts), reason: failure.code };
  return { retry: false, reason: failure.code };
}

/**
 * The drains' client: one attempt per call within MAESTRO_SLACK_TIMEOUT_MS (web-client-policy.ts), and a rate limit
 * handed back at once with its Retry-After, so the drains' durable back-off is the one retry layer.
 */
export function deliveryClient(
  options: Pick<SlackAppOptions, "botToken" | "apiUrl" | "requestTimeoutMs">,
  transport: Transport,
): WebClient {
  const fetch = transport.kind === "custom" ? transport.fetch : undefined;
  return new WebClient(options.botToken, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith("/") ? options.apiUrl : `${options.apiUrl}/` } : {}),
    ...(fetch ? { fetch } : {}),
    rejectRateLimitedCalls: true,
    ...slackClientPolicy(options.requestTimeoutMs ?? 10_000),
  });
}
