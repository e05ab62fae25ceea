// Why a post Maestro made on its own (an ops alert, a rule's NOTIFY_SLACK message) failed, in three kinds: Slack asked
// to wait (Retry-After), a temporary fault (network, 5xx, Slack's own trouble), or a refusal that will not change.
import { WebClient } from "@slack/web-api";
import { MINUTE_MS } from "../domain/clock.ts";
import type { SlackAppOptions, Transport } from "./app.ts";

export type DeliveryFailure =
  | { kind: "rate_limited"; retryAfterMs: number; reason: string }
  | { kind: "temporary"; reason: string }
  | { kind: "permanent"; reason: string };

/** Slack's Retry-After is honoured up to this; a longer one waits this long and asks again. */
export const RETRY_AFTER_MAX_MS = 5 * MINUTE_MS;

/** Slack errors that are Slack's trouble, not the message's: worth another try. */
const TEMPORARY_ERRORS = new Set(["ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"]);

interface SlackErrorShape {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string };
  message?: string;
}

export function classifyDeliveryFailure(error: unknown): DeliveryFailure {
  const e = (error ?? {}) as SlackErrorShape;
  if (e.code === "slack_webapi_rate_limited_error") {
    const seconds = typeof e.retryAfter === "number" && e.retryAfter >= 0 ? e.retryAfter : 30;
    return {
      kind: "rate_limited",
      retryAfterMs: Math.min(seconds * 1000, RETRY_AFTER_MAX_MS),
      reason: `rate limited (Retry-After ${seconds} s)`,
    };
  }
  if (e.code === "slack_webapi_platform_error") {
    const reason = e.data?.error ?? "unknown_error";
    return TEMPORARY_ERRORS.has(reason) ? { kind: "temporary", reason } : { kind: "permanent", reason };
  }
  if (e.code === "slack_webapi_http_error") return { kind: "temporary", reason: `HTTP ${e.statusCode ?? "error"} from Slack` };
  return { kind: "temporary", reason: (e.message ?? String(error)).split("\n")[0]!.slice(0, 300) };
}

/** A post Slack could not take in time waits no longer than this. */
const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * The Web API client for posts nobody is waiting on (alerts, rules' messages): a rate-limited call is handed back at
 * once with its Retry-After instead of sleeping inside the client (which would also hold every other call of the app's
 * client), so the one retry layer is the durable one in the database.
 */
export function deliveryClient(options: Pick<SlackAppOptions, "botToken" | "apiUrl">, transport: Transport): WebClient {
  const fetch = transport.kind === "custom" ? transport.fetch : undefined;
  return new WebClient(options.botToken, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith("/") ? options.apiUrl : `${options.apiUrl}/` } : {}),
    ...(fetch ? { fetch } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: DELIVERY_TIMEOUT_MS,
  });
}
