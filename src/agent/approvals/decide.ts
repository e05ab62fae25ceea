// A human's decision on a pending action: check authority, claim it once, execute it exactly once, and resume
// the waiting run when its step is complete (the caller delivers the resumed run after showing the decision).
import { DomainError } from "../../domain/errors.ts";
import { domainErrorText } from "../../tools/model-hints.ts";
import {
  claimDecision,
  expireOverdue,
  findPendingAction,
  settleConfirmed,
  takeOverStranded,
  type PendingActionRow,
} from "../../domain/pending-actions/pending-action-store.ts";
import { isStaffRoleSet, liveRoles } from "../../domain/users/user-store.ts";
import type { AgentUser, DecisionOutcome } from "../agent-types.ts";
import { deciderActor, type Runtime } from "../runtime.ts";
import { executeConfirmed, type DecisionPath } from "./execute-confirmed.ts";
import { noteLateDecision } from "./late-note.ts";
import { recoverAction, STRANDED_AFTER_MS } from "./recover.ts";
import { resumeIfReady, type ResumedRun } from "./resume.ts";
import { viewOf } from "./views.ts";

export interface DecideRequest {
  pendingActionId: string;
  decision: "confirm" | "cancel";
  decidedBy: AgentUser;
  path: DecisionPath;
  /** A cancel's reason, as the person wrote it: kept with the action and sent to the model in the tool result. */
  note?: string;
}

/** What a decision did, and the run it resumed (if any), still to be delivered. */
export interface Decided {
  outcome: DecisionOutcome;
  resumed?: ResumedRun;
}

/** Authority first: an unauthorized click must not claim (and so burn) the card. Returns the refusal, if any. */
async function refusal(rt: Runtime, row: PendingActionRow, request: DecideRequest): Promise<string | undefined> {
  if (!isStaffRoleSet(await liveRoles(rt.db, request.decidedBy.id))) {
    return "Only studio staff (STAFF or ADMIN) can confirm or cancel Maestro's actions.";
  }
  const tool = rt.registry.get(row.tool_name);
  if (request.decision !== "confirm" || !tool?.authorize) return undefined;
  try {
    await tool.authorize(row.args, {
      db: rt.db,
      actor: deciderActor(request.decidedBy, request.path, row.agent_run_id),
      // The action itself (who proposed it), for a tool whose proposer may not confirm it (grant_role to ADMIN).
      decision: { via: "pending_action", pendingActionId: row.id },
    });
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return domainErrorText(error);
  }
}

/**
 * A click on a card already confirmed: a live executor is carrying it out (say so), or its executor died (run it now,
 * once, as the person who confirmed it, exactly as the recovery sweep would, and show the outcome).
 */
async function stillConfirmed(rt: Runtime, current: PendingActionRow, now: Date): Promise<Decided> {
  const [stranded] = await takeOverStranded(rt.db, new Date(now.getTime() - STRANDED_AFTER_MS), { id: current.id });
  if (!stranded) {
    const action = await viewOf(rt, current);
    const text = `${action.decidedBy?.name ?? "Someone"} confirmed this; Maestro is carrying it out now, and this card will show the result.`;
    return { outcome: { kind: "already_decided", text, action } };
  }
  const { stale } = await recoverAction(rt, stranded);
  const settled = (await findPendingAction(rt.db, current.id))!;
  const resumed = settled.agent_run_id ? await resumeIfReady(rt, settled.agent_run_id) : undefined;
  if (!resumed) await noteLateDecision(rt, settled);
  const action = await viewOf(rt, settled);
  const decider = { id: settled.decided_by ?? 0, name: action.decidedBy?.name ?? "someone", roles: [] };
  const text = `Maestro stopped before finishing this and has now carried it out. ${decidedText(settled, decider, stale)}`;
  return { outcome: { kind: "decided", text, action, stale }, resumed };
}

/** The claim went to someone else, or the card ran out of time: say which (and expire it now if overdue). */
async function notClaimed(rt: Runtime, row: PendingActionRow, now: Date): Promise<Decided> {
  const current = (await findPendingAction(rt.db, row.id))!;
  if (current.status === "confirmed") return stillConfirmed(rt, current, now);
  if (current.status === "pending" && current.expires_at <= now) {
    const [expired] = await expireOverdue(rt.db, now, [row.id]);
    const resumed = current.agent_run_id ? await resumeIfReady(rt, current.agent_run_id) : undefined;
    if (expired) await noteLateDecision(rt, expired);
    const text = "This request expired before anyone decided; nothing was done.";
    return { outcome: { kind: "expired", text, action: await viewOf(rt, expired ?? current) }, resumed };
  }
  const action = await viewOf(rt, current);
  const text = `This was already ${current.status}${action.decidedBy ? ` by ${action.decidedBy.name}` : ""}.`;
  return { outcome: { kind: current.status === "expired" ? "expired" : "already_decided", text, action } };
}

/** Executes a confirmed claim; an unexpected error fails it (nothing was changed) instead of leaving it confirmed. */
async function executeClaimed(rt: Runtime, claimed: PendingActionRow, request: DecideRequest): Promise<{ stale: boolean }> {
  try {
    const { stale } = await executeConfirmed(rt, claimed, request.decidedBy, request.path);
    return { stale };
  } catch (error) {
    rt.logger.error({ err: error, pendingActionId: claimed.id }, "agent.decide.execute_error");
    const failure = { status: "failed" as const, result: null, error: "internal error while executing; nothing was changed" };
    await settleConfirmed(rt.db, claimed.id, failure, rt.clock.now());
    return { stale: false };
  }
}

function decidedText(settled: PendingActionRow, decider: AgentUser, stale: boolean): string {
  if (stale) return "This changed after the card was posted, so nothing was done.";
  if (settled.status === "executed") return `Done — confirmed by ${decider.name}.`;
  if (settled.status === "cancelled") return `Cancelled by ${decider.name}; nothing was changed.`;
  return `It did not go through: ${settled.error ?? "unknown error"}`;
}

export async function decide(rt: Runtime, request: DecideRequest): Promise<Decided> {
  const row = await findPendingAction(rt.db, request.pendingActionId);
  if (!row) return { outcome: { kind: "not_found", text: "That confirmation no longer exists." } };
  const refused = await refusal(rt, row, request);
  if (refused) return { outcome: { kind: "forbidden", text: refused, action: await viewOf(rt, row) } };

  const now = rt.clock.now();
  const status = request.decision === "confirm" ? "confirmed" : "cancelled";
  const claimed = await claimDecision(
    rt.db,
    row.id,
    { status, decidedBy: request.decidedBy.id, via: request.path, note: status === "cancelled" ? (request.note ?? null) : null },
    now,
  );
  if (!claimed) return notClaimed(rt, row, now);

  const { stale } = claimed.status === "confirmed" ? await executeClaimed(rt, claimed, request) : { stale: false };
  const settled = (await findPendingAction(rt.db, row.id))!;
  rt.logger.info({ pendingActionId: row.id, status: settled.status, decidedBy: request.decidedBy.id }, "agent.decide.end");
  const resumed = settled.agent_run_id ? await resumeIfReady(rt, settled.agent_run_id) : undefined;
  if (!resumed) await noteLateDecision(rt, settled);
  const outcome: DecisionOutcome = {
    kind: "decided",
    text: decidedText(settled, request.decidedBy, stale),
    action: await viewOf(rt, settled),
    stale,
  };
  return { outcome, resumed };
}
