// Runs the chosen suites against PostgreSQL, prints the table, writes bench/results/<timestamp>.json, and
// closes every pool and drops the scratch database it made, whatever happened.
import { performance } from "node:perf_hooks";
import type { Config } from "../src/config.ts";
import type { Database } from "../src/db/connect.ts";
import {
  claimScratchUrl,
  dropDatabase,
  prepareScratch,
  prepareStudio,
  withDatabaseName,
  databaseName,
  type PreparedStudio,
} from "./bench-database.ts";
import { machineInfo, RESULTS_SCHEMA, summarizeVerdicts, writeResults, type BenchResults, type SuiteResult } from "./results.ts";
import type { BenchContext, BenchSuite } from "./suite.ts";
import { SUITES } from "./suites/index.ts";
import { formatTable } from "./table.ts";

export interface BenchRunOptions {
  suites: readonly BenchSuite[];
  quick: boolean;
  config: Config;
  out(line: string): void;
  /** Where the JSON goes (default bench/results); null writes nothing. */
  resultsDir?: string | null;
}

/** The suites named on the command line (all when none), or the names nobody knows. */
export function selectSuites(names: readonly string[]): { suites: BenchSuite[]; unknown: string[] } {
  const unknown = names.filter((n) => !SUITES.some((s) => s.name === n));
  const suites = names.length ? SUITES.filter((s) => names.includes(s.name)) : [...SUITES];
  return { suites, unknown };
}

/** Large-studio scale per mode: --quick builds a 5 % studio in its own database so it never meets the full one. */
export const QUICK_SCALE = 0.05;

export async function runBench(options: BenchRunOptions): Promise<{ results: BenchResults; file: string | null }> {
  const startedAt = new Date();
  const base = options.config.bench.databaseUrl;
  const name = databaseName(base);
  const studioUrl = options.quick ? withDatabaseName(base, `${name}_quick`) : base;
  let studio: Promise<PreparedStudio> | undefined;
  let scratch: Promise<Database> | undefined;
  let scratchUrl: string | undefined;
  const ctx: BenchContext = {
    mode: options.quick ? "quick" : "full",
    config: options.config,
    studio: async () => (await (studio ??= prepareStudio(studioUrl, { scale: options.quick ? QUICK_SCALE : 1, log: options.out }))).db,
    scratch: () =>
      (scratch ??= claimScratchUrl(base).then((url) => {
        scratchUrl = url;
        return prepareScratch(url);
      })),
    log: (line) => options.out(`  ${line}`),
  };
  const suites: SuiteResult[] = [];
  try {
    for (const suite of options.suites) {
      options.out(`▸ ${suite.name}: ${suite.summary}`);
      const started = performance.now();
      try {
        const output = await suite.run(ctx);
        suites.push({ suite: suite.name, seconds: Math.round((performance.now() - started) / 100) / 10, ...output });
      } catch (error) {
        // One broken suite must not cost the others' figures: record it and go on.
        const message = error instanceof Error ? error.message : String(error);
        options.out(`  ${suite.name} failed: ${message}`);
        suites.push({
          suite: suite.name,
          seconds: Math.round((performance.now() - started) / 100) / 10,
          metrics: [],
          notes: [],
          error: message,
        });
      }
    }
  } finally {
    await Promise.allSettled([
      studio?.then((s) => s.db.close()),
      scratch?.then(async (db) => {
        await db.close();
        if (scratchUrl) await dropDatabase(scratchUrl);
      }),
    ]);
  }
  const prepared = studio ? await studio.catch(() => undefined) : undefined;
  const results: BenchResults = {
    schema: RESULTS_SCHEMA,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options: { suites: options.suites.map((s) => s.name), quick: options.quick },
    machine: machineInfo(),
    database: prepared?.setup ?? null,
    suites,
    summary: summarizeVerdicts(suites),
  };
  options.out("");
  for (const line of formatTable(suites)) options.out(line);
  for (const suite of suites) for (const note of suite.notes) options.out(`  ${suite.suite}: ${note}`);
  const file = options.resultsDir === null ? null : writeResults(results, options.resultsDir);
  options.out("");
  options.out(
    `${results.summary.pass} pass, ${results.summary.fail} fail, ${results.summary.info} info${file ? ` — written to ${file}` : ""}`,
  );
  return { results, file };
}
