// Maestro's metrics for one app: the series, fed by the app's log events and its metered model port, the database
// gauges read at scrape time, and the server that exposes them (METRICS_PORT).
import type { Knex } from "knex";
import type { Gauge } from "prom-client";
import type { ModelClient } from "../agent/model-client.ts";
import type { ModelPrice } from "../agent/pricing.ts";
import { outboxDepths } from "../domain/outbox/outbox-store.ts";
import { countPendingActionsByStatus } from "../domain/pending-actions/pending-action-store.ts";
import type { Logger } from "../logger.ts";
import { countLogEvent } from "./count-log-events.ts";
import { tapLogger } from "./log-tap.ts";
import { meteredModel } from "./metered-model.ts";
import { createMetricSeries, type MetricSeries } from "./metric-series.ts";
import { serveMetrics, type MetricsServer } from "./metrics-server.ts";

export interface Metrics {
  series: MetricSeries;
  /** The logger to hand to everything else: each event it logs (at any level) moves the counters. */
  logger: Logger;
  /** The model port that counts tokens and cost of every call. */
  meter(model: ModelClient): ModelClient;
  /** Starts GET /metrics on `port` (0: any free port). */
  serve(port: number, host?: string): Promise<MetricsServer>;
}

export function createMetrics(options: { db: Knex; logger: Logger; prices?: Record<string, ModelPrice> }): Metrics {
  let logger = options.logger;
  // A scrape while the database is down shows no database series rather than stale ones, and says why in the log.
  const fromDatabase = async (gauge: Gauge<string>, read: () => Promise<Record<string, number>>, label: string) => {
    try {
      for (const [value, n] of Object.entries(await read())) gauge.set({ [label]: value }, n);
    } catch (error) {
      gauge.reset();
      logger.warn({ err: error, label }, "metrics.collect.failed");
    }
  };
  const series = createMetricSeries({
    collectPendingActions: (gauge) => fromDatabase(gauge, () => countPendingActionsByStatus(options.db), "state"),
    collectOutboxDepth: (gauge) => fromDatabase(gauge, () => outboxDepths(options.db), "outbox"),
  });
  logger = tapLogger(options.logger, (event) => countLogEvent(series, event));
  return {
    series,
    logger,
    meter: (model) => meteredModel(model, series, options.prices),
    serve: (port, host) => serveMetrics(series.registry, { port, host, logger }),
  };
}
