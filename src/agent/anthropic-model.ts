// The ModelClient over the Anthropic SDK: messages.stream when text is wanted as it comes, else create.
import Anthropic from "@anthropic-ai/sdk";
import type { ModelCallOptions, ModelClient, ModelRequest, ModelResponse } from "./model-client.ts";

export interface AnthropicModelOptions {
  apiKey: string;
  baseURL?: string;
  /** Retries the SDK makes for 408/409/429/5xx before the loop sees an error. */
  maxRetries?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createAnthropicModel(options: AnthropicModelOptions): ModelClient {
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    maxRetries: options.maxRetries ?? 2,
    timeout: options.timeoutMs ?? 120_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return {
    async createMessage(request: ModelRequest, callOptions: ModelCallOptions = {}): Promise<ModelResponse> {
      if (!callOptions.onTextDelta) {
        return client.messages.create(request, { signal: callOptions.signal });
      }
      const stream = client.messages.stream(request, { signal: callOptions.signal });
      stream.on("text", (delta) => callOptions.onTextDelta?.(delta));
      return stream.finalMessage();
    },
    async countTokens(request) {
      const counted = await client.messages.countTokens({
        model: request.model,
        system: request.system,
        tools: request.tools,
        messages: request.messages,
      });
      return counted.input_tokens;
    },
  };
}
