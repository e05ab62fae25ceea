// The agent's public face for every surface: take a turn, decide on a card, sweep expired cards.
import { takeNextQueued, markInboxDone, type InboxRow } from "../domain/conversations/inbox-store.ts";
import type { AgentDeps, DecisionOutcome, TurnOutcome } from "./agent-types.ts";
import { decide, sweepExpired, type DecideRequest } from "./decide.ts";
import { createRuntime, type Runtime } from "./runtime.ts";
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
  takeQueued(conversationId: number): Promise<InboxRow | undefined> {
    return takeNextQueued(this.runtime.db, conversationId);
  }

  markQueuedDone(id: number): Promise<void> {
    return markInboxDone(this.runtime.db, id);
  }
}

export type { TurnRequest, DecideRequest };
