// The agent's conversation queue: one call answers a message (or delivers a resumed run) and then, while it holds
// the conversation's lease, every message that queued up behind it, in order; each outcome goes to the responder.
// Nothing here fails silently: a turn that throws is answered with a failure where it was asked.
import { findUser, isStaffRoleSet, liveRoles } from "../domain/users/user-store.ts";
import type { TurnOutcome } from "./agent-types.ts";
import type { IncomingMessage, Reply, Responder } from "./responder.ts";
import type { Runtime } from "./runtime.ts";
import { turnFailure } from "./turn-failure.ts";
import { findConversationByKey, releaseTurnLeaseIfIdle, type ConversationKey } from "./stores/conversation-store.ts";
import { markInboxDone, takeNextQueued, type InboxRow } from "./stores/inbox-store.ts";
import { startTurn, type TurnHandover } from "./turn.ts";

/** Answers `message`, then whatever queued behind it while this call held the conversation. */
export async function answerMessage(rt: Runtime, message: IncomingMessage, responder: Responder): Promise<void> {
  const reply = await responder.open({ kind: "message", message });
  const handover = await answerOne(rt, message, reply);
  await answerQueued(rt, message.conversation, handover.lease, responder);
}

/** Delivers a run that a decision (or the sweep) resumed, then answers whatever queued behind it. */
export async function answerResumed(
  rt: Runtime,
  conversation: ConversationKey,
  handover: TurnHandover,
  responder: Responder,
): Promise<void> {
  if (handover.outcome) await deliver(rt, await responder.open({ kind: "resumed", conversation }), handover.outcome);
  await answerQueued(rt, conversation, handover.lease, responder);
}

/** One turn, delivered: whatever fails in it, the person gets an answer — the run's, or a clear failure. */
async function answerOne(rt: Runtime, message: IncomingMessage, reply: Reply, held?: string): Promise<TurnHandover> {
  let handover: TurnHandover;
  try {
    handover = await startTurn(rt, message, reply.observer, held);
  } catch (error) {
    rt.logger.error({ err: error, trigger: message.trigger }, "agent.turn.crashed");
    // startTurn let go of the lease if it could; a caller answering the queue keeps its own for the next message.
    handover = { outcome: turnFailure(message.conversation, error), lease: held };
  }
  if (handover.outcome) await deliver(rt, reply, handover.outcome);
  return handover;
}

/** A delivery that fails is logged, not thrown: the turn is over either way, and the queue behind it must go on. */
async function deliver(rt: Runtime, reply: Reply, outcome: TurnOutcome): Promise<void> {
  try {
    await reply.deliver(outcome);
  } catch (error) {
    rt.logger.error({ err: error, outcome: outcome.kind }, "agent.reply.undelivered");
  }
}

/**
 * Answers queued messages while this caller holds the conversation (`lease`), then lets go. The lease is only
 * released when the inbox is empty (one conditional update), so no queued message is ever left without a holder.
 * When the database itself fails, it stops: the lease expires and the recovery sweep answers what is left.
 */
export async function answerQueued(
  rt: Runtime,
  conversation: ConversationKey,
  lease: string | undefined,
  responder: Responder,
): Promise<void> {
  try {
    await answerEach(rt, conversation, lease, responder);
  } catch (error) {
    rt.logger.error({ err: error }, "agent.queue.stopped");
  }
}

async function answerEach(rt: Runtime, conversation: ConversationKey, lease: string | undefined, responder: Responder): Promise<void> {
  while (lease) {
    const row = await findConversationByKey(rt.db, conversation);
    const queued = row ? await takeNextQueued(rt.db, row.id, rt.clock.now()) : undefined;
    if (!queued) {
      if (!row || (await releaseTurnLeaseIfIdle(rt.db, row.id, lease))) return;
      continue; // something was queued while we checked: answer it too
    }
    try {
      const message = await queuedMessage(rt, conversation, queued);
      if (!message) continue; // lost staff access while waiting: not answered
      const reply = await responder.open({ kind: "message", message });
      lease = (await answerOne(rt, message, reply, lease)).lease;
    } finally {
      await markInboxDone(rt.db, queued.id);
    }
  }
}

/** A queued message as it is answered now: its sender read again (a revoked role is not answered), its origin back. */
async function queuedMessage(rt: Runtime, conversation: ConversationKey, queued: InboxRow): Promise<IncomingMessage | undefined> {
  const user = queued.user_id === null ? undefined : await findUser(rt.db, queued.user_id);
  const roles = user ? await liveRoles(rt.db, user.id) : [];
  if (!user || !isStaffRoleSet(roles)) return undefined;
  const { trigger, ...origin } = queued.origin;
  return {
    conversation,
    user: { id: user.id, name: user.name, roles, slackUserId: user.slack_user_id },
    text: queued.text,
    trigger: typeof trigger === "string" ? trigger : "dm",
    origin,
  };
}
