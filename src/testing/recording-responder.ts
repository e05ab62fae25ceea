// A responder that records what the agent hands it (replies opened, outcomes, decisions, expired cards), and
// helpers that drive one answer, decision or sweep and return what was delivered.
import type { Agent, DecideRequest, IncomingMessage } from "../agent/agent.ts";
import type { DecisionOutcome, ExpiredCard, TurnObserver, TurnOutcome } from "../agent/agent-types.ts";
import type { DecisionResponder, ExpiryResponder, Reply, ReplyTarget } from "../agent/responder.ts";

export class RecordingResponder implements DecisionResponder, ExpiryResponder {
  readonly opened: ReplyTarget[] = [];
  readonly outcomes: TurnOutcome[] = [];
  readonly decisions: DecisionOutcome[] = [];
  readonly expiredCards: ExpiredCard[] = [];

  constructor(private readonly observer?: TurnObserver) {}

  async open(target: ReplyTarget): Promise<Reply> {
    this.opened.push(target);
    return { observer: this.observer, deliver: async (outcome) => void this.outcomes.push(outcome) };
  }

  async decided(outcome: DecisionOutcome): Promise<void> {
    this.decisions.push(outcome);
  }

  async expired(cards: readonly ExpiredCard[]): Promise<void> {
    this.expiredCards.push(...cards);
  }
}

/** Answers one message and returns the first outcome delivered for it. */
export async function answerOne(agent: Agent, message: IncomingMessage, observer?: TurnObserver): Promise<TurnOutcome> {
  const responder = new RecordingResponder(observer);
  await agent.answer(message, responder);
  const [outcome] = responder.outcomes;
  if (!outcome) throw new Error("the agent delivered no outcome");
  return outcome;
}

/** Decides once; `continuation` is the answer of the run the decision resumed, when it resumed one. */
export async function decideOne(agent: Agent, request: DecideRequest): Promise<DecisionOutcome & { continuation?: TurnOutcome }> {
  const responder = new RecordingResponder();
  const outcome = await agent.decide(request, responder);
  if (responder.decisions.length !== 1 || responder.decisions[0] !== outcome) throw new Error("the decision was not shown exactly once");
  return { ...outcome, continuation: responder.outcomes[0] };
}

/** Sweeps once: the cards that expired and the answers of the runs they freed. */
export async function sweepOnce(agent: Agent): Promise<{ expired: ExpiredCard[]; continuations: TurnOutcome[] }> {
  const responder = new RecordingResponder();
  const expired = await agent.sweepExpired(responder);
  return { expired, continuations: responder.outcomes };
}
