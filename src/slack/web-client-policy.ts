// The deadline and retry policy of every Slack Web API client Maestro builds. The client's default has no timeout
// and retries for about 30 minutes; this one gives each request attempt MAESTRO_SLACK_TIMEOUT_MS and tries a failed
// call at most 3 times over a few seconds (a 429 waits Slack's Retry-After, within those tries). See
// docs/recovery.md, "Deadlines".
import type { WebClientOptions } from "@slack/web-api";

/** Tries of one call after the first, and the waits between them (1 s, then 2 s; randomized against herds). */
export const SLACK_RETRIES = 2;

export function slackClientPolicy(requestTimeoutMs: number): Required<Pick<WebClientOptions, "timeout" | "retryConfig">> {
  return {
    timeout: requestTimeoutMs,
    retryConfig: {
      retries: SLACK_RETRIES,
      factor: 2,
      minTimeout: 1_000,
      maxTimeout: 2_000,
      randomize: true,
      // No try starts once this much time has passed since the first (node-retry's maxRetryTime).
      maxRetryTime: (SLACK_RETRIES + 1) * requestTimeoutMs + 3_000,
    },
  };
}

/** The worst case of one call under the policy, Retry-After waits aside: every try timing out, every wait at its longest. */
export const slackCallBoundMs = (requestTimeoutMs: number) => (SLACK_RETRIES + 1) * requestTimeoutMs + 2 * 2_000;
