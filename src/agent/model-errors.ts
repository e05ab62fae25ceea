// Model call failures: which are worth another try, how long to wait first, and what to tell the person who asked.
// Types only: the SDK (~250 modules) loads on the first model call, not at start, so an error's class is recognised
// by the names in its prototype chain — instanceof by name, which also covers the SDK's many per-error-code subclasses.
import type Anthropic from "@anthropic-ai/sdk";
import { ModelTimeoutError } from "./model-deadline.ts";

export interface ModelFailure {
  retryable: boolean;
  /** For the log: the class and status, never a key. */
  logMessage: string;
  /** For Slack. */
  userMessage: string;
}

type SdkErrorName = Extract<keyof typeof Anthropic, `${string}Error`>;

/** `is(X)` is `error instanceof Anthropic.X`, without the SDK loaded; an error outside the SDK is none of them. */
function sdkErrorClasses(error: unknown): (name: SdkErrorName) => boolean {
  const chain = new Set<string>();
  for (
    let proto = error instanceof Error ? Object.getPrototypeOf(error) : null;
    proto && proto !== Error.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    chain.add((proto as { constructor: { name: string } }).constructor.name);
  }
  const fromSdk = chain.has("AnthropicError");
  return (name) => fromSdk && chain.has(name);
}

export function classifyModelError(error: unknown): ModelFailure {
  const name = error instanceof Error ? error.constructor.name : typeof error;
  const is = sdkErrorClasses(error);
  const status = is("APIError") ? (error as { status?: number }).status : undefined;
  const log = `${name}${status ? ` ${status}` : ""}: ${error instanceof Error ? error.message : String(error)}`;
  if (error instanceof ModelTimeoutError) {
    return {
      retryable: true,
      logMessage: log,
      userMessage: "The model service stopped answering, so I stopped waiting. Please try again in a few minutes.",
    };
  }
  // A body cut short or garbled (JSON.parse's SyntaxError, "Unterminated string in JSON…"): the service answered, badly —
  // not a dropped connection. A fresh request usually reads fine.
  if (error instanceof SyntaxError || (error instanceof Error && error.cause instanceof SyntaxError)) {
    return {
      retryable: true,
      logMessage: `malformed response from the model (truncated or invalid JSON): ${log}`,
      userMessage: "The model service sent back a reply I couldn't read. Please try again in a moment.",
    };
  }
  if (is("APIUserAbortError") || (error instanceof Error && error.name === "AbortError")) {
    return { retryable: false, logMessage: log, userMessage: "I stopped before finishing." };
  }
  if (is("APIConnectionTimeoutError")) {
    return { retryable: true, logMessage: log, userMessage: "The model took too long to answer. Please try again in a moment." };
  }
  if (is("APIConnectionError")) {
    return { retryable: true, logMessage: log, userMessage: "I couldn't reach the model service. Please try again in a moment." };
  }
  if (is("RateLimitError")) {
    return {
      retryable: true,
      logMessage: log,
      userMessage: "The model service is rate limiting Maestro right now. Please try again in a minute.",
    };
  }
  if (status === 529 || (error instanceof Error && /overloaded/i.test(error.message))) {
    return {
      retryable: true,
      logMessage: log,
      userMessage: "The model service is overloaded right now. Please try again in a few minutes.",
    };
  }
  if (is("InternalServerError") || (status !== undefined && status >= 500)) {
    return { retryable: true, logMessage: log, userMessage: "The model service had an internal error. Please try again in a moment." };
  }
  if (is("AuthenticationError") || is("PermissionDeniedError")) {
    return {
      retryable: false,
      logMessage: log,
      userMessage: "Maestro's Anthropic API key was rejected. An admin needs to check ANTHROPIC_API_KEY. Slash commands still work.",
    };
  }
  if (is("APIError")) {
    return { retryable: false, logMessage: log, userMessage: "The model service rejected the request. The details are in Maestro's log." };
  }
  // Mid-stream failures arrive as plain errors from the stream ("terminated", "other side closed"); they are safe to
  // retry before any tool ran. Whole words only: "Unterminated string in JSON" is a garbled body, handled above.
  if (error instanceof Error && /\b(stream|socket|ECONNRESET|terminated|other side closed)\b/i.test(error.message)) {
    return { retryable: true, logMessage: log, userMessage: "The connection to the model dropped. Please try again in a moment." };
  }
  return { retryable: false, logMessage: log, userMessage: "Something went wrong while I was thinking. The details are in Maestro's log." };
}

/** How long to wait before another try: the service's retry-after (-ms) when it gave one, else 0.5 s, 1 s, 2 s … up to 8 s. */
export function retryDelayMs(error: unknown, attempt: number): number {
  const headers = (error as { headers?: Headers | Record<string, string> | null } | null)?.headers;
  const read = (name: string) => (headers instanceof Headers ? headers.get(name) : (headers?.[name] ?? null));
  const ms = Number.parseFloat(read("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const seconds = Number.parseFloat(read("retry-after") ?? "");
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  return Math.min(8_000, 500 * 2 ** attempt);
}
