// The log tap sees every event the app logs, at any level and from child loggers, and never changes what is written.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../logger.ts";
import { tapLogger, type LogEvent } from "./log-tap.ts";

function capture(level: string) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const events: LogEvent[] = [];
  const logger = tapLogger(createLogger({ level, format: "json", destination }), (event) => events.push(event));
  return { logger, events, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe("tapLogger", () => {
  it("hands on each event with its level, name and fields, below the log level too", () => {
    const { logger, events, lines } = capture("info");
    logger.debug({ kind: "event", ackMs: 1.5 }, "slack.request.acked");
    logger.info({ tool: "list_intakes", ok: true }, "tool.run.end");
    logger.error(new Error("boom"));
    expect(events).toEqual([
      { level: "debug", name: "slack.request.acked", fields: { kind: "event", ackMs: 1.5 } },
      { level: "info", name: "tool.run.end", fields: { tool: "list_intakes", ok: true } },
      { level: "error", name: "other", fields: { err: expect.any(Error) } },
    ]);
    // What reaches the stream is what the logger alone would write: the debug line stays filtered out.
    expect(lines().map((l) => l.msg)).toEqual(["tool.run.end", "boom"]);
  });

  it("names a free-text message 'other', so a label never holds arbitrary text", () => {
    const { logger, events } = capture("info");
    logger.warn("ANTHROPIC_API_KEY is not set: free-text questions get a notice");
    logger.warn({ n: 1 }, "Something %s happened", "odd");
    expect(events.map((e) => e.name)).toEqual(["other", "other"]);
  });

  it("taps child loggers, which keep their bindings", () => {
    const { logger, events, lines } = capture("info");
    logger.child({ component: "bolt" }).warn({ attempt: 1 }, "agent.model.error");
    expect(events).toEqual([{ level: "warn", name: "agent.model.error", fields: { attempt: 1 } }]);
    expect(lines()[0]).toMatchObject({ component: "bolt", attempt: 1, msg: "agent.model.error" });
  });

  it("keeps logging when the listener throws", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = tapLogger(createLogger({ format: "json", destination }), () => {
      throw new Error("listener broke");
    });
    expect(() => logger.info("maestro.start")).not.toThrow();
    expect(lines).toHaveLength(1);
  });

  it("passes the rest of the logger through: level, isLevelEnabled", () => {
    const { logger } = capture("info");
    expect(logger.isLevelEnabled("debug")).toBe(false);
    logger.level = "debug";
    expect(logger.isLevelEnabled("debug")).toBe(true);
  });
});
