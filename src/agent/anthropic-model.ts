// The ModelClient over the Anthropic SDK: always a stream (so silence is measurable), text passed on when wanted.
// The SDK makes no retries (the loop owns them, model-step.ts) and every call carries our deadlines: the caller's
// signal (the step's whole deadline, later the Stop button) and an idle deadline reset by every byte received.
// The SDK (~250 modules, ~0.5 s of CPU) is imported on first use, not at start: `loadAnthropicSdk` once the
// server listens warms it in the background, and the first model call awaits that same import.
import type Anthropic from "@anthropic-ai/sdk";
import type { ModelCallOptions, ModelClient, ModelRequest, ModelResponse } from "./model-client.ts";
import { idleWatch, watchedFetch } from "./model-deadline.ts";

export interface AnthropicModelOptions {
  apiKey: string;
  baseURL?: string;
  /** Retries the SDK makes for 408/409/429/5xx. Default 0: the agent's loop retries, within the step's deadline. */
  maxRetries?: number;
  /** The SDK's own timeout (until the headers only): a backstop behind the call's deadlines. */
  timeoutMs?: number;
  /** The idle deadline of a call that gives none: no bytes for this long aborts it. */
  idleTimeoutMs?: number;
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
          maxRetries: options.maxRetries ?? 0,
          timeout: options.timeoutMs ?? 120_000,
          // Its console lines (a garbled chunk printed raw, retries it no longer makes) bypass our scrubbed log; every
          // failure reaches the loop, which logs it classified (agent.model.error).
          logLevel: "off",
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
      const idle = idleWatch(callOptions.idleTimeoutMs ?? options.idleTimeoutMs ?? 30_000);
      const signal = callOptions.signal ? AbortSignal.any([callOptions.signal, idle.signal]) : idle.signal;
      try {
        // A copy of the client whose fetch reports each chunk received, so this call's idle deadline sees the bytes.
        const watched = anthropic.withOptions({ fetch: watchedFetch(options.fetch ?? globalThis.fetch, idle.touch) });
        const stream = watched.messages.stream(request, { signal });
        if (callOptions.onTextDelta) stream.on("text", (delta) => callOptions.onTextDelta?.(delta));
        return await stream.finalMessage();
      } catch (error) {
        // The SDK reports any abort as APIUserAbortError: say which deadline (or the caller's reason) it was.
        if (signal.aborted && signal.reason instanceof Error) throw signal.reason;
        throw error;
      } finally {
        idle.clear();
      }
    },
    async countTokens(request) {
      const anthropic = await connect();
      const counted = await anthropic.messages.countTokens(
        { model: request.model, system: request.system, tools: request.tools, messages: request.messages },
        { signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) },
      );
      return counted.input_tokens;
    },
  };
}
