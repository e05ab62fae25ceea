// Starting a turn: the user's message joins its conversation, a run starts, and the steps run —
// unless the budget is spent, no model is configured, or another turn holds the conversation.
import { randomUUID } from "node:crypto";
import { endInterruptedTurns } from "./interrupted.ts";
import { LeaseLostError, withLease } from "./lease-keeper.ts";
import { createRun, finishRun, supersedePausedRuns, type RunRow } from "./stores/run-store.ts";
import {
  acquireTurnLease,
  appendMessage,
  releaseTurnLeaseIfIdle,
  findOrCreateConversation,
  lastMessage,
  type ConversationRow,
  type TranscriptBlock,
} from "./stores/conversation-store.ts";
import { enqueueMessage } from "./stores/inbox-store.ts";
import { waitingStepResults } from "./approvals/paused-step.ts";
import type { TurnObserver, TurnOutcome } from "./agent-types.ts";
import type { IncomingMessage } from "./responder.ts";
import { checkBudget } from "./budget.ts";
import { estimateTokens } from "./history.ts";
import { contextBlock } from "./prompt.ts";
import type { Runtime } from "./runtime.ts";
import { runSteps } from "./steps.ts";
import { isDatabaseUnavailable } from "./turn-failure.ts";

/**
 * What a turn (or a resumed run) leaves its caller: the outcome to deliver — none when the message went to the
 * queue and this same caller answers it from there — and the conversation's lease while messages wait behind it.
 */
export interface TurnHandover {
  outcome?: TurnOutcome;
  lease?: string;
}

/**
 * A new message arrived while an earlier run still waits on cards: close that step (the cards stay
 * valid and will report here when decided) so the transcript stays a valid alternation.
 */
async function supersedeWaitingRuns(rt: Runtime, conversation: ConversationRow): Promise<void> {
  const superseded = await supersedePausedRuns(rt.db, conversation.id, rt.clock.now());
  for (const run of superseded) {
    const last = await lastMessage(rt.db, conversation.id);
    if (!last || last.role !== "assistant" || last.seq !== run.awaiting_seq) continue;
    const results = await waitingStepResults(rt, run, last);
    await appendMessage(
      rt.db,
      { conversationId: conversation.id, role: "user", content: results, runId: run.id, tokenEstimate: estimateTokens(results) },
      rt.clock.now(),
    );
  }
}

/** Runs a turn for `request`, or queues it behind the turn holding its conversation. `held`: the caller's lease. */
export async function startTurn(rt: Runtime, request: IncomingMessage, observer?: TurnObserver, held?: string): Promise<TurnHandover> {
  // How each turn ended, logged once here (the metrics count turns by it); a queued message ends again when answered.
  const ended = (outcome: string) => rt.logger.info({ trigger: request.trigger, outcome }, "agent.turn.end");
  try {
    const handover = await takeTurn(rt, request, observer, held);
    if (handover.outcome) ended(handover.outcome.kind);
    return handover;
  } catch (error) {
    ended("error");
    throw error;
  }
}

async function takeTurn(
  rt: Runtime,
  request: IncomingMessage,
  observer: TurnObserver | undefined,
  held: string | undefined,
): Promise<TurnHandover> {
  const key = request.conversation;
  if (!rt.model) {
    return {
      outcome: {
        kind: "unavailable",
        conversation: key,
        reason: "no_model",
        text: "I can't answer free-text questions here because no ANTHROPIC_API_KEY is configured. Slash commands work: try `/maestro help`.",
      },
    };
  }
  const budget = await checkBudget(rt);
  if (budget.state === "exhausted") return { outcome: { kind: "unavailable", conversation: key, reason: "budget", text: budget.message } };

  const now = rt.clock.now();
  const conversation = await findOrCreateConversation(rt.db, key, now);
  const token = held ?? randomUUID();
  const until = () => new Date(rt.clock.now().getTime() + rt.limits.turnLeaseMs);
  if (!(await acquireTurnLease(rt.db, conversation.id, token, until(), now))) {
    // Another turn is running here: the message waits its turn instead of running in parallel.
    // The trigger rides in the origin (the inbox has no column for it) and comes back out when it is answered.
    const origin = { ...request.origin, trigger: request.trigger };
    const position = await enqueueMessage(
      rt.db,
      { conversationId: conversation.id, userId: request.user.id, text: request.text, origin },
      now,
    );
    // Check again after enqueueing: the holder may have let go in between, and then nobody would answer it.
    if (await acquireTurnLease(rt.db, conversation.id, token, until(), rt.clock.now())) return { lease: token };
    return { outcome: { kind: "queued", conversation: key, position } };
  }
  let run: RunRow | undefined;
  try {
    // A turn that died here before (its lease expired) is ended and its person told first, in this reply.
    const interrupted = await endInterruptedTurns(rt, conversation.id);
    run = await createRun(
      rt.db,
      {
        conversationId: conversation.id,
        requestedBy: request.user.id,
        trigger: request.trigger,
        model: rt.config.anthropic.model,
        origin: request.origin,
      },
      now,
    );
    await supersedeWaitingRuns(rt, conversation);
    const content: TranscriptBlock[] = [
      {
        type: "text",
        text: contextBlock({
          userName: request.user.name,
          roles: request.user.roles,
          now,
          timeZone: rt.config.timeZone,
          surface: request.trigger,
        }),
      },
      { type: "text", text: request.text },
    ];
    await appendMessage(
      rt.db,
      { conversationId: conversation.id, role: "user", content, runId: run.id, tokenEstimate: estimateTokens(content) },
      now,
    );
    const notices = [...interrupted.map((i) => i.text), ...(budget.state === "warning" ? [budget.notice] : [])];
    const started = run;
    const outcome = await withLease(rt, conversation.id, token, (lease) =>
      runSteps(rt, started, conversation, request.user, observer, notices, lease),
    );
    return await handBack(rt, conversation.id, token, outcome);
  } catch (error) {
    if (error instanceof LeaseLostError) return {}; // taken over: the new holder ended the run and tells the person
    await abandonTurn(rt, conversation.id, token, run, error);
    throw error;
  }
}

/**
 * After a turn failed outside the model loop: best effort, the run ends and the conversation is free. With the
 * database gone each write would wait out the pool's timeout before the person hears anything, so none is tried:
 * the recovery sweep does both once it is back.
 */
async function abandonTurn(rt: Runtime, conversationId: number, token: string, run: RunRow | undefined, error: unknown) {
  if (isDatabaseUnavailable(error)) return;
  if (run) await finishRun(rt.db, run.id, { status: "failed", error: errorText(error) }, rt.clock.now()).catch(() => undefined);
  await releaseTurnLeaseIfIdle(rt.db, conversationId, token).catch(() => undefined);
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Lets go of the conversation unless messages queued up meanwhile; then the caller keeps the lease to answer them. */
export async function handBack(rt: Runtime, conversationId: number, token: string, outcome: TurnOutcome): Promise<TurnHandover> {
  const released = await releaseTurnLeaseIfIdle(rt.db, conversationId, token);
  return released ? { outcome } : { outcome, lease: token };
}
