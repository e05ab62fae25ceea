// The surface's side of an answer. The agent drives the conversation (its queue, its lease, resumed runs) and
// hands every outcome to a responder the surface gives it; the surface only shows progress and delivers.
import type { AgentUser, DecisionOutcome, ExpiredCard, RecoveredCard, TurnObserver, TurnOutcome } from "./agent-types.ts";
import type { ConversationKey } from "./stores/conversation-store.ts";

/** A message for the agent to answer, as the surface received it. */
export interface IncomingMessage {
  conversation: ConversationKey;
  user: AgentUser;
  text: string;
  /** dm · mention · command · console · cli — recorded on the run. */
  trigger: string;
  /**
   * Where the answer goes, in the surface's own terms. Kept with the message when it has to wait its turn, and
   * handed back to the responder with it, so any replica can answer it later.
   */
  origin?: Record<string, unknown>;
}

/** What the agent is about to answer: a message (just arrived or queued earlier), or a run a decision resumed. */
export type ReplyTarget = { kind: "message"; message: IncomingMessage } | { kind: "resumed"; conversation: ConversationKey };

/** One answer in the making: progress while the model works, then its outcome. */
export interface Reply {
  observer?: TurnObserver;
  deliver(outcome: TurnOutcome): Promise<void>;
}

export interface Responder {
  /**
   * The agent starts on `target` (the surface shows it is thinking). A message taken over by this same call
   * from the queue may be opened twice: first as it arrived, without an outcome, then when its turn comes.
   */
  open(target: ReplyTarget): Promise<Reply>;
}

/** A responder for a click on a card: it shows the decision before the resumed run's answer. */
export interface DecisionResponder extends Responder {
  decided(outcome: DecisionOutcome): Promise<void>;
}

/** A responder for the expiry sweep: it shows the expired cards before the answers of the runs they free. */
export interface ExpiryResponder extends Responder {
  expired(cards: readonly ExpiredCard[]): Promise<void>;
}

/** A responder for the pending-action recovery sweep: it brings cards up to date before the answers of the runs it resumed. */
export interface RecoveryResponder extends Responder {
  recovered(cards: readonly RecoveredCard[]): Promise<void>;
}
