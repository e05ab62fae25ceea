// Each suite end to end in its tiny mode on the test database with the demo studio (never the large seed).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.ts";
import { seedDemo } from "../../seed/demo.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "../../testing/test-database.ts";
import type { BenchContext } from "../suite.ts";
import { loopSuite } from "./loop-suite.ts";
import { promptSuite } from "./prompt-suite.ts";
import { TOOL_BASELINES } from "./tool-baselines.ts";
import { TOOL_CASES } from "./tool-cases.ts";
import { readToolNames, toolsSuite } from "./tools-suite.ts";

let db: TestDatabase;
let ctx: BenchContext;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.knex, { adminSlackIds: [] });
  // No key, whatever the environment holds: the prompt suite must take its documented estimate here.
  ctx = { mode: "tiny", config: loadConfig({}), studio: async () => db, scratch: async () => db, log: () => {} };
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

describe("the tools suite's cases", () => {
  it("cover every read tool of the catalogue, each with a baseline query", () => {
    expect(new Set(TOOL_CASES.map((c) => c.tool))).toEqual(new Set(readToolNames()));
    for (const c of TOOL_CASES) expect(TOOL_BASELINES[c.baseline], c.baseline).toBeDefined();
  });
});

describe(`bench suites in tiny mode (${testEngine()})`, () => {
  it("tools: times every case against its raw SQL and checks the plans of every read tool", async () => {
    const output = await toolsSuite.run(ctx);
    const timings = output.metrics.filter((m) => m.unit === "ms");
    expect(timings.map((m) => m.name)).toEqual(TOOL_CASES.map((c) => c.label));
    for (const m of timings) {
      expect(m.maestroStats?.n).toBe(2);
      expect(m.baseline).toBeGreaterThan(0);
      expect(m.ratio).toBeGreaterThan(0);
      expect(["pass", "fail"]).toContain(m.verdict);
    }
    const plans = output.metrics.filter((m) => m.unit === "plan");
    expect(plans.map((m) => m.name.replace(" · plans", "")).sort()).toEqual([...readToolNames()].sort());
    for (const p of plans) expect(p.plan!.queries.length).toBeGreaterThan(0);
    expect(output.notes.join("\n")).not.toMatch(/without a bench case/);
  }, 120_000);

  it("loop: measures the overhead per model call against the bare loop", async () => {
    const output = await loopSuite.run(ctx);
    const [overhead, statements] = output.metrics;
    expect(overhead!.name).toBe("overhead per model call");
    expect(overhead!.maestroStats?.n).toBe(3);
    expect(overhead!.baselineStats?.n).toBe(3);
    expect(overhead!.target?.value).toBe(10);
    // The durable loop writes the transcript, the run and the usage; the bare loop writes nothing.
    expect(statements!.maestro).toBeGreaterThan(3);
  }, 120_000);

  it("prompt: estimates the prefix tokens and finds every request reading its predecessor from the cache", async () => {
    const output = await promptSuite.run(ctx);
    const [tokens, chars, share] = output.metrics;
    expect(tokens!.unit).toBe("tokens");
    expect(tokens!.note).toMatch(/^estimate: /);
    expect(tokens!.maestro).toBeGreaterThan(tokens!.baseline!);
    expect(chars!.maestro).toBeGreaterThan(10_000);
    const requests = output.details!.requests as { turn: number; input_tokens: number; cache_read_tokens: number }[];
    expect(requests).toHaveLength(11);
    expect(requests.at(-1)!.turn).toBe(6);
    // Byte-stable prefixes: each request extends the previous one, so it reads all of it.
    for (let i = 1; i < requests.length; i++) expect(requests[i]!.cache_read_tokens).toBe(requests[i - 1]!.input_tokens);
    expect(share!.maestro).toBeGreaterThan(share!.baseline!);
  }, 120_000);
});
