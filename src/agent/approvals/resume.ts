// Resuming a paused run once every action of its step is decided: take the conversation, claim the run (once,
// across replicas), close the step with its tool_results, and run the steps on for the human who asked.
import { randomUUID } from "node:crypto";
import { findUser, liveRoles } from "../../domain/users/user-store.ts";
import type { AgentUser } from "../agent-types.ts";
import { estimateTokens } from "../history.ts";
import type { Runtime } from "../runtime.ts";
import { conversationKeyOf } from "../run-loop.ts";
import { runSteps } from "../steps.ts";
import {
  acquireTurnLease,
  appendMessage,
  findConversation,
  loadTranscript,
  releaseTurnLeaseIfIdle,
  type ConversationKey,
} from "../stores/conversation-store.ts";
import { claimPausedRun, findRun, finishRun, type RunRow } from "../stores/run-store.ts";
import { LeaseLostError, withLease } from "../lease-keeper.ts";
import { turnFailure } from "../turn-failure.ts";
import { handBack, type TurnHandover } from "../turn.ts";
import { decidedStepResults } from "./paused-step.ts";

/** A resumed run (or, when another caller resumed it, just the lease on messages queued meanwhile) to deliver. */
export type ResumedRun = TurnHandover & { conversation: ConversationKey };

/** Waits briefly for the conversation's turn lease (a turn may be finishing there). */
async function takeLease(rt: Runtime, conversationId: number, token: string): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const now = rt.clock.now();
    if (await acquireTurnLease(rt.db, conversationId, token, new Date(now.getTime() + rt.limits.turnLeaseMs), now)) return true;
    await rt.sleep(250);
  }
  return false;
}

/** The person the run answers: whoever asked, with their roles as they are now. */
async function requesterOf(rt: Runtime, run: RunRow): Promise<AgentUser> {
  const requester = run.requested_by === null ? undefined : await findUser(rt.db, run.requested_by);
  return requester
    ? { id: requester.id, name: requester.name, roles: await liveRoles(rt.db, requester.id), slackUserId: requester.slack_user_id }
    : { id: 0, name: "someone", roles: [] };
}

/** Resumes a paused run once all its actions are decided; undefined when there is nothing to deliver. */
export async function resumeIfReady(rt: Runtime, runId: string): Promise<ResumedRun | undefined> {
  const waiting = await findRun(rt.db, runId);
  if (!waiting || waiting.status !== "awaiting_confirmation") return undefined;
  const conversation = await findConversation(rt.db, waiting.conversation_id);
  if (!conversation) return undefined;
  const key = conversationKeyOf(conversation);
  const token = randomUUID();
  if (!(await takeLease(rt, conversation.id, token))) {
    rt.logger.warn({ runId }, "agent.resume.deferred"); // the sweep resumes it later
    return undefined;
  }
  const run = await claimPausedRun(rt.db, runId, rt.clock.now());
  if (!run) {
    if (await releaseTurnLeaseIfIdle(rt.db, conversation.id, token)) return undefined;
    // Messages queued up while we held the conversation: keep the lease to answer them.
    return { conversation: key, lease: token };
  }
  try {
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
    const requester = await requesterOf(rt, run);
    const outcome = await withLease(rt, conversation.id, token, (lease) =>
      runSteps(rt, run, conversation, requester, undefined, [], lease),
    );
    return { conversation: key, ...(await handBack(rt, conversation.id, token, outcome)) };
  } catch (error) {
    if (error instanceof LeaseLostError) return undefined; // taken over: the new holder tells the person
    rt.logger.error({ err: error, runId }, "agent.resume.crashed");
    // Best effort, as in a turn: when the database is what failed, the recovery sweep ends the run after the lease.
    await finishRun(rt.db, run.id, { status: "failed", error: String(error) }, rt.clock.now()).catch(() => undefined);
    const released = await releaseTurnLeaseIfIdle(rt.db, conversation.id, token).catch(() => true);
    return { conversation: key, outcome: turnFailure(key, error), ...(released ? {} : { lease: token }) };
  }
}
