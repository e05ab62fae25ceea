// Model call failures: which are worth another try, and what to tell the person who asked.
import Anthropic from "@anthropic-ai/sdk";

export interface ModelFailure {
  retryable: boolean;
  /** For the log: the class and status, never a key. */
  logMessage: string;
  /** For Slack. */
  userMessage: string;
}

export function classifyModelError(error: unknown): ModelFailure {
  const name = error instanceof Error ? error.constructor.name : typeof error;
  const status = error instanceof Anthropic.APIError ? error.status : undefined;
  const log = `${name}${status ? ` ${status}` : ""}: ${error instanceof Error ? error.message : String(error)}`;
  if (error instanceof Anthropic.APIConnectionTimeoutError) {
    return { retryable: true, logMessage: log, userMessage: "The model took too long to answer. Please try again in a moment." };
  }
  if (error instanceof Anthropic.APIConnectionError) {
    return { retryable: true, logMessage: log, userMessage: "I couldn't reach the model service. Please try again in a moment." };
  }
  if (error instanceof Anthropic.RateLimitError) {
    return { retryable: true, logMessage: log, userMessage: "The model service is rate limiting Maestro right now. Please try again in a minute." };
  }
  if (status === 529 || (error instanceof Error && /overloaded/i.test(error.message))) {
    return { retryable: true, logMessage: log, userMessage: "The model service is overloaded right now. Please try again in a few minutes." };
  }
  if (error instanceof Anthropic.InternalServerError || (status !== undefined && status >= 500)) {
    return { retryable: true, logMessage: log, userMessage: "The model service had an internal error. Please try again in a moment." };
  }
  if (error instanceof Anthropic.AuthenticationError || error instanceof Anthropic.PermissionDeniedError) {
    return {
      retryable: false,
      logMessage: log,
      userMessage: "Maestro's Anthropic API key was rejected. An admin needs to check ANTHROPIC_API_KEY. Slash commands still work.",
    };
  }
  if (error instanceof Anthropic.APIError) {
    return { retryable: false, logMessage: log, userMessage: "The model service rejected the request. The details are in Maestro's log." };
  }
  // Mid-stream failures arrive as plain errors from the stream; they are safe to retry before any tool ran.
  if (error instanceof Error && /stream|socket|ECONNRESET|terminated/i.test(error.message)) {
    return { retryable: true, logMessage: log, userMessage: "The connection to the model dropped. Please try again in a moment." };
  }
  return { retryable: false, logMessage: log, userMessage: "Something went wrong while I was thinking. The details are in Maestro's log." };
}
