// Which log events move which series: the one place that turns what the app logs into Prometheus counts.
import type { LogEvent } from "./log-tap.ts";
import type { MetricSeries } from "./metric-series.ts";

/** A label value from a log field: a short string, never a free-form blob (label values are kept forever). */
const label = (value: unknown, fallback = "unknown") => (typeof value === "string" && value ? value.slice(0, 64) : fallback);
const count = (value: unknown) => (typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0);

export function countLogEvent(series: MetricSeries, event: LogEvent): void {
  const f = event.fields;
  switch (event.name) {
    case "slack.request.acked":
      series.ackSeconds.observe({ kind: label(f.kind) }, count(f.ackMs) / 1000);
      break;
    case "agent.turn.end":
      series.turns.inc({ outcome: label(f.outcome) });
      break;
    case "tool.run.end":
      series.toolCalls.inc({ tool: label(f.tool), effect: label(f.effect), result: f.ok === true ? "ok" : "error" });
      break;
    case "agent.gate.held":
      series.toolCalls.inc({ tool: label(f.tool), effect: "gated", result: "held" });
      break;
  }
  if (event.level === "warn" || event.level === "error" || event.level === "fatal") {
    series.errors.inc({ kind: event.name, level: event.level });
  }
}
