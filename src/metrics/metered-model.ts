// The model port, metered: every call's tokens and cost (agent turns and the digest's summary alike) are counted
// where every call passes, priced by src/agent/pricing.ts as the budget prices them.
import type { ModelClient } from "../agent/model-client.ts";
import { costOf, type ModelPrice } from "../agent/pricing.ts";
import type { MetricSeries } from "./metric-series.ts";

export function meteredModel(model: ModelClient, series: MetricSeries, prices?: Record<string, ModelPrice>): ModelClient {
  return {
    async createMessage(request, options) {
      const response = await model.createMessage(request, options);
      const usage = costOf(response.model ?? request.model, response.usage, prices);
      series.modelTokens.inc({ kind: "input" }, usage.inputTokens);
      series.modelTokens.inc({ kind: "cache_read" }, usage.cacheReadTokens);
      series.modelTokens.inc({ kind: "cache_write" }, usage.cacheWriteTokens);
      series.modelTokens.inc({ kind: "output" }, usage.outputTokens);
      series.modelCostDollars.inc(usage.costUsd);
      return response;
    },
    ...(model.countTokens ? { countTokens: model.countTokens.bind(model) } : {}),
  };
}
