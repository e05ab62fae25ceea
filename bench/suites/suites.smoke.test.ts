// Each suite end to end in its tiny mode on the test database with the demo studio (never the large seed).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { seedDemo } from "../../src/seed/demo.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "../../src/testing/test-database.ts";
import type { BenchContext } from "../suite.ts";
import { ackSuite } from "./ack-suite.ts";
import { digestSuite } from "./digest-suite.ts";
import { loopSuite } from "./loop-suite.ts";
import { memorySuite } from "./memory-suite.ts";
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
    // The durable loop writes the transcript, the run and the usage; the bare loop writes nothing. 20 statements a
    // turn of 2 calls (bench/README.md, "Loop"): 13 a call if message appends and usage records took two each again.
    expect(statements!.maestro).toBeGreaterThan(3);
    expect(statements!.maestro).toBeLessThanOrEqual(10);
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
    // Dollars per turn at the configured model's prices: caching makes a turn cheaper, a warm prefix cheaper still.
    const [, , , cost, warm] = output.metrics;
    expect(cost).toMatchObject({ name: "model cost per turn", unit: "$", target: { kind: "max", value: 0.02 } });
    expect(cost!.maestro).toBeGreaterThan(0);
    expect(cost!.maestro).toBeLessThan(cost!.baseline!);
    expect(warm!.maestro).toBeLessThan(cost!.maestro);
  }, 120_000);

  // Listening servers and child processes this process holds: a suite must leave them as it found them (client
  // sockets are left out: the test database's pool opens and reaps its own).
  const handles = () =>
    process
      .getActiveResourcesInfo()
      .filter((r) => r === "TCPServerWrap" || r === "ProcessWrap")
      .sort();

  it("ack: times every request kind at each concurrency against bare Bolt, then the clicks, and stops everything", async () => {
    const before = handles();
    const output = await ackSuite.run(ctx);
    const acks = output.metrics.filter((m) => m.name.startsWith("ack "));
    expect(acks.map((m) => m.name)).toEqual(
      ["/maestro help", "/maestro queue", "DM event", "button click"].flatMap((kind) =>
        ["c=1", "c=3", "c=1 paced 20 ms"].map((c) => `ack ${kind} · ${c}`),
      ),
    );
    for (const m of acks) {
      const n = m.name.endsWith("paced 20 ms") ? 3 : 6;
      expect(m.statistic).toBe("p99");
      expect(m.maestroStats?.n).toBe(n);
      expect(m.baselineStats?.n).toBe(n);
      expect(m.ratio).toBeGreaterThan(0);
      expect(m.target).toMatchObject({ kind: "ratio_max", value: 1.3 });
    }
    const clicks = output.metrics.filter((m) => m.name.startsWith("click → "));
    expect(clicks).toHaveLength(3);
    for (const m of clicks) {
      expect(m.maestroStats?.n).toBe(2);
      expect(m.maestro).toBeGreaterThan(0);
    }
    const signs = output.metrics.filter((m) => m.name.startsWith("DM → first visible sign"));
    expect(signs.map((m) => m.statistic)).toEqual(["p50", "p99"]);
    for (const m of signs) {
      expect(m.maestroStats?.n).toBe(4);
      expect(m.baselineStats?.n).toBe(4); // the same DMs' acks
      expect(m.maestro).toBeGreaterThan(0);
    }
    expect(signs[0]!.target).toMatchObject({ kind: "ratio_max", value: 1.5 });
    expect(output.details!.non_200).toBe(0);
    await expect.poll(handles, { timeout: 10_000 }).toEqual(before);
  }, 180_000);

  it("digest: builds the digest against the sum of the SQL it issued", async () => {
    const output = await digestSuite.run(ctx);
    const [build, statements] = output.metrics;
    expect(build!.name).toBe("build the digest's content");
    expect(build!.maestroStats?.n).toBe(2);
    expect(build!.baseline).toBeGreaterThan(0);
    expect(build!.target).toMatchObject({ kind: "ratio_max", value: 1.5 });
    // six read tools and the previous digest's lookup, at least one statement each
    expect(statements!.maestro).toBeGreaterThanOrEqual(7);
  }, 120_000);

  it("memory: times `maestro start` to /readyz and reads its RSS idle and after the ack traffic, and stops every child", async () => {
    const before = handles();
    const output = await memorySuite.run(ctx);
    const names = output.metrics.map((m) => m.name);
    if (db.engine === "postgres") expect(names).toContain("start → /readyz · PostgreSQL");
    if (db.engine === "postgres" && process.platform === "linux") expect(names).toContain("CPU (user + sys) to /readyz · PostgreSQL");
    expect(names).toEqual(
      expect.arrayContaining([
        "start → /readyz · embedded, new data dir",
        "start → /readyz · embedded, existing data dir",
        "RSS after the ack traffic, GC'd",
      ]),
    );
    for (const m of output.metrics) {
      expect(m.maestro).toBeGreaterThan(0);
      expect(m.baseline).toBeGreaterThan(0);
    }
    const rss = output.metrics.filter((m) => m.unit === "MB");
    expect(rss.length).toBeGreaterThanOrEqual(2);
    // Maestro holds more than an empty Bolt app, and neither holds gigabytes.
    for (const m of rss) expect(m.maestro).toBeLessThan(4_096);
    await expect.poll(handles, { timeout: 10_000 }).toEqual(before);
  }, 300_000);
});
