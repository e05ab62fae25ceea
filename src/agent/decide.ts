// A human's decision on a pending action: claim it once, check authority and staleness, execute
// exactly once, and resume the waiting run with every result of its step in one message.
import { randomUUID } from "node:crypto";
import { claimPausedRun, findRun, resumableRuns } from "./stores/run-store.ts";
import { acquireTurnLease, appendMessage, findConversation, loadTranscript, releaseTurnLeaseIfIdle } from "./stores/conversation-store.ts";
import { DomainError } from "../domain/errors.ts";
import {
  claimDecision,
  expireOverdue,
  findPendingAction,
  settleConfirmed,
  type PendingActionRow,
} from "../domain/pending-actions/pending-action-store.ts";
import { findUser, isStaffRoleSet, liveRoles } from "../domain/users/user-store.ts";
import { executeTool } from "../tools/execute.ts";
import type { AgentUser, DecisionOutcome, TurnOutcome } from "./agent-types.ts";
import { decidedStepResults } from "./approvals/paused-step.ts";
import { estimateTokens } from "./history.ts";
import { canonicalJson, deciderActor, toolContextFor, viewsOf, type Runtime } from "./runtime.ts";
import { conversationKeyOf, runSteps } from "./steps.ts";
import { handBack } from "./turn.ts";
import { boundText } from "./tool-results.ts";

export interface DecideRequest {
  pendingActionId: string;
  decision: "confirm" | "cancel";
  decidedBy: AgentUser;
  path: "button" | "cli" | "console";
}

const withoutSummary = (snapshot: Record<string, unknown>) => {
  const { summary: _summary, ...rest } = snapshot;
  return rest;
};

async function view(rt: Runtime, row: PendingActionRow) {
  return (await viewsOf(rt, [row]))[0]!;
}

/** Runs the confirmed call once, unless the world changed since the card was posted. */
async function execute(rt: Runtime, row: PendingActionRow, decider: AgentUser, path: DecideRequest["path"]): Promise<{ stale: boolean }> {
  const tool = rt.registry.get(row.tool_name);
  const now = () => rt.clock.now();
  if (!tool) {
    await settleConfirmed(rt.db, row.id, { status: "failed", result: null, error: `The tool ${row.tool_name} no longer exists.` }, now());
    return { stale: false };
  }
  if (tool.preview) {
    try {
      const fresh = await tool.preview(row.args, { db: rt.db });
      if (canonicalJson(fresh.snapshot) !== canonicalJson(withoutSummary(row.snapshot))) {
        const error = `Stale: this changed after the card was posted (then ${canonicalJson(withoutSummary(row.snapshot))}, now ${canonicalJson(fresh.snapshot)}). Nothing was done; ask again if it is still wanted.`;
        await settleConfirmed(rt.db, row.id, { status: "failed", result: { stale: true }, error }, now());
        return { stale: true };
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await settleConfirmed(rt.db, row.id, { status: "failed", result: { stale: true }, error: `Stale: ${error.message}` }, now());
      return { stale: true };
    }
  }
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
    now(),
  );
  return { stale: false };
}

/** Waits briefly for the conversation's turn lease (a turn may be finishing there). */
async function takeLease(rt: Runtime, conversationId: number, token: string): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const now = rt.clock.now();
    if (await acquireTurnLease(rt.db, conversationId, token, new Date(now.getTime() + rt.limits.turnLeaseMs), now)) return true;
    await rt.sleep(250);
  }
  return false;
}

/** Resumes a paused run once all its actions are decided; returns the continued turn's outcome. */
export async function resumeIfReady(rt: Runtime, runId: string): Promise<TurnOutcome | undefined> {
  const waiting = await findRun(rt.db, runId);
  if (!waiting || waiting.status !== "awaiting_confirmation") return undefined;
  const conversation = await findConversation(rt.db, waiting.conversation_id);
  if (!conversation) return undefined;
  const token = randomUUID();
  if (!(await takeLease(rt, conversation.id, token))) {
    rt.logger.warn({ runId }, "agent.resume.deferred"); // the sweep resumes it later
    return undefined;
  }
  const run = await claimPausedRun(rt.db, runId, rt.clock.now());
  if (!run) {
    if (await releaseTurnLeaseIfIdle(rt.db, conversation.id, token)) return undefined;
    // Messages queued up while we held the conversation: hand the lease to the caller to answer them.
    return { kind: "queued", conversation: conversationKeyOf(conversation), position: 0, leaseToken: token };
  }
  const transcript = await loadTranscript(rt.db, run.conversation_id);
  const results = await decidedStepResults(
    rt,
    run,
    transcript.find((m) => m.seq === run.awaiting_seq),
  );
  await appendMessage(
    rt.db,
    { conversationId: conversation.id, role: "user", content: results, runId: run.id, tokenEstimate: estimateTokens(results) },
    rt.clock.now(),
  );
  const requester = run.requested_by === null ? undefined : await findUser(rt.db, run.requested_by);
  const user: AgentUser = requester
    ? { id: requester.id, name: requester.name, roles: await liveRoles(rt.db, requester.id), slackUserId: requester.slack_user_id }
    : { id: 0, name: "someone", roles: [] };
  return handBack(rt, conversation.id, token, await runSteps(rt, run, conversation, user));
}

/** A decision on a run that no longer waits (its conversation moved on): leave a note in the thread. */
async function noteLateDecision(rt: Runtime, row: PendingActionRow): Promise<void> {
  if (!row.agent_run_id) return;
  const run = await findRun(rt.db, row.agent_run_id);
  if (!run || run.status === "awaiting_confirmation") return;
  const fresh = (await findPendingAction(rt.db, row.id))!;
  const v = await view(rt, fresh);
  const text = `(Note from the system: the held call ${row.tool_name} — ${v.summary} — was ${fresh.status}${v.decidedBy ? ` by ${v.decidedBy.name}` : ""}. Result: ${boundText(v.resultText ?? "none", 2_000)})`;
  await appendMessage(
    rt.db,
    {
      conversationId: run.conversation_id,
      role: "user",
      content: [{ type: "text", text }],
      runId: run.id,
      tokenEstimate: estimateTokens(text),
    },
    rt.clock.now(),
  );
}

export async function decide(rt: Runtime, request: DecideRequest): Promise<DecisionOutcome> {
  const row = await findPendingAction(rt.db, request.pendingActionId);
  if (!row) return { kind: "not_found", text: "That confirmation no longer exists." };

  // Authority first: an unauthorized click must not claim (and so burn) the card.
  const roles = await liveRoles(rt.db, request.decidedBy.id);
  if (!isStaffRoleSet(roles)) {
    return {
      kind: "forbidden",
      text: "Only studio staff (STAFF or ADMIN) can confirm or cancel Maestro's actions.",
      action: await view(rt, row),
    };
  }
  const tool = rt.registry.get(row.tool_name);
  if (request.decision === "confirm" && tool?.authorize) {
    try {
      await tool.authorize(row.args, { db: rt.db, actor: deciderActor(request.decidedBy, request.path, row.agent_run_id) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { kind: "forbidden", text: error.message, action: await view(rt, row) };
    }
  }

  const now = rt.clock.now();
  const claimed = await claimDecision(
    rt.db,
    row.id,
    { status: request.decision === "confirm" ? "confirmed" : "cancelled", decidedBy: request.decidedBy.id },
    now,
  );
  if (!claimed) {
    const current = (await findPendingAction(rt.db, row.id))!;
    if (current.status === "pending" && current.expires_at <= now) {
      const [expired] = await expireOverdue(rt.db, now, [row.id]);
      const continuation = current.agent_run_id ? await resumeIfReady(rt, current.agent_run_id) : undefined;
      if (expired) await noteLateDecision(rt, expired);
      return {
        kind: "expired",
        text: "This request expired before anyone decided; nothing was done.",
        action: await view(rt, expired ?? current),
        continuation,
      };
    }
    const v = await view(rt, current);
    const who = v.decidedBy ? ` by ${v.decidedBy.name}` : "";
    return {
      kind: current.status === "expired" ? "expired" : "already_decided",
      text: `This was already ${current.status}${who}.`,
      action: v,
    };
  }

  let stale = false;
  if (claimed.status === "confirmed") {
    try {
      ({ stale } = await execute(rt, claimed, request.decidedBy, request.path));
    } catch (error) {
      rt.logger.error({ err: error, pendingActionId: row.id }, "agent.decide.execute_error");
      await settleConfirmed(
        rt.db,
        row.id,
        { status: "failed", result: null, error: "internal error while executing; nothing was changed" },
        rt.clock.now(),
      );
    }
  }
  const settled = (await findPendingAction(rt.db, row.id))!;
  rt.logger.info({ pendingActionId: row.id, status: settled.status, decidedBy: request.decidedBy.id }, "agent.decide.end");
  const continuation = settled.agent_run_id ? await resumeIfReady(rt, settled.agent_run_id) : undefined;
  if (!continuation) await noteLateDecision(rt, settled);
  const v = await view(rt, settled);
  const text = stale
    ? "This changed after the card was posted, so nothing was done."
    : settled.status === "executed"
      ? `Done — confirmed by ${request.decidedBy.name}.`
      : settled.status === "cancelled"
        ? `Cancelled by ${request.decidedBy.name}; nothing was changed.`
        : `It did not go through: ${settled.error ?? "unknown error"}`;
  return { kind: "decided", text, action: v, stale, continuation };
}

/** Expires overdue actions and resumes runs that were only waiting on them (or were deferred). */
export async function sweepExpired(rt: Runtime): Promise<{ expired: PendingActionRow[]; continuations: TurnOutcome[] }> {
  const expired = await expireOverdue(rt.db, rt.clock.now());
  const runIds = new Set(expired.map((r) => r.agent_run_id).filter((id): id is string => !!id));
  for (const id of await resumableRuns(rt.db)) runIds.add(id);
  const continuations: TurnOutcome[] = [];
  for (const runId of runIds) {
    const outcome = await resumeIfReady(rt, runId);
    if (outcome) continuations.push(outcome);
  }
  for (const row of expired) await noteLateDecision(rt, row);
  return { expired, continuations };
}
