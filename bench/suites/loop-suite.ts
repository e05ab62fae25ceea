// The loop suite: the agent loop's own cost per model call with an instant scripted model — a turn's wall time
// minus the time inside the model and inside tool handlers — against a bare in-memory loop (what durability costs).
import { performance } from "node:perf_hooks";
import type Anthropic from "@anthropic-ai/sdk";
import { createTestAgent } from "../../src/testing/agent-harness.ts";
import { callTools, reply, ScriptedModel } from "../../src/testing/scripted-model.ts";
import { answerOne } from "../../src/testing/recording-responder.ts";
import { measureInterleaved } from "../measure.ts";
import { countLoopStatements, meteredModel, meteredRegistry, newMeter, staffUser, type Meter } from "../metering.ts";
import type { Target } from "../results.ts";
import { round } from "../stats.ts";
import { byMode, timingMetric, valueMetric, type BenchSuite } from "../suite.ts";
import { bareTurn } from "./bare-loop.ts";

export const LOOP_TARGET: Target = { kind: "max", value: 10, text: "≤ 10 ms per call (p50)" };
/** Turns per conversation before a new thread starts: history grows a little, as in a real DM thread. */
const TURNS_PER_THREAD = 5;
/** A read tool on a tiny table: its handler time is subtracted anyway, it only has to be real. */
const TOOL_CALL = { name: "list_role_requests", input: { limit: 5 } };

/** Overhead of one turn per model call, from the meter's movement during it. */
function overheadPerCall(meter: Meter, before: Meter, wallMs: number): number {
  const calls = meter.modelCalls - before.modelCalls;
  return (wallMs - (meter.modelMs - before.modelMs) - (meter.toolMs - before.toolMs)) / calls;
}

export const loopSuite: BenchSuite = {
  name: "loop",
  summary: "agent loop overhead per model call (instant scripted model) vs a bare in-memory loop",
  async run(ctx) {
    const db = await ctx.scratch();
    const turns = byMode(ctx.mode, {
      full: { warmup: 10, measured: 100 },
      quick: { warmup: 5, measured: 100 },
      tiny: { warmup: 1, measured: 3 },
    });
    const user = await staffUser(db.knex);
    const meter = newMeter();
    const scripted = new ScriptedModel();
    const agent = createTestAgent(db, meteredModel(scripted, meter), { config: ctx.config, registry: meteredRegistry(meter) });
    const bareModel = meteredModel(scripted, meter);
    let agentTurn = 0;
    let bareTurnNo = 0;
    let thread = `${Date.now()}`;
    let conversation: Anthropic.MessageParam[] = [];
    // Each turn: the model calls one read tool, then answers — two model calls.
    const script = () => scripted.push(callTools([TOOL_CALL]), reply("There are a few pending role requests."));

    const detach = countLoopStatements(db.knex, meter);
    let statements = 0;
    try {
      const variants = [
        {
          name: "maestro",
          async run() {
            if (agentTurn % TURNS_PER_THREAD === 0) thread = `${Date.now()}.${agentTurn}`;
            agentTurn += 1;
            script();
            const before = { ...meter };
            const started = performance.now();
            const outcome = await answerOne(agent, {
              conversation: { teamId: "TBENCH", channelId: "DBENCH", threadTs: thread },
              user,
              text: "Any pending role requests?",
              trigger: "bench",
            });
            const wall = performance.now() - started;
            if (outcome.kind !== "reply") throw new Error(`the agent turn ended as ${outcome.kind}, not a reply`);
            statements += meter.loopStatements - before.loopStatements;
            return overheadPerCall(meter, before, wall);
          },
        },
        {
          name: "baseline",
          async run() {
            if (bareTurnNo % TURNS_PER_THREAD === 0) conversation = [];
            bareTurnNo += 1;
            script();
            const before = { ...meter };
            const started = performance.now();
            await bareTurn(agent.runtime, bareModel, user, conversation, "Any pending role requests?");
            return overheadPerCall(meter, before, performance.now() - started);
          },
        },
      ];
      const samples = await measureInterleaved(variants, { warmup: turns.warmup, iterations: turns.measured });
      const calls = (turns.warmup + turns.measured) * 2;
      const perCall = statements / calls;
      return {
        metrics: [
          timingMetric("overhead per model call", samples.maestro!, samples.baseline!, LOOP_TARGET),
          valueMetric("loop statements per model call", "statements", perCall, null, null),
        ],
        notes: [
          `${turns.measured} measured turns × 2 model calls per side (after ${turns.warmup} warm-up turns), interleaved; ` +
            `${TURNS_PER_THREAD} turns per thread. Overhead = wall − time in the scripted model − time in tool handlers.`,
        ],
        details: { model_calls_per_side: turns.measured * 2, loop_statements_per_call: round(perCall) },
      };
    } finally {
      detach();
    }
  },
};
