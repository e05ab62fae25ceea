// The agent's public face for every surface: take a turn, decide on a card, sweep expired cards.
import { findConversationByKey, releaseTurnLeaseIfIdle, type ConversationKey } from "./stores/conversation-store.ts";
import { takeNextQueued, markInboxDone, type InboxRow } from "./stores/inbox-store.ts";
import { findPendingAction } from "../domain/pending-actions/pending-action-store.ts";
import type { AgentDeps, DecisionOutcome, PendingActionView, TurnOutcome } from "./agent-types.ts";
import { decide, sweepExpired, type DecideRequest } from "./decide.ts";
import { createRuntime, viewsOf, type Runtime } from "./runtime.ts";
import { startTurn, type TurnRequest } from "./turn.ts";

export class Agent {
  readonly runtime: Runtime;

  constructor(deps: AgentDeps) {
    this.runtime = createRuntime(deps);
  }

  get hasModel(): boolean {
    return this.runtime.model !== null;
  }

  /** Answers one message in its conversation (or queues it behind a running turn). */
  runTurn(request: TurnRequest): Promise<TurnOutcome> {
    return startTurn(this.runtime, request);
  }

  /** A human's Confirm or Cancel on a pending action; resumes the waiting run when its step is complete. */
  decide(request: DecideRequest): Promise<DecisionOutcome> {
    return decide(this.runtime, request);
  }

  /** Expires overdue cards and resumes runs that were waiting only on them. */
  sweepExpired() {
    return sweepExpired(this.runtime);
  }

  /** The next message queued in a conversation while a turn ran there, taken once. */
  async takeQueued(conversation: ConversationKey): Promise<InboxRow | undefined> {
    const row = await findConversationByKey(this.runtime.db, conversation);
    return row ? takeNextQueued(this.runtime.db, row.id) : undefined;
  }

  /** A pending action as its card shows it (status, who asked and decided, the result). */
  async viewPendingAction(id: string): Promise<PendingActionView | undefined> {
    const row = await findPendingAction(this.runtime.db, id);
    return row ? (await viewsOf(this.runtime, [row]))[0] : undefined;
  }

  /** Lets go of a conversation held by `token` unless more messages are queued (then false: keep answering). */
  async releaseLease(conversation: ConversationKey, token: string): Promise<boolean> {
    const row = await findConversationByKey(this.runtime.db, conversation);
    return row ? releaseTurnLeaseIfIdle(this.runtime.db, row.id, token) : true;
  }

  markQueuedDone(id: number): Promise<void> {
    return markInboxDone(this.runtime.db, id);
  }
}

export type { TurnRequest, DecideRequest };
