// The tools suite: every read tool through executeTool on the large studio, against the raw SQL of its main
// query (and all of its SQL replayed raw, to tell round trips from tool overhead), plus the plan check.
import type { Knex } from "knex";
import { systemActor } from "../../src/domain/actor.ts";
import { systemClock } from "../../src/domain/clock.ts";
import { createCatalogueRegistry } from "../../src/tools/catalogue.ts";
import { executeTool } from "../../src/tools/execute.ts";
import { isDynamicEffect, type ToolContext } from "../../src/tools/tool.ts";
import { measureInterleaved } from "../measure.ts";
import { replaySequentially } from "../query-capture.ts";
import type { Metric, Target } from "../results.ts";
import { round, summarize } from "../stats.ts";
import { byMode, timingMetric, type BenchSuite } from "../suite.ts";
import { TOOL_BASELINES } from "./tool-baselines.ts";
import { loadToolFixtures, TOOL_CASES } from "./tool-cases.ts";
import { planMetric, planOfCall, type CallPlan } from "./tool-plans.ts";

export const TOOL_RATIO_TARGET: Target = { kind: "ratio_max", value: 1.5, text: "≤ 1.5× raw SQL" };

/** Names of the catalogue's read tools (a dynamic effect may write, so those are left out). */
export function readToolNames(): string[] {
  return createCatalogueRegistry()
    .tools.filter((t) => !isDynamicEffect(t.effect) && t.effect.effect === "read")
    .map((t) => t.name);
}

export const toolsSuite: BenchSuite = {
  name: "tools",
  summary: "every read tool on the large studio vs the raw SQL of its main query; EXPLAIN of every query it runs",
  async run(ctx) {
    const db = await ctx.studio();
    const knex = db.knex;
    const registry = createCatalogueRegistry();
    const fixtures = await loadToolFixtures(knex);
    const toolCtx: ToolContext = { db: knex, engine: db.engine, clock: systemClock, config: ctx.config, actor: systemActor("cli") };
    const rounds = byMode(ctx.mode, {
      full: { warmup: 3, min: 10, max: 40, budgetMs: 4_000 },
      quick: { warmup: 2, min: 6, max: 15, budgetMs: 1_500 },
      tiny: { warmup: 1, min: 2, max: 2, budgetMs: 0 },
    });
    const notes: string[] = [];
    const missing = readToolNames().filter((name) => !TOOL_CASES.some((c) => c.tool === name));
    if (missing.length) notes.push(`read tools without a bench case (not measured): ${missing.join(", ")}`);

    const metrics: Metric[] = [];
    const plansByTool = new Map<string, CallPlan[]>();
    const breakdown: Record<string, unknown>[] = [];
    for (const tc of TOOL_CASES) {
      const args = tc.args(fixtures);
      const baseline = TOOL_BASELINES[tc.baseline];
      if (!baseline) throw new Error(`no baseline SQL named ${tc.baseline} in tool-baselines.ts`);
      const call = async () => {
        const outcome = await executeTool(registry, tc.tool, args, toolCtx);
        if (!outcome.ok) throw new Error(`${tc.label} failed: ${outcome.error.message}`);
      };
      const { plan } = await planOfCall(knex, call);
      plansByTool.set(tc.tool, [...(plansByTool.get(tc.tool) ?? []), plan]);
      const variants = [
        { name: "maestro", run: call },
        {
          name: "baseline",
          run: () => knex.raw(baseline.sql, baseline.bindings({ args, fixtures, now: new Date() }) as Knex.RawBinding[]),
        },
        { name: "all_sql", run: () => replaySequentially(knex, plan.queries) },
      ];
      // Warm-up rounds also size the measured ones to the case: a 300 ms funnel gets fewer rounds than a 1 ms lookup.
      const warmStart = performance.now();
      await measureInterleaved(variants, { warmup: 0, iterations: rounds.warmup });
      const roundMs = (performance.now() - warmStart) / rounds.warmup;
      const iterations = Math.max(rounds.min, Math.min(rounds.max, Math.floor(rounds.budgetMs / Math.max(roundMs, 0.001))));
      const samples = await measureInterleaved(variants, { warmup: 0, iterations });
      const metric = timingMetric(tc.label, samples.maestro!, samples.baseline!, TOOL_RATIO_TARGET);
      const all = summarize(samples.all_sql!);
      metrics.push(metric);
      breakdown.push({
        case: tc.label,
        statements: plan.queries.length,
        all_sql_p50_ms: round(all.p50),
        tool_vs_all_sql: round(metric.maestro / all.p50),
      });
      ctx.log(`${tc.label.padEnd(58)} p50 ${metric.maestro} ms vs ${metric.baseline} ms (${iterations} rounds)`);
    }
    for (const [tool, plans] of plansByTool) metrics.push(planMetric(tool, plans));
    notes.push(
      "ratio = tool p50 / p50 of the raw SQL of its main query, interleaved. Below, each case against ALL the statements it " +
        "ran, replayed raw (also interleaved): near 1× means the gap to the main query is the other statements, not the tool layer.",
      ...breakdown.map(
        (b) =>
          `  ${String(b.case).padEnd(58)} ${b.statements} statement(s), all SQL p50 ${b.all_sql_p50_ms} ms → tool ${b.tool_vs_all_sql}×`,
      ),
    );
    if (ctx.mode !== "full") {
      notes.push(
        "plans at this scale are not authoritative: the planner rightly seq-scans small tables; the full studio's plan check counts.",
      );
    }
    return { metrics, notes, details: { fixtures, breakdown } };
  },
};
