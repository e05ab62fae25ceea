// A confirmed action runs exactly once, as the human who clicked, unless the world changed since its card was
// posted (the tool's preview no longer matches the snapshot): then it fails as stale and nothing is done.
import { DomainError } from "../../domain/errors.ts";
import { domainErrorText } from "../../tools/model-hints.ts";
import { settleConfirmed, type PendingActionRow } from "../../domain/pending-actions/pending-action-store.ts";
import { executeTool } from "../../tools/execute.ts";
import type { AgentUser } from "../agent-types.ts";
import { canonicalJson, deciderActor, toolContextFor, type Runtime } from "../runtime.ts";

export type DecisionPath = "button" | "cli" | "console";

const withoutSummary = (snapshot: Record<string, unknown>) => {
  const { summary: _summary, ...rest } = snapshot;
  return rest;
};

/** Settles the claimed row as failed-stale when its preview moved on; true when it did. */
async function settleIfStale(rt: Runtime, row: PendingActionRow): Promise<boolean> {
  const tool = rt.registry.get(row.tool_name);
  if (!tool?.preview) return false;
  const now = () => rt.clock.now();
  try {
    const fresh = await tool.preview(row.args, { db: rt.db });
    if (canonicalJson(fresh.snapshot) === canonicalJson(withoutSummary(row.snapshot))) return false;
    const error = `Stale: this changed after the card was posted (then ${canonicalJson(withoutSummary(row.snapshot))}, now ${canonicalJson(fresh.snapshot)}). Nothing was done; ask again if it is still wanted.`;
    await settleConfirmed(rt.db, row.id, { status: "failed", result: { stale: true }, error }, now());
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await settleConfirmed(rt.db, row.id, { status: "failed", result: { stale: true }, error: `Stale: ${domainErrorText(error)}` }, now());
  }
  return true;
}

/** Runs the confirmed call once, unless the world changed since the card was posted. */
export async function executeConfirmed(
  rt: Runtime,
  row: PendingActionRow,
  decider: AgentUser,
  path: DecisionPath,
): Promise<{ stale: boolean }> {
  if (!rt.registry.get(row.tool_name)) {
    const error = `The tool ${row.tool_name} no longer exists.`;
    await settleConfirmed(rt.db, row.id, { status: "failed", result: null, error }, rt.clock.now());
    return { stale: false };
  }
  if (await settleIfStale(rt, row)) return { stale: true };
  const outcome = await executeTool(
    rt.registry,
    row.tool_name,
    row.args,
    toolContextFor(rt, deciderActor(decider, path, row.agent_run_id), { via: "pending_action", pendingActionId: row.id }),
    rt.logger,
  );
  await settleConfirmed(
    rt.db,
    row.id,
    outcome.ok
      ? { status: "executed", result: outcome.result, error: null }
      : { status: "failed", result: null, error: `${outcome.error.code}: ${outcome.error.message}` },
    rt.clock.now(),
  );
  return { stale: false };
}
