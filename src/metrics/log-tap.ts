// A logger that also hands every event it is given to a listener, whatever the log level: the code already logs each
// thing worth counting (agent.turn.end, tool.run.end, slack.request.acked …), so the metrics subscribe here once
// instead of calls sprinkled through the hot paths.
import type { Logger } from "../logger.ts";

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface LogEvent {
  level: LogLevelName;
  /** The event name (`noun.verb` per STYLE.md), or "other" for a free-text message: bounded, so fit for a label. */
  name: string;
  fields: Readonly<Record<string, unknown>>;
}

export type LogListener = (event: LogEvent) => void;

const EVENT_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
const isLevel = (name: PropertyKey): name is LogLevelName => (LOG_LEVELS as readonly PropertyKey[]).includes(name);

/** pino's call shapes: (fields, message, …args), (message, …args) or (error). */
function eventOf(level: LogLevelName, args: unknown[]): LogEvent {
  const [first, second] = args;
  const message = typeof first === "string" ? first : typeof second === "string" ? second : undefined;
  const fields = first instanceof Error ? { err: first } : first && typeof first === "object" ? (first as Record<string, unknown>) : {};
  return { level, name: message && EVENT_NAME.test(message) ? message : "other", fields };
}

/** `logger`, seen through: every log call (children's too) reaches `listener` before pino filters it by level. */
export function tapLogger(logger: Logger, listener: LogListener): Logger {
  return new Proxy(logger, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (isLevel(property)) {
        return (...args: unknown[]) => {
          try {
            listener(eventOf(property, args));
          } catch {
            // Counting must never stop a log line, nor the work that logs it.
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      if (property === "child") {
        return (...args: unknown[]) => tapLogger((value as (...a: unknown[]) => Logger).apply(target, args), listener);
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
    set(target, property, value) {
      return Reflect.set(target, property, value, target);
    },
  });
}
