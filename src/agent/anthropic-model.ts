// The ModelClient over the Anthropic SDK: messages.stream when text is wanted as it comes, else create.
// The SDK (~250 modules, ~0.5 s of CPU) is imported on first use, not at start: `loadAnthropicSdk` once the
// server listens warms it in the background, and the first model call awaits that same import.
import type Anthropic from "@anthropic-ai/sdk";
import type { ModelCallOptions, ModelClient, ModelRequest, ModelResponse } from "./model-client.ts";

export interface AnthropicModelOptions {
  apiKey: string;
  baseURL?: string;
  /** Retries the SDK makes for 408/409/429/5xx before the loop sees an error. */
  maxRetries?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

let sdk: Promise<typeof Anthropic> | undefined;

/** Imports the SDK once; a failed import is forgotten, so the next call tries again. */
export function loadAnthropicSdk(): Promise<typeof Anthropic> {
  sdk ??= import("@anthropic-ai/sdk").then(
    (module) => module.default,
    (error: unknown) => {
      sdk = undefined;
      throw error;
    },
  );
  return sdk;
}

export function createAnthropicModel(options: AnthropicModelOptions): ModelClient {
  let client: Promise<Anthropic> | undefined;
  const connect = (): Promise<Anthropic> =>
    (client ??= loadAnthropicSdk().then(
      (AnthropicClient) =>
        new AnthropicClient({
          apiKey: options.apiKey,
          baseURL: options.baseURL,
          maxRetries: options.maxRetries ?? 2,
          timeout: options.timeoutMs ?? 120_000,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }),
      (error: unknown) => {
        client = undefined;
        throw error;
      },
    ));
  return {
    async createMessage(request: ModelRequest, callOptions: ModelCallOptions = {}): Promise<ModelResponse> {
      const anthropic = await connect();
      if (!callOptions.onTextDelta) {
        return anthropic.messages.create(request, { signal: callOptions.signal });
      }
      const stream = anthropic.messages.stream(request, { signal: callOptions.signal });
      stream.on("text", (delta) => callOptions.onTextDelta?.(delta));
      return stream.finalMessage();
    },
    async countTokens(request) {
      const anthropic = await connect();
      const counted = await anthropic.messages.countTokens({
        model: request.model,
        system: request.system,
        tools: request.tools,
        messages: request.messages,
      });
      return counted.input_tokens;
    },
  };
}
