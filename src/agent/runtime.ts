// The agent's resolved dependencies and the small helpers every part of the loop shares.
import crypto from "node:crypto";
import type { Actor } from "../domain/actor.ts";
import type { PendingActionRow } from "../domain/pending-actions/pending-action-store.ts";
import { userNames } from "../domain/users/user-store.ts";
import type { Decision, ToolContext } from "../tools/tool.ts";
import { DEFAULT_LIMITS, type AgentDeps, type AgentLimits, type AgentUser, type PendingActionView } from "./agent-types.ts";

export interface Runtime extends AgentDeps {
  limits: AgentLimits;
  sleep: (ms: number) => Promise<void>;
}

export function createRuntime(deps: AgentDeps): Runtime {
  return {
    ...deps,
    limits: { ...DEFAULT_LIMITS, ...deps.limits },
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}

/** The model acting for a human in a run. */
export const agentActor = (user: Pick<AgentUser, "id" | "name" | "slackUserId">, runId: string): Actor => ({
  type: "AGENT",
  userId: user.id,
  name: user.name,
  path: "agent",
  runId,
  slackUserId: user.slackUserId ?? null,
});

/** A human deciding on a card (or from the CLI). */
export const deciderActor = (
  user: Pick<AgentUser, "id" | "name" | "slackUserId">,
  path: "button" | "cli" | "console",
  runId: string | null,
): Actor => ({
  type: "USER",
  userId: user.id,
  name: user.name,
  path,
  runId,
  slackUserId: user.slackUserId ?? null,
});

export function toolContextFor(rt: Runtime, actor: Actor, decision?: Decision): ToolContext {
  return { db: rt.db, engine: rt.engine, clock: rt.clock, config: rt.config, actor, decision };
}

/** JSON with object keys sorted at every level: equal arguments hash equally. */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sort(value));
}

export const hashArgs = (canonical: string) => crypto.createHash("sha256").update(canonical).digest("hex");

/** A pending action as a card shows it, with people's names resolved. */
export async function viewsOf(rt: Runtime, rows: readonly PendingActionRow[]): Promise<PendingActionView[]> {
  const names = await userNames(
    rt.db,
    rows.flatMap((r) => [r.requested_by, r.decided_by]),
  );
  return rows.map((row) => ({
    id: row.id,
    toolName: row.tool_name,
    summary: String(row.snapshot.summary ?? row.tool_name),
    args: row.args,
    reason: row.reason,
    requestedBy: { id: row.requested_by, name: row.requested_by === null ? "someone" : (names.get(row.requested_by) ?? "someone") },
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    status: row.status,
    decidedBy: row.decided_by === null ? null : { id: row.decided_by, name: names.get(row.decided_by) ?? "someone" },
    decidedAt: row.decided_at,
    resultText: resultTextOf(row, row.decided_by === null ? null : (names.get(row.decided_by) ?? "someone")),
  }));
}

/** What the model (and the card) is told about a decided action. */
export function resultTextOf(row: PendingActionRow, deciderName: string | null): string | null {
  switch (row.status) {
    case "executed":
      return JSON.stringify(row.result);
    case "failed":
      return `Error: ${row.error ?? "the action failed"}`;
    case "cancelled":
      return `Cancelled by ${deciderName ?? "a staff member"}; nothing was changed.`;
    case "expired":
      return "Expired before anyone decided: not approved, nothing was changed. Ask again if it is still wanted.";
    default:
      return null;
  }
}
