// The port the loop talks to: one Messages API call. Anthropic implements it; tests use a scripted model.
import type Anthropic from "@anthropic-ai/sdk";

export type ModelRequest = Anthropic.MessageCreateParamsNonStreaming;
export type ModelResponse = Anthropic.Message;

export interface ModelCallOptions {
  /** Text as it arrives (the Slack surface streams it). */
  onTextDelta?: (text: string) => void;
  /** Aborts the call: the step's whole deadline, combined with the caller's (a Stop). Its reason is what is thrown. */
  signal?: AbortSignal;
  /** No bytes from the model for this long (before the headers too) aborts the call with a ModelTimeoutError. */
  idleTimeoutMs?: number;
}

export interface ModelClient {
  /** Sends one request; throws the SDK's error classes (or the abort signal's reason) on failure. */
  createMessage(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResponse>;
  /** Counts the input tokens of a request (the real endpoint when available). */
  countTokens?(request: Pick<ModelRequest, "model" | "system" | "tools" | "messages">): Promise<number>;
}
