// Confirmed actions whose executor died (ARCHITECTURE.md invariant 9): each is run once as the person who confirmed it,
// settled with its write, and its run resumed; and what a crash after a settle left behind (a run still waiting, a card
// still saying "working on it") is brought up to date. docs/recovery.md "Pending actions" gives the argument.
import { MINUTE_MS } from "../../domain/clock.ts";
import {
  cardsBehind,
  findPendingAction,
  settleConfirmed,
  takeOverStranded,
  type PendingActionRow,
} from "../../domain/pending-actions/pending-action-store.ts";
import { findUser, liveRoles } from "../../domain/users/user-store.ts";
import type { AgentUser, RecoveredCard } from "../agent-types.ts";
import type { Runtime } from "../runtime.ts";
import { resumableRuns } from "../stores/run-store.ts";
import { executeConfirmed, type DecisionPath, type Execution } from "./execute-confirmed.ts";
import { noteLateDecision } from "./late-note.ts";
import { resumeIfReady, type ResumedRun } from "./resume.ts";
import { viewOf } from "./views.ts";

/**
 * A confirmed action still unsettled this long after its claim, whose row no executor holds, is stranded. A live
 * executor opens its transaction right after the claim (waiting at most the pool's acquire timeout, 10–15 s) and holds
 * the action's row FOR UPDATE from then until its commit, however long the tool takes; a dead one's session, and so
 * its lock, is gone. A late live executor still cannot run it twice: it finds the action settled.
 */
export const STRANDED_AFTER_MS = MINUTE_MS;

/** Take-overs that never settled (each killed or broke its executor) before the action is failed: nothing was done. */
export const MAX_RECOVERIES = 3;

export const GIVEN_UP =
  `Maestro stopped ${MAX_RECOVERIES} times while carrying this out, so it gave up; nothing was done. ` + "Ask again if it is still wanted.";

const PATHS: readonly DecisionPath[] = ["button", "cli", "console"];
const isStale = (row: PendingActionRow) => (row.result as { stale?: unknown } | null)?.stale === true;

async function deciderOf(rt: Runtime, row: PendingActionRow): Promise<AgentUser> {
  const user = row.decided_by === null ? undefined : await findUser(rt.db, row.decided_by);
  if (!user) return { id: row.decided_by ?? 0, name: "someone", roles: [] };
  return { id: user.id, name: user.name, roles: await liveRoles(rt.db, user.id), slackUserId: user.slack_user_id };
}

/** Runs one stranded action once, as who confirmed it and by the path they used; a live executor's row is passed over. */
export async function recoverAction(rt: Runtime, row: PendingActionRow): Promise<Execution> {
  if (row.recoveries > MAX_RECOVERIES) {
    await settleConfirmed(rt.db, row.id, { status: "failed", result: null, error: GIVEN_UP }, rt.clock.now());
    return { ran: true, stale: false };
  }
  const path = PATHS.find((p) => p === row.decided_via) ?? "button";
  try {
    const execution = await executeConfirmed(rt, row, await deciderOf(rt, row), path, { skipLocked: true });
    rt.logger.warn({ pendingActionId: row.id, recoveries: row.recoveries, ...execution }, "agent.recover.action");
    return execution;
  } catch (error) {
    // Nothing committed: the action stays confirmed and the next sweep tries again (counted against MAX_RECOVERIES).
    rt.logger.error({ err: error, pendingActionId: row.id }, "agent.recover.action_error");
    return { ran: false, stale: false };
  }
}

/** Resumes the runs these actions (or an earlier crash after a settle) left waiting; notes the rest in their runs. */
async function resumeAfter(rt: Runtime, rows: readonly PendingActionRow[]): Promise<ResumedRun[]> {
  const runIds = new Set(rows.map((r) => r.agent_run_id).filter((id): id is string => !!id));
  for (const id of await resumableRuns(rt.db)) runIds.add(id);
  const resumed = new Map<string, ResumedRun>();
  for (const runId of runIds) {
    const run = await resumeIfReady(rt, runId);
    if (run) resumed.set(runId, run);
  }
  for (const row of rows) {
    const fresh = await findPendingAction(rt.db, row.id);
    if (fresh && fresh.status !== "confirmed" && !(row.agent_run_id && resumed.has(row.agent_run_id))) await noteLateDecision(rt, fresh);
  }
  return [...resumed.values()];
}

/** The recovery pass: stranded actions run once, runs resumed, cards behind their action brought up to date. */
export async function recoverActions(rt: Runtime): Promise<{ recovered: number; cards: RecoveredCard[]; resumed: ResumedRun[] }> {
  const before = new Date(rt.clock.now().getTime() - STRANDED_AFTER_MS);
  const taken = await takeOverStranded(rt.db, before);
  let recovered = 0;
  for (const row of taken) if ((await recoverAction(rt, row)).ran) recovered++;
  const resumed = await resumeAfter(rt, taken);
  const cards: RecoveredCard[] = [];
  for (const row of await cardsBehind(rt.db, before)) {
    const card = { channelId: row.slack_channel_id!, messageTs: row.slack_message_ts! };
    cards.push({ action: await viewOf(rt, row), card, stale: isStale(row) });
  }
  return { recovered, cards, resumed };
}
