// The agent's public face for every surface: answer a message, decide on a card, sweep expired cards, recover
// conversations whose holder died. Each call
// drives the conversation itself (its lease, its queue, the run a decision resumes) and hands every outcome to the
// surface's responder.
import type { AgentDeps, DecisionOutcome, ExpiredCard, PendingActionView } from "./agent-types.ts";
import { decide, type DecideRequest } from "./approvals/decide.ts";
import { expireOverdueCards } from "./approvals/expiry.ts";
import { recoverActions } from "./approvals/recover.ts";
import { findPendingActionView } from "./approvals/views.ts";
import { answerMessage, answerResumed } from "./conversation-queue.ts";
import type { DecisionResponder, ExpiryResponder, IncomingMessage, RecoveryResponder, Responder } from "./responder.ts";
import { recoverConversations } from "./recover.ts";
import { createRuntime, type Runtime } from "./runtime.ts";
import { requestStop, type StopResult } from "./stop.ts";
import type { AgentUser } from "./agent-types.ts";
import type { StopScope } from "./stores/stop-store.ts";

export class Agent {
  readonly runtime: Runtime;

  constructor(deps: AgentDeps) {
    this.runtime = createRuntime(deps);
  }

  get hasModel(): boolean {
    return this.runtime.model !== null;
  }

  /** Answers one message in its conversation (or queues it behind a running turn), then the messages queued behind it. */
  answer(message: IncomingMessage, responder: Responder): Promise<void> {
    return answerMessage(this.runtime, message, responder);
  }

  /**
   * A human's Confirm or Cancel on a pending action. The responder sees the decision first, then the answer of the
   * run it resumed (when its step is complete) and of the messages queued behind that run.
   */
  async decide(request: DecideRequest, responder: DecisionResponder): Promise<DecisionOutcome> {
    const { outcome, resumed } = await decide(this.runtime, request);
    await responder.decided(outcome);
    if (resumed) await answerResumed(this.runtime, resumed.conversation, resumed, responder);
    return outcome;
  }

  /** Expires overdue cards (the responder shows them) and answers the runs that were waiting only on them. */
  async sweepExpired(responder: ExpiryResponder): Promise<ExpiredCard[]> {
    const { cards, resumed } = await expireOverdueCards(this.runtime);
    await responder.expired(cards);
    for (const run of resumed) await answerResumed(this.runtime, run.conversation, run, responder);
    return cards;
  }

  /**
   * Takes over conversations whose holder died (the lease expired): their runs end and their people are told where
   * they asked, then the messages queued behind them are answered. Returns how many conversations it took over.
   */
  recover(responder: Responder): Promise<number> {
    return recoverConversations(this.runtime, responder);
  }

  /**
   * Runs once each confirmed action whose executor died, resumes the runs waiting on them (or on actions settled just
   * before a crash), and hands the cards that fell behind to the responder; returns how many actions it ran.
   */
  async recoverActions(responder: RecoveryResponder): Promise<number> {
    const { recovered, cards, resumed } = await recoverActions(this.runtime);
    await responder.recovered(cards);
    for (const run of resumed) await answerResumed(this.runtime, run.conversation, run, responder);
    return recovered + cards.length;
  }

  /**
   * Asks the running turn of a conversation to stop (the asker or an admin). Whichever replica runs it ends it at its
   * next step boundary, aborting a model call at once, and answers "Stopped." where it was asked.
   */
  stop(scope: StopScope, user: AgentUser): Promise<StopResult> {
    return requestStop(this.runtime, scope, user);
  }

  /** A pending action as its card shows it (status, who asked and decided, the result). */
  viewPendingAction(id: string): Promise<PendingActionView | undefined> {
    return findPendingActionView(this.runtime, id);
  }
}

export type { DecideRequest, IncomingMessage };
