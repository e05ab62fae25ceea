// A confirmed action runs exactly once, as the human who clicked. One transaction locks the action (still confirmed),
// lets the tool decide and write under its own row lock against what the card showed, and settles the action with the
// outcome: a committed write is always a settled action, and two executors (a click and the recovery sweep, two
// replicas) serialize on the action's row, the second finding it settled. A card whose record moved fails as stale.
import type { Knex } from "knex";
import { lockConfirmed, settleConfirmed, type PendingActionRow } from "../../domain/pending-actions/pending-action-store.ts";
import { executeTool, type ToolOutcome } from "../../tools/execute.ts";
import type { Expectation } from "../../tools/tool.ts";
import type { AgentUser } from "../agent-types.ts";
import { deciderActor, toolContextFor, type Runtime } from "../runtime.ts";

export type DecisionPath = "button" | "cli" | "console";

/** What this executor did: `ran` false when another settled the action first (or is running it now). */
export interface Execution {
  ran: boolean;
  stale: boolean;
}

interface Settlement {
  status: "executed" | "failed";
  result: unknown;
  error: string | null;
}

/**
 * What the card showed, for the tool to check under its lock: the call's own effect (gated, or a write held because its
 * run had read untrusted text: `tool_effect`), in the state its preview captured. The card's words are not state.
 */
export function expectationOf(row: Pick<PendingActionRow, "snapshot">): Expectation {
  const { summary, quoted: _quoted, change: _change, tool_effect: toolEffect, ...snapshot } = row.snapshot;
  return { effect: toolEffect === "write" ? "write" : "gated", snapshot, summary: typeof summary === "string" ? summary : undefined };
}

/** The settled columns for a tool's outcome; a stale call keeps `{ stale: true }` so its card says so. */
export function settlementOf(outcome: ToolOutcome): Settlement & { stale: boolean } {
  if (outcome.ok) return { status: "executed", result: outcome.result, error: null, stale: false };
  const stale = outcome.error.code === "stale";
  return {
    status: "failed",
    result: stale ? { stale: true } : null,
    error: `${stale ? "Stale" : outcome.error.code}: ${outcome.error.message}`,
    stale,
  };
}

async function runLocked(rt: Runtime, trx: Knex, row: PendingActionRow, decider: AgentUser, path: DecisionPath) {
  if (!rt.registry.get(row.tool_name)) {
    return { status: "failed" as const, result: null, error: `The tool ${row.tool_name} no longer exists.`, stale: false };
  }
  const actor = deciderActor(decider, path, row.agent_run_id);
  const ctx = { ...toolContextFor(rt, actor, { via: "pending_action", pendingActionId: row.id }), db: trx };
  return settlementOf(await executeTool(rt.registry, row.tool_name, row.args, ctx, rt.logger, expectationOf(row)));
}

/** Runs the confirmed call once and settles it in the same transaction, unless another executor already did. */
export async function executeConfirmed(
  rt: Runtime,
  row: Pick<PendingActionRow, "id">,
  decider: AgentUser,
  path: DecisionPath,
  options: { skipLocked?: boolean } = {},
): Promise<Execution> {
  return rt.db.transaction(async (trx) => {
    const locked = await lockConfirmed(trx, row.id, options);
    if (!locked) return { ran: false, stale: false };
    const { stale, ...settlement } = await runLocked(rt, trx, locked, decider, path);
    await settleConfirmed(trx, locked.id, settlement, rt.clock.now());
    return { ran: true, stale };
  });
}
