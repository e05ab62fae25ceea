// A ModelClient wrapper that records every request, response or error, and how long the call took.
import type { ModelCallOptions, ModelClient, ModelRequest, ModelResponse } from "../../src/agent/model-client.ts";
import type { ModelExchange } from "./evidence.ts";

export function recordingModel(inner: ModelClient, exchanges: ModelExchange[], currentTurn: () => number): ModelClient {
  return {
    async createMessage(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResponse> {
      const exchange: ModelExchange = { turn: currentTurn(), request: structuredClone(request), latencyMs: 0 };
      exchanges.push(exchange);
      const started = performance.now();
      try {
        exchange.response = await inner.createMessage(request, options);
        return exchange.response;
      } catch (error) {
        exchange.error = error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
        throw error;
      } finally {
        exchange.latencyMs = Math.round(performance.now() - started);
      }
    },
    ...(inner.countTokens ? { countTokens: inner.countTokens.bind(inner) } : {}),
  };
}
