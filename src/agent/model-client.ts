// The port the loop talks to: one Messages API call. Anthropic implements it; tests use a scripted model.
import type Anthropic from "@anthropic-ai/sdk";

export type ModelRequest = Anthropic.MessageCreateParamsNonStreaming;
export type ModelResponse = Anthropic.Message;

export interface ModelCallOptions {
  /** Text as it arrives (the Slack surface streams it); called only by streaming implementations. */
  onTextDelta?: (text: string) => void;
  signal?: AbortSignal;
}

export interface ModelClient {
  /** Sends one request; throws the SDK's error classes on failure. */
  createMessage(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResponse>;
  /** Counts the input tokens of a request (the real endpoint when available). */
  countTokens?(request: Pick<ModelRequest, "model" | "system" | "tools" | "messages">): Promise<number>;
}
