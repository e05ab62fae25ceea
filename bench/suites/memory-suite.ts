// The memory and start suite: `node bin/maestro.js start` as a child process — time from spawn to /readyz 200 on
// PostgreSQL and on the embedded engine (new and existing data directory), and its RSS idle and after the ack
// suite's traffic — against the bare Bolt app spawned the same way (and a bare `node -e` listener for the floor);
// and the built JavaScript (after `npm run build`) against the tsx start, side by side.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../src/db/connect.ts";
import { BENCH_SIGNING_SECRET, postgresUrlOf } from "../bench-maestro.ts";
import { ensureBenchStaff } from "../load/bench-staff.ts";
import { freePort, startChildServer, type ChildServer, type ChildSpec } from "../load/child-server.ts";
import { serveFakeModel } from "../load/fake-model-server.ts";
import { startLoadProcess, type LoadProcess } from "../load/load-process.ts";
import { bareBoltSpec, bareNodeSpec, BUILT_MAIN, maestroBuiltSpec, maestroSpec } from "../load/server-specs.ts";
import { measureInterleaved } from "../measure.ts";
import type { Metric } from "../results.ts";
import { round, summarize } from "../stats.ts";
import { startSlackApiRecorder, type SlackApiRecorder } from "../slack-api-recorder.ts";
import { byMode, timingMetric, valueMetric, type BenchMode, type BenchSuite } from "../suite.ts";
import { runBatch, REQUEST_KINDS } from "./ack-load.ts";
import { BENCH_USERS } from "./ack-suite.ts";

// `built`: also time the built JavaScript against tsx (not in the CI-sized smoke run: `npm run test:built` covers its start).
const SIZES: Record<
  BenchMode,
  { startRounds: number; startWarmup: number; settleMs: number; perKind: number; concurrency: number; built: boolean }
> = {
  full: { startRounds: 3, startWarmup: 1, settleMs: 3_000, perKind: 500, concurrency: 20, built: true },
  quick: { startRounds: 2, startWarmup: 1, settleMs: 2_000, perKind: 200, concurrency: 20, built: true },
  tiny: { startRounds: 1, startWarmup: 0, settleMs: 300, perKind: 6, concurrency: 3, built: false },
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 a second on every usual kernel). */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system, ms) a process has used so far, from /proc; null where there is no /proc. */
function cpuMsOf(pid: number): number | null {
  try {
    // Fields after the parenthesised command name: state is [0], utime [11], stime [12].
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Starts a server, notes its time to ready and the CPU it used to get there, stops it. */
async function timeStart(spec: ChildSpec): Promise<{ ms: number; cpuMs: number | null }> {
  const server = await startChildServer(spec);
  const cpuMs = cpuMsOf(server.pid);
  await server.stop();
  return { ms: server.readyMs, cpuMs };
}

export const memorySuite: BenchSuite = {
  name: "memory",
  summary: "`maestro start` as a child: spawn → /readyz on PostgreSQL and embedded, RSS idle and after the ack traffic, vs bare Bolt",
  async run(ctx) {
    const size = byMode(ctx.mode, SIZES);
    const scratch = await ctx.scratch();
    // The runner's scratch database when it is PostgreSQL (always, outside the embedded smoke test).
    const databaseUrl = postgresUrlOf(scratch);
    const users = await ensureBenchStaff(scratch.knex, BENCH_USERS);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-bench-"));
    const existingDir = path.join(dir, "existing");
    let freshCount = 0;
    const servers: ChildServer[] = [];
    let api: SlackApiRecorder | undefined;
    let model: Awaited<ReturnType<typeof serveFakeModel>> | undefined;
    let load: LoadProcess | undefined;
    try {
      api = await startSlackApiRecorder();
      model = await serveFakeModel();
      const urls = { slackApiUrl: api.url, modelUrl: model.url };
      const startSamples: Record<string, number[]> = {};
      // CPU to ready, warm-up rounds included (dropped below): on two shared cores it moves far less than wall time.
      const cpuSamples: Record<string, number[]> = {};
      const timed = (name: string, spec: () => Promise<ChildSpec>, after?: () => void) => ({
        name,
        async run() {
          const { ms, cpuMs } = await timeStart(await spec());
          if (cpuMs !== null) (cpuSamples[name] ??= []).push(cpuMs);
          after?.();
          return ms;
        },
      });
      // The built JavaScript (what the image runs) beside today's tsx start, when `npm run build` has made it.
      const built = size.built && databaseUrl && fs.existsSync(BUILT_MAIN);
      const variants = [
        ...(databaseUrl ? [timed("maestro_pg", async () => maestroSpec({ port: await freePort(), databaseUrl, ...urls }))] : []),
        ...(built ? [timed("maestro_pg_built", async () => maestroBuiltSpec({ port: await freePort(), databaseUrl, ...urls }))] : []),
        // A new data directory each time (initdb + every migration), kept afterwards as the "existing" one.
        timed(
          "maestro_embedded_new",
          async () => maestroSpec({ port: await freePort(), dataDir: path.join(dir, `new-${++freshCount}`), ...urls }),
          () => {
            fs.rmSync(existingDir, { recursive: true, force: true });
            fs.renameSync(path.join(dir, `new-${freshCount}`), existingDir);
          },
        ),
        timed("maestro_embedded_existing", async () => maestroSpec({ port: await freePort(), dataDir: existingDir, ...urls })),
        timed("bare_bolt", async () => bareBoltSpec(await freePort())),
        timed("bare_node", async () => bareNodeSpec(await freePort())),
      ];
      Object.assign(startSamples, await measureInterleaved(variants, { warmup: size.startWarmup, iterations: size.startRounds }));
      const bareBolt = startSamples.bare_bolt!;
      const metrics: Metric[] = [];
      if (startSamples.maestro_pg) metrics.push(timingMetric("start → /readyz · PostgreSQL", startSamples.maestro_pg, bareBolt, null));
      metrics.push(
        timingMetric("start → /readyz · embedded, new data dir", startSamples.maestro_embedded_new!, bareBolt, null),
        timingMetric("start → /readyz · embedded, existing data dir", startSamples.maestro_embedded_existing!, bareBolt, null),
      );
      const cpu = (name: string) => cpuSamples[name]?.slice(size.startWarmup) ?? [];
      if (cpu("maestro_pg").length && cpu("bare_bolt").length) {
        metrics.push(timingMetric("CPU (user + sys) to /readyz · PostgreSQL", cpu("maestro_pg"), cpu("bare_bolt"), null));
      }
      // Built vs tsx: here the baseline is today's start through tsx, so the ratio is what the build saves.
      if (startSamples.maestro_pg_built) {
        metrics.push(
          timingMetric("start → /readyz · built JS (baseline: tsx)", startSamples.maestro_pg_built, startSamples.maestro_pg!, null),
        );
        if (cpu("maestro_pg_built").length)
          metrics.push(timingMetric("CPU to /readyz · built JS (baseline: tsx)", cpu("maestro_pg_built"), cpu("maestro_pg"), null));
      }
      for (const m of metrics)
        ctx.log(`${m.name.padEnd(48)} p50 ${m.maestro} ms vs ${m.name.includes("tsx") ? "tsx" : "bare Bolt"} ${m.baseline} ms`);

      // Memory: Maestro (PostgreSQL when there is one) and bare Bolt side by side, idle, then through the ack traffic.
      if (!databaseUrl) {
        // Without PostgreSQL the child runs embedded: its studio needs the bench staff too, or every request is refused.
        const local = await openDatabase({ dataDir: existingDir });
        await ensureBenchStaff(local.knex, BENCH_USERS).finally(() => local.close());
      }
      const maestro = await startChildServer(
        maestroSpec({ port: await freePort(), ...(databaseUrl ? { databaseUrl } : { dataDir: existingDir }), ...urls }),
      );
      servers.push(maestro);
      const bare = await startChildServer(bareBoltSpec(await freePort()));
      servers.push(bare);
      await sleep(size.settleMs);
      const idle = { maestro: await maestro.memory(), bare: await bare.memory() };
      let builtIdle: number | null = null;
      if (built) {
        const builtServer = await startChildServer(maestroBuiltSpec({ port: await freePort(), databaseUrl, ...urls }));
        servers.push(builtServer);
        await sleep(size.settleMs);
        builtIdle = (await builtServer.memory()).rssMb;
        metrics.push(valueMetric("RSS idle, GC'd · built JS (baseline: tsx)", "MB", builtIdle, idle.maestro.rssMb, null));
        await builtServer.stop();
        servers.splice(servers.indexOf(builtServer), 1);
      }
      load = await startLoadProcess();
      const traffic = { load, api, users, signingSecret: BENCH_SIGNING_SECRET };
      let bad = 0;
      const serveTraffic = async () => {
        for (const kind of REQUEST_KINDS) {
          for (const [name, server] of [
            ["maestro", maestro],
            ["bare", bare],
          ] as const) {
            const batch = await runBatch(
              traffic,
              kind,
              { name, baseUrl: `http://127.0.0.1:${server.port}` },
              size.perKind,
              size.concurrency,
            );
            bad += batch.bad;
          }
        }
        await sleep(size.settleMs);
        return { maestro: await maestro.memory(), bare: await bare.memory() };
      };
      // Twice: the first pass shows what serving costs, the second whether it keeps growing (a leak) or has settled.
      const after = await serveTraffic();
      const again = await serveTraffic();
      const peak = { maestro: maestro.peakRssMb(), bare: bare.peakRssMb() };
      ctx.log(
        `RSS idle ${idle.maestro.rssMb} MB vs bare ${idle.bare.rssMb} MB; after the ack traffic ${after.maestro.rssMb} MB, again ${again.maestro.rssMb} MB vs ${after.bare.rssMb}, ${again.bare.rssMb} MB`,
      );
      metrics.push(
        valueMetric(`RSS idle, GC'd · ${databaseUrl ? "PostgreSQL" : "embedded"}`, "MB", idle.maestro.rssMb, idle.bare.rssMb, null),
        valueMetric("RSS after the ack traffic, GC'd", "MB", after.maestro.rssMb, after.bare.rssMb, null),
        valueMetric("RSS after the same traffic again, GC'd", "MB", again.maestro.rssMb, again.bare.rssMb, null),
        ...(peak.maestro !== null ? [valueMetric("peak RSS over both (VmHWM)", "MB", peak.maestro, peak.bare, null)] : []),
      );
      await Promise.all(servers.splice(0).map((s) => s.stop()));

      // The embedded engine holds PostgreSQL itself in WASM memory: its idle RSS is a figure of its own.
      let embeddedIdle: number | null = null;
      if (databaseUrl) {
        const embedded = await startChildServer(maestroSpec({ port: await freePort(), dataDir: existingDir, ...urls }));
        servers.push(embedded);
        await sleep(size.settleMs);
        embeddedIdle = (await embedded.memory()).rssMb;
        metrics.push(valueMetric("RSS idle, GC'd · embedded", "MB", embeddedIdle, idle.bare.rssMb, null));
      }

      const node = summarize(startSamples.bare_node!);
      const notes = [
        `start: spawn → first 200 from GET /readyz (polled every 10 ms), ${size.startRounds} rounds after ${size.startWarmup} warm-up, kinds in rotating order; ` +
          `\`node bin/maestro.js start\` in HTTP mode (LOG_LEVEL=warn, scheduler on, SLACK_API_URL → fake Slack API, ANTHROPIC_BASE_URL → an instant fake model). ` +
          `Baseline: the bare Bolt app loaded through tsx the same way; the floor, a bare \`node -e\` HTTP listener, p50 ${round(node.p50)} ms. ` +
          `CPU to ready: the child's user + system time from /proc/<pid>/stat when /readyz first answered 200.`,
        `RSS is the node process's (process.memoryUsage() after two gc() calls, from a hook loaded with --import), ${size.settleMs / 1000} s after ` +
          `start, and after each of two passes of the ack suite's traffic (${size.perKind} of each kind at concurrency ${size.concurrency}); peak = VmHWM from /proc. ` +
          `Ratios are against the bare Bolt process under the same traffic.`,
      ];
      notes.push(
        built
          ? "built JS: `node dist/src/cli/main.js start` (what the image runs) against the same start through tsx (`node bin/maestro.js start` in a checkout), interleaved."
          : "built JS: not measured (it needs `npm run build`, PostgreSQL, and --quick or the full run).",
      );
      if (bad) notes.push(`${bad} requests of the memory traffic were answered with something other than 200.`);
      return {
        metrics,
        notes,
        details: {
          start_ms: Object.fromEntries(Object.entries(startSamples).map(([k, v]) => [k, summarize(v)])),
          start_cpu_ms: Object.fromEntries(
            Object.keys(cpuSamples)
              .filter((k) => cpu(k).length)
              .map((k) => [k, summarize(cpu(k))]),
          ),
          idle,
          after,
          again,
          peak,
          embedded_idle_rss_mb: embeddedIdle,
          built_idle_rss_mb: builtIdle,
          model_requests: model.requests(),
        },
      };
    } finally {
      await Promise.allSettled(servers.map((s) => s.stop()));
      await load?.close().catch(() => undefined);
      await api?.close().catch(() => undefined);
      await model?.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
