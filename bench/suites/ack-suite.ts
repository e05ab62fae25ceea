// The ack suite: signed slash commands, DM events and button clicks in HTTP mode at concurrency 1, 20 and 50 from a
// load generator in a second process, against Maestro (startMaestro on the scratch database) and a bare Bolt app
// in the same rounds; p99 held to 1.3× bare Bolt. Then click → card updated and click → resumed run (≤ 2 s).
import crypto from "node:crypto";
import type { Maestro } from "../../src/main.ts";
import { BENCH_SIGNING_SECRET, productionPool, startBenchMaestro, type LogTally } from "../bench-maestro.ts";
import { InstantModel } from "../instant-model.ts";
import { startBareBolt, type BareBolt } from "../load/bare-bolt.ts";
import { ensureBenchStaff } from "../load/bench-staff.ts";
import { startLoadProcess, type LoadProcess } from "../load/load-process.ts";
import type { Metric, Target } from "../results.ts";
import { round, summarize } from "../stats.ts";
import { startSlackApiRecorder, type SlackApiRecorder } from "../slack-api-recorder.ts";
import { byMode, type BenchMode, type BenchSuite } from "../suite.ts";
import { tailMetric } from "../tail-metric.ts";
import { measureClicks } from "./ack-clicks.ts";
import { measureFirstSign } from "./ack-first-sign.ts";
import { measureCell, REQUEST_KINDS, runBatch, type AckServer, type TrafficContext } from "./ack-load.ts";

export const ACK_TARGET: Target = { kind: "ratio_max", value: 1.3, text: "p99 ≤ 1.3× bare Bolt" };
export const CLICK_TARGET: Target = { kind: "max", value: 2_000, text: "p99 ≤ 2 s" };
export const FIRST_SIGN_TARGET: Target = { kind: "ratio_max", value: 1.5, text: "p50 ≤ 1.5× the same DMs' ack" };
/** Enough people that no one passes Maestro's 30 requests a minute (a full run sends ~6,000 in a few minutes). */
export const BENCH_USERS = 500;

/**
 * `paced`: one more cell per kind at concurrency 1 with a pause between requests, long enough for Maestro to finish
 * the previous request's work after its ack (a queue tool, a DM turn with the instant model), so the ack is timed on
 * a bot that is idle when the request arrives — back to back, each ack also waits on the last request's leftovers.
 */
const SIZES: Record<
  BenchMode,
  { perCell: number; concurrency: number[]; warmup: number; cards: number; paced: { perCell: number; gapMs: number } }
> = {
  full: { perCell: 500, concurrency: [1, 20, 50], warmup: 100, cards: 20, paced: { perCell: 100, gapMs: 50 } },
  quick: { perCell: 200, concurrency: [1, 20, 50], warmup: 50, cards: 10, paced: { perCell: 50, gapMs: 50 } },
  tiny: { perCell: 6, concurrency: [1, 3], warmup: 3, cards: 2, paced: { perCell: 3, gapMs: 20 } },
};

const sum = (logs: LogTally[], key: "warnings" | "errors") => logs.reduce((total, l) => total + l[key], 0);

export const ackSuite: BenchSuite = {
  name: "ack",
  summary: "signed Slack requests over HTTP at concurrency 1/20/50 (second-process load) vs a bare Bolt app; click → card → resumed run",
  async run(ctx) {
    const size = byMode(ctx.mode, SIZES);
    const scratch = await ctx.scratch();
    const pool = await productionPool(scratch, ctx.config);
    let statements = 0;
    const countStatement = () => (statements += 1);
    const model = new InstantModel();
    let api: SlackApiRecorder | undefined;
    let maestro: Maestro | undefined;
    let bare: BareBolt | undefined;
    let load: LoadProcess | undefined;
    const logs: LogTally[] = [];
    try {
      const users = await ensureBenchStaff(pool.db.knex, BENCH_USERS);
      pool.db.knex.on("query", countStatement);
      // The load process plays Slack's whole side: it sends the requests and answers Maestro's Web API calls, so
      // serving those calls costs Maestro's process nothing (in production they are Slack's servers' work).
      load = await startLoadProcess();
      const cellsMaestro = await startBenchMaestro(ctx.config, { db: pool.db, apiUrl: load.slack.url, model });
      maestro = cellsMaestro.maestro;
      logs.push(cellsMaestro.log);
      bare = await startBareBolt({ signingSecret: BENCH_SIGNING_SECRET, port: 0 });
      const servers: { maestro: AckServer; bare: AckServer } = {
        maestro: { name: "maestro", baseUrl: `http://127.0.0.1:${maestro.port}` },
        bare: { name: "bare", baseUrl: `http://127.0.0.1:${bare.port}` },
      };
      const traffic: TrafficContext = { load, api: load.slack, users, signingSecret: BENCH_SIGNING_SECRET };

      // Warm-up, unmeasured: JIT, connection pools, the first tool and agent calls. Also proves each path answers 200.
      for (const kind of REQUEST_KINDS) {
        for (const server of [servers.maestro, servers.bare]) {
          const batch = await runBatch(traffic, kind, server, size.warmup, 10);
          if (batch.bad)
            throw new Error(
              `${server.name} answered ${batch.bad} of ${size.warmup} ${kind.label} warm-up requests with something other than 200`,
            );
        }
      }

      const metrics: Metric[] = [];
      const cells: Record<string, unknown>[] = [];
      let bad = 0;
      const shapes = [
        ...size.concurrency.map((concurrency) => ({ concurrency, total: size.perCell, gapMs: undefined, label: `c=${concurrency}` })),
        { concurrency: 1, total: size.paced.perCell, gapMs: size.paced.gapMs, label: `c=1 paced ${size.paced.gapMs} ms` },
      ];
      for (const kind of REQUEST_KINDS) {
        for (const { concurrency, total, gapMs, label } of shapes) {
          const statementsBefore = statements;
          const cell = await measureCell(traffic, kind, servers, total, concurrency, gapMs);
          // Only Maestro touches the database, and its work is drained inside the cell: all of it is counted.
          const perRequest = round((statements - statementsBefore) / cell.maestro.reduce((sum, x) => sum + x.latencies.length, 0));
          const m = cell.maestro.flatMap((b) => b.latencies);
          const b = cell.bare.flatMap((x) => x.latencies);
          bad += [...cell.maestro, ...cell.bare].reduce((sum, x) => sum + x.bad, 0);
          const metric = tailMetric(`ack ${kind.label} · ${label}`, "p99", m, b, ACK_TARGET);
          metrics.push(metric);
          const rps = (batches: typeof cell.maestro) =>
            round((batches.reduce((s, x) => s + x.latencies.length, 0) * 1000) / batches.reduce((s, x) => s + x.wallMs, 0));
          const loopP99 = round(Math.max(...cell.maestro.map((x) => x.loopDelayP99)));
          cells.push({
            kind: kind.name,
            concurrency,
            gap_ms: gapMs ?? 0,
            rounds: cell.rounds,
            maestro: metric.maestroStats,
            bare: metric.baselineStats,
            maestro_statements_per_request: perRequest,
            maestro_rps: rps(cell.maestro),
            bare_rps: rps(cell.bare),
            maestro_event_loop_delay_p99_ms: loopP99,
            maestro_event_loop_delay_max_ms: round(Math.max(...cell.maestro.map((x) => x.loopDelayMax))),
            bare_event_loop_delay_p99_ms: round(Math.max(...cell.bare.map((x) => x.loopDelayP99))),
          });
          ctx.log(
            `${metric.name.padEnd(30)} p50 ${metric.maestroStats!.p50} / p99 ${metric.maestro} ms vs bare p50 ${metric.baselineStats!.p50} / p99 ${metric.baseline} ms` +
              ` · ${rps(cell.maestro)} vs ${rps(cell.bare)} req/s · ${perRequest} SQL/request · event-loop delay p99 ${loopP99} ms`,
          );
        }
      }

      // The clicks read the cards' buttons and time their updates on this process's clock: a Maestro of their own,
      // started after the load's, talks to a recorder here. One card at a time, so it shares nothing with the load.
      await maestro.stop();
      maestro = undefined;
      api = await startSlackApiRecorder();
      const clicksMaestro = await startBenchMaestro(ctx.config, { db: pool.db, apiUrl: api.url, model });
      maestro = clicksMaestro.maestro;
      logs.push(clicksMaestro.log);
      const clickSetup = {
        knex: pool.db.knex,
        baseUrl: `http://127.0.0.1:${maestro.port}`,
        api,
        model,
        users,
        signingSecret: BENCH_SIGNING_SECRET,
        run: crypto.randomBytes(3).toString("hex"),
      };
      const clicks = await measureClicks(clickSetup, size.cards);
      metrics.push(
        tailMetric("click → card updated (buttons gone)", "p99", clicks.replaced, null, CLICK_TARGET),
        tailMetric("click → card shows the outcome", "p99", clicks.decided, null, CLICK_TARGET),
        tailMetric("click → resumed run's first model request", "p99", clicks.resumed, null, CLICK_TARGET),
      );
      ctx.log(
        `clicks: card updated p50 ${round(summarize(clicks.replaced).p50)} ms, resumed run p50 ${round(summarize(clicks.resumed).p50)} ms`,
      );
      // The same DMs' ack beside their first visible sign, so the two are measured in one run on one clock.
      const signs = await measureFirstSign(clickSetup, size.cards * 2);
      const firstSign = tailMetric(
        "DM → first visible sign (status or stream start)",
        "p50",
        signs.firstSign,
        signs.ack,
        FIRST_SIGN_TARGET,
      );
      metrics.push(firstSign, tailMetric("DM → first visible sign, p99", "p99", signs.firstSign, signs.ack, null));
      ctx.log(
        `first visible sign: p50 ${firstSign.maestro} ms vs the ack's ${firstSign.baseline} ms (${firstSign.ratio}×), ` +
          `p99 ${round(summarize(signs.firstSign).p99)} vs ${round(summarize(signs.ack).p99)} ms`,
      );

      const notes = [
        `${size.perCell} signed requests per kind, concurrency and side, from a load generator in a second process (pid ${load.pid}) keeping exactly ` +
          `c requests in flight over keep-alive loopback sockets; latency = send → end of the HTTP response (the ack). Maestro and bare Bolt alternate ` +
          `batches (≥ 5×c requests each); Maestro's work after the ack (turns, tool calls, respond) is drained before the other side's batch.`,
        `Maestro: startMaestro in HTTP mode on the scratch database (demo studio + ${BENCH_USERS} bench staff, so no one passes the 30/min rate limit), ` +
          `SLACK_API_URL → the fake Slack API served by the load process (Slack's side, out of Maestro's process), an instant model, logger at warn. ` +
          `Bare Bolt: same @slack/bolt, listeners that only ack, in the same process as Maestro.`,
        `clicks: ${size.cards} cards, one at a time on a quiet bot: a DM makes the instant model call update_intake_status → REJECTED (gated), then a ` +
          `signed Confirm from another staff member; times are from sending the click to the chat.update reaching the fake API / the resumed request reaching the model.`,
        `first visible sign: ${size.cards * 2} top-level DMs, one at a time on a quiet bot (instant model); each is timed from sending it to its ack ` +
          `(the baseline column) and to the first assistant.threads.setStatus, chat.startStream or chat.postMessage in its thread reaching the fake API.`,
      ];
      if (bad) notes.push(`${bad} measured requests were answered with something other than 200.`);
      const log: LogTally = {
        warnings: sum(logs, "warnings"),
        errors: sum(logs, "errors"),
        first: logs.flatMap((l) => l.first).slice(0, 5),
      };
      if (log.errors || log.warnings)
        notes.push(`Maestro logged ${log.errors} errors and ${log.warnings} warnings during the run, first: ${log.first.join(" | ")}`);
      return {
        metrics,
        notes,
        details: {
          cells,
          clicks: {
            ack: summarize(clicks.ack),
            replaced: summarize(clicks.replaced),
            decided: summarize(clicks.decided),
            resumed: summarize(clicks.resumed),
          },
          first_sign: { ack: summarize(signs.ack), first_sign: summarize(signs.firstSign) },
          non_200: bad,
          maestro_log: log,
          model_calls: model.calls,
        },
      };
    } finally {
      pool.db.knex.off("query", countStatement);
      // The generator first (no more requests), then Maestro (drains its turns against the still-open fake API).
      await load?.close().catch(() => undefined);
      await maestro?.stop().catch(() => undefined);
      await bare?.stop().catch(() => undefined);
      await api?.close().catch(() => undefined);
      await pool.close().catch(() => undefined);
    }
  },
};
