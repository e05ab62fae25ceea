// A Slack Web API client for the doctor: no retries, a short deadline, quiet, and errors read as Slack's error code.
import { WebClient, type Logger as SlackLogger, LogLevel } from "@slack/web-api";
import type { DoctorContext } from "./check.ts";

const quiet: SlackLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

export function doctorSlackClient(ctx: DoctorContext, token: string): WebClient {
  return new WebClient(token, {
    slackApiUrl: ctx.config.slack.apiUrl ?? "https://slack.com/api/",
    retryConfig: { retries: 0 },
    timeout: 10_000,
    logger: quiet,
    ...(ctx.slackFetch ? { fetch: ctx.slackFetch } : {}),
  });
}

/** Slack's error code ("invalid_auth") for a platform error, or null for a transport failure. */
export function slackErrorCode(error: unknown): string | null {
  const e = error as { code?: string; data?: { error?: string } };
  return e.code === "slack_webapi_platform_error" ? (e.data?.error ?? "unknown_error") : null;
}

/** One line about a failure to reach Slack at all. */
export function unreachable(ctx: DoctorContext, error: unknown): string {
  const e = error as { code?: string; statusCode?: number; original?: Error; message?: string };
  const why = e.statusCode ? `HTTP ${e.statusCode}` : (e.original?.message ?? e.message ?? String(error));
  return `Slack's Web API at ${ctx.config.slack.apiUrl ?? "https://slack.com/api/"} did not answer: ${why}`;
}
