// What a failed Slack Web API call means for delivery: the message itself was refused (send something simpler), the
// place was refused (reach the person elsewhere), Slack asked us to wait (Retry-After), or the call failed in transit.
import { ErrorCode } from "@slack/web-api";

export type FailureKind = "content" | "place" | "rate" | "transient" | "other";

export interface SlackFailure {
  kind: FailureKind;
  /** Slack's error code (`msg_too_long`), or what the client saw (`http_503`, `request_error`). */
  code: string;
  /** For `rate`: how long Slack asked us to wait. */
  retryAfterMs?: number;
}

/** The message is refused as written: too long, or blocks Slack will not render. */
const CONTENT = new Set([
  "msg_too_long",
  "msg_blocks_too_long",
  "invalid_blocks",
  "invalid_blocks_format",
  "invalid_attachments",
  "too_many_attachments",
  "markdown_text_conflict",
]);

/** The place is refused: the bot cannot (or can no longer) post there, whatever the message. */
const PLACE = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "restricted_action",
  "restricted_action_read_only_channel",
  "restricted_action_thread_only_channel",
  "restricted_action_non_threadable_channel",
  "cannot_reply_to_message",
  "thread_not_found",
  "team_access_not_granted",
  "ekm_access_denied",
  "message_not_found",
  "cant_update_message",
  "edit_window_closed",
]);

const TRANSIENT = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout"]);

/** Slack answers `ratelimited` with HTTP 429 and Retry-After; a body without the header waits this long. */
const DEFAULT_RETRY_AFTER_MS = 1000;

interface ClientError {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  statusCode?: number;
  headers?: Record<string, string>;
}

export function classifySlackError(error: unknown): SlackFailure {
  const e = (error ?? {}) as ClientError;
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return { kind: "rate", code: "ratelimited", retryAfterMs: Math.max(0, (e.retryAfter ?? 1) * 1000) };
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? "unknown_error";
      if (code === "ratelimited" || code === "rate_limited") return { kind: "rate", code, retryAfterMs: DEFAULT_RETRY_AFTER_MS };
      if (CONTENT.has(code)) return { kind: "content", code };
      if (PLACE.has(code)) return { kind: "place", code };
      return { kind: TRANSIENT.has(code) ? "transient" : "other", code };
    }
    case ErrorCode.HTTPError: {
      if (e.statusCode === 429) {
        const seconds = Number.parseInt(e.headers?.["retry-after"] ?? "", 10);
        return { kind: "rate", code: "ratelimited", retryAfterMs: Number.isNaN(seconds) ? DEFAULT_RETRY_AFTER_MS : seconds * 1000 };
      }
      return { kind: "transient", code: `http_${e.statusCode ?? "error"}` };
    }
    case ErrorCode.RequestError:
      return { kind: "transient", code: "request_error" };
    default:
      return { kind: "transient", code: "unexpected_error" };
  }
}
