// The Prometheus series Maestro exposes, on a registry of its own (never prom-client's global one), so two apps
// in one process (tests, a bench) each count their own.
import { createRequire } from "node:module";
import type PromClient from "prom-client";
import type { Counter, Gauge, Histogram, Registry } from "prom-client";

// Loaded only when metrics are on: prom-client and its OpenTelemetry dependency are ~90 modules and 100-200 ms of
// start-up here, which a process without METRICS_PORT should not pay. It is CommonJS, so it loads synchronously.
const loadPromClient = () => createRequire(import.meta.url)("prom-client") as typeof PromClient;

/** Token kinds as the Messages API bills them. */
export const TOKEN_KINDS = ["input", "cache_read", "cache_write", "output"] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** Every outcome a turn can end in (TurnOutcome's kinds), plus `error` for a turn that threw. */
export const TURN_OUTCOMES = ["reply", "awaiting_confirmation", "queued", "unavailable", "failed", "error"] as const;

export interface MetricSeries {
  registry: Registry;
  /** From a Slack request reaching the app to its acknowledgement (Slack gives up at 3 s). */
  ackSeconds: Histogram<"kind">;
  turns: Counter<"outcome">;
  toolCalls: Counter<"tool" | "effect" | "result">;
  modelTokens: Counter<"kind">;
  modelCostDollars: Counter;
  /** Log events at warn or above, by event name. */
  errors: Counter<"kind" | "level">;
  /** Read from the database at scrape time: the same figure on every replica (aggregate with max, not sum). */
  pendingActions: Gauge<"state">;
  outboxDepth: Gauge<"outbox">;
}

export interface SeriesOptions {
  /** Fills the database gauges at scrape time. */
  collectPendingActions: (gauge: Gauge<"state">) => Promise<void>;
  collectOutboxDepth: (gauge: Gauge<"outbox">) => Promise<void>;
}

export function createMetricSeries(options: SeriesOptions): MetricSeries {
  const { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } = loadPromClient();
  const registry = new Registry();
  const registers = [registry];
  // Process CPU, memory, event loop lag, GC: the usual Node series, unprefixed as every dashboard expects them.
  collectDefaultMetrics({ register: registry });
  const series: MetricSeries = {
    registry,
    ackSeconds: new Histogram({
      name: "maestro_slack_ack_seconds",
      help: "Time from a Slack request reaching the app to its acknowledgement, by kind of request.",
      labelNames: ["kind"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
      registers,
    }),
    turns: new Counter({
      name: "maestro_agent_turns_total",
      help: "Agent turns by outcome (reply, awaiting_confirmation, queued, unavailable, failed, error).",
      labelNames: ["outcome"],
      registers,
    }),
    toolCalls: new Counter({
      name: "maestro_tool_calls_total",
      help: "Tool calls the model made, by tool, effect (read, write, gated) and result (ok, error, held for a click).",
      labelNames: ["tool", "effect", "result"],
      registers,
    }),
    modelTokens: new Counter({
      name: "maestro_model_tokens_total",
      help: "Model tokens by kind (input, cache_read, cache_write, output), agent and digest calls alike.",
      labelNames: ["kind"],
      registers,
    }),
    modelCostDollars: new Counter({
      name: "maestro_model_cost_dollars_total",
      help: "What the model calls cost in US dollars, at the list prices in src/agent/pricing.ts.",
      registers,
    }),
    errors: new Counter({
      name: "maestro_errors_total",
      help: "Warnings and errors logged, by kind (the log event name, e.g. agent.run.failed) and level.",
      labelNames: ["kind", "level"],
      registers,
    }),
    pendingActions: new Gauge({
      name: "maestro_pending_actions",
      help: "Pending actions (gated tool calls) by state, read from the database at scrape time.",
      labelNames: ["state"],
      registers,
      async collect() {
        await options.collectPendingActions(this);
      },
    }),
    outboxDepth: new Gauge({
      name: "maestro_outbox_depth",
      help: "Messages queued in an outbox (slack, email) and not yet delivered, read from the database at scrape time.",
      labelNames: ["outbox"],
      registers,
      async collect() {
        await options.collectOutboxDepth(this);
      },
    }),
  };
  // Series that exist from the start read 0 instead of missing, so rate() and alerts work from the first scrape.
  for (const kind of TOKEN_KINDS) series.modelTokens.inc({ kind }, 0);
  for (const outcome of TURN_OUTCOMES) series.turns.inc({ outcome }, 0);
  series.modelCostDollars.inc(0);
  return series;
}
