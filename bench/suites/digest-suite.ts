// The digest suite: building the morning digest's content on the large studio (buildDigest: the read tools, the
// previous digest, changes since, the blocks — no post, no model) against the sum of the SQL it issues, replayed raw.
import { systemActor } from "../../src/domain/actor.ts";
import { systemClock } from "../../src/domain/clock.ts";
import { composeDigest } from "../../src/compose.ts";
import { silentLogger } from "../../src/logger.ts";
import { createCatalogueRegistry } from "../../src/tools/catalogue.ts";
import { measureInterleaved } from "../measure.ts";
import { captureQueries, isSelect, replaySequentially } from "../query-capture.ts";
import type { Target } from "../results.ts";
import { round, summarize } from "../stats.ts";
import { byMode, timingMetric, valueMetric, type BenchSuite } from "../suite.ts";

export const DIGEST_TARGET: Target = { kind: "ratio_max", value: 1.5, text: "≤ 1.5× sum of its SQL" };
/** A channel is set so the build also looks up the previous posted digest (its "changes since" line), as the job does. */
const CHANNEL = "C0BENCHDIGEST";

/** Transaction control is not a query to time (and must not be replayed on a pooled connection). */
const isTransactionControl = (sql: string) => /^\s*(begin|commit|rollback|savepoint|release)\b/i.test(sql);

export const digestSuite: BenchSuite = {
  name: "digest",
  summary: "building the digest's content on the large studio vs the sum of the SQL it issues",
  async run(ctx) {
    const db = await ctx.studio();
    const rounds = byMode(ctx.mode, {
      full: { warmup: 3, iterations: 20 },
      quick: { warmup: 2, iterations: 10 },
      tiny: { warmup: 1, iterations: 2 },
    });
    // The digest as compose.ts wires it; the summary sentence is a model call: off here, this suite measures the data path.
    const digest = composeDigest(
      { ...ctx.config, digest: { ...ctx.config.digest, channel: CHANNEL, summary: false } },
      {
        database: db,
        clock: systemClock,
        logger: silentLogger,
        registry: createCatalogueRegistry(),
        model: null,
        instanceId: "bench",
        post: async () => {
          throw new Error("the digest suite never posts");
        },
      },
    );
    const actor = systemActor("digest");
    // A preview is the build alone: tool results, changes since the last posted digest, the blocks.
    const build = () => digest.preview(actor);

    await build(); // first call: JIT and plan caches, before the capture is taken as typical
    const { result, queries: captured } = await captureQueries(db.knex, build);
    const queries = captured.filter((q) => !isTransactionControl(q.sql));
    const writes = queries.filter((q) => !isSelect(q.sql));
    if (writes.length) throw new Error(`building the digest wrote to the database: ${writes[0]!.sql.slice(0, 80)}`);

    const samples = await measureInterleaved(
      [
        {
          name: "maestro",
          async run() {
            await build();
          },
        },
        { name: "baseline", run: () => replaySequentially(db.knex, queries) },
      ],
      { warmup: rounds.warmup, iterations: rounds.iterations },
    );
    const metric = timingMetric("build the digest's content", samples.maestro!, samples.baseline!, DIGEST_TARGET);
    ctx.log(`digest p50 ${metric.maestro} ms vs its ${queries.length} statements one after another ${metric.baseline} ms`);
    const blocks = result.message.blocks.length;
    return {
      metrics: [metric, valueMetric("digest statements", "statements", queries.length, null, null)],
      notes: [
        `${rounds.iterations} interleaved rounds after ${rounds.warmup} warm-up. Maestro: buildDigest (six read tools through executeTool, ` +
          `in parallel on the pool; the previous posted digest; changes since; Block Kit, ${blocks} blocks), summary off, nothing posted. ` +
          `Baseline: the ${queries.length} statements it issued (captured with knex's query event), replayed raw one after another — ` +
          `so a ratio under 1× is the tools' parallelism beating the serial sum.`,
      ],
      details: {
        statements: queries.map((q) => q.sql.replace(/\s+/g, " ").slice(0, 200)),
        blocks,
        baseline_stats: summarize(samples.baseline!),
        maestro_p50_ms: round(metric.maestro),
      },
    };
  },
};
