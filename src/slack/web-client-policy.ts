// The deadline and retry policy of every Slack Web API client Maestro builds. The client's default has no timeout
// and retries for about 30 minutes; here each call is one attempt of MAESTRO_SLACK_TIMEOUT_MS, and retries live in one
// layer, the caller's: delivery (delivery/delivery.ts) tries a call that failed in transit once more and waits out
// Slack's Retry-After within its budget; the outbox, alert and digest drains retry later with back-off from the
// database. Calls nobody retries are best-effort (the ⏳ reaction, a Home publish, a stream append that falls back to
// a post). See docs/recovery.md, "Deadlines".
import type { WebClientOptions } from "@slack/web-api";

export function slackClientPolicy(requestTimeoutMs: number): Required<Pick<WebClientOptions, "timeout" | "retryConfig">> {
  return { timeout: requestTimeoutMs, retryConfig: { retries: 0 } };
}
