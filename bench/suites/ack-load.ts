// The ack suite's traffic: four kinds of signed Slack request, each sent in batches to Maestro and to the bare
// Bolt app in alternating order, with Maestro's after-ack work drained before the other side's batch starts.
import crypto from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { ACTIONS } from "../../src/slack/ids.ts";
import type { LoadJob, LoadRequest } from "../load/load-generator.ts";
import type { LoadProcess, SlackSide } from "../load/load-process.ts";
import { buttonClick, directMessage, slashCommand } from "../load/slack-requests.ts";
import { measureInterleaved } from "../measure.ts";

export interface RequestKind {
  name: string;
  label: string;
  /** The Web API call (or response_url POST) that ends Maestro's work on one request of this kind, if any. */
  finishes: string | null;
  make(user: string, n: number, api: SlackSide): LoadRequest;
}

/** A fresh prefix per process: event ids must never repeat on a database Maestro remembers receipts in. */
const RUN = crypto.randomBytes(3).toString("hex");
/**
 * Every request this process makes is numbered once (event ids, response URLs), across suites: the memory suite
 * sends the same traffic to the same database after the ack suite. Users rotate by it too (30 a minute each).
 */
const sequence = { n: 0 };

export const REQUEST_KINDS: readonly RequestKind[] = [
  // Acked empty before any SQL (as every command); the help blocks then go to response_url.
  { name: "help", label: "/maestro help", finishes: "respond", make: (user, n, api) => slashCommand(user, "help", api.responseUrl(n), n) },
  // Acked empty; the queue tool then runs and its answer goes to response_url.
  {
    name: "queue",
    label: "/maestro queue",
    finishes: "respond",
    make: (user, n, api) => slashCommand(user, "queue", api.responseUrl(n), n),
  },
  // Acked by Bolt before any middleware; then the gatekeeper, an agent turn with the instant model, and the reply.
  {
    name: "dm",
    label: "DM event",
    finishes: "reactions.remove",
    make: (user, n) => directMessage(user, "Anything new in the studio today?", `EvB${RUN}${n}`),
  },
  // Confirm on a card that does not exist: ack, look it up, say so through response_url. Changes nothing.
  {
    name: "click",
    label: "button click",
    finishes: "respond",
    make: (user, n, api) =>
      buttonClick(
        user,
        { action_id: `${ACTIONS.confirm}:bench`, value: JSON.stringify({ id: crypto.randomUUID() }) },
        { channel: `D0${user}`, ts: "1700000000.000100" },
        api.responseUrl(n),
        n,
      ),
  },
];

export interface AckServer {
  name: "maestro" | "bare";
  baseUrl: string;
}

export interface TrafficContext {
  load: LoadProcess;
  /** Where Maestro's Web API calls go: the load process (ack suite) or this process (memory suite). */
  api: SlackSide;
  users: readonly string[];
  signingSecret: string;
}

export interface BatchOutcome {
  latencies: number[];
  /** Answers other than 200, and socket errors (status 0). */
  bad: number;
  wallMs: number;
  /** This process's event-loop delay while the batch ran (ms): Maestro's, on its side — where its work after acks competes with the acks. */
  loopDelayP99: number;
  loopDelayMax: number;
}

function job(t: TrafficContext, kind: RequestKind, target: AckServer, size: number, concurrency: number, gapMs?: number): LoadJob {
  const requests = Array.from({ length: size }, () => {
    const n = sequence.n++;
    return kind.make(t.users[n % t.users.length]!, n, t.api);
  });
  return { baseUrl: target.baseUrl, requests, concurrency, signingSecret: t.signingSecret, ...(gapMs ? { gapMs } : {}) };
}

/** One batch against one target; for Maestro, waits until its work after the acks is done too. */
export async function runBatch(
  t: TrafficContext,
  kind: RequestKind,
  target: AckServer,
  size: number,
  concurrency: number,
  gapMs?: number,
): Promise<BatchOutcome> {
  const finishedBefore = kind.finishes ? await t.api.count(kind.finishes) : 0;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const result = await t.load.run(job(t, kind, target, size, concurrency, gapMs));
  loop.disable();
  if (target.name === "maestro" && kind.finishes) {
    // The other side's batch must not run beside this one's leftover work (turns, tool calls, respond).
    await t.api.waitForCount(kind.finishes, finishedBefore + size, 120_000);
  }
  return {
    latencies: result.latenciesMs,
    bad: result.statuses.filter((s) => s !== 200).length,
    wallMs: result.wallMs,
    loopDelayP99: loop.percentile(99) / 1e6,
    loopDelayMax: loop.max / 1e6,
  };
}

export interface CellOutcome {
  maestro: BatchOutcome[];
  bare: BatchOutcome[];
  rounds: number;
}

/** Rounds per cell: at least 5 × concurrency requests per batch (so most of a batch runs at full concurrency), at most 10. */
export const roundsFor = (total: number, concurrency: number) => Math.max(1, Math.min(10, Math.floor(total / (5 * concurrency))));

/**
 * `total` requests of `kind` per side at `concurrency`, in rounds that alternate which side goes first; with `gapMs`,
 * each worker pauses that long between its requests (paced rather than back to back).
 */
export async function measureCell(
  t: TrafficContext,
  kind: RequestKind,
  targets: { maestro: AckServer; bare: AckServer },
  total: number,
  concurrency: number,
  gapMs?: number,
): Promise<CellOutcome> {
  const rounds = roundsFor(total, concurrency);
  const size = Math.ceil(total / rounds);
  const out: CellOutcome = { maestro: [], bare: [], rounds };
  const variants = (["maestro", "bare"] as const).map((name) => ({
    name,
    async run() {
      const batch = await runBatch(t, kind, targets[name], size, concurrency, gapMs);
      out[name].push(batch);
      return batch.wallMs;
    },
  }));
  await measureInterleaved(variants, { warmup: 0, iterations: rounds });
  return out;
}
