// Taking over conversations whose holder died (invariant 9): the recovery sweep takes each one's expired lease, ends
// the runs left running and tells their people where they asked, then answers the messages queued behind them.
import { randomUUID } from "node:crypto";
import { findUser, liveRoles } from "../domain/users/user-store.ts";
import type { TurnOutcome } from "./agent-types.ts";
import { answerQueued } from "./conversation-queue.ts";
import { endInterruptedTurns, type InterruptedRun } from "./interrupted.ts";
import type { ReplyTarget, Responder } from "./responder.ts";
import { conversationKeyOf } from "./run-loop.ts";
import type { Runtime } from "./runtime.ts";
import {
  abandonedConversations,
  acquireTurnLease,
  releaseTurnLeaseIfIdle,
  type ConversationKey,
  type ConversationRow,
} from "./stores/conversation-store.ts";
import { settleTakenMessages } from "./stores/inbox-store.ts";

/** Takes over every abandoned conversation once (across replicas: the lease decides); returns how many it took. */
export async function recoverConversations(rt: Runtime, responder: Responder): Promise<number> {
  let taken = 0;
  for (const conversation of await abandonedConversations(rt.db, rt.clock.now())) {
    const token = randomUUID();
    const now = rt.clock.now();
    // Only a free or expired lease is taken: a holder that renewed meanwhile is alive and keeps its conversation.
    if (!(await acquireTurnLease(rt.db, conversation.id, token, new Date(now.getTime() + rt.limits.turnLeaseMs), now))) continue;
    taken += 1;
    await takeOver(rt, conversation, token, responder);
  }
  return taken;
}

async function takeOver(rt: Runtime, conversation: ConversationRow, token: string, responder: Responder): Promise<void> {
  const key = conversationKeyOf(conversation);
  try {
    const interrupted = await endInterruptedTurns(rt, conversation.id);
    const requeued = await settleTakenMessages(rt.db, conversation.id);
    rt.logger.info({ conversationId: conversation.id, interrupted: interrupted.length, requeued }, "agent.recover.conversation");
    for (const run of interrupted) await tell(rt, key, run, responder);
  } catch (error) {
    rt.logger.error({ err: error, conversationId: conversation.id }, "agent.recover.failed");
    await releaseTurnLeaseIfIdle(rt.db, conversation.id, token).catch(() => undefined);
    return;
  }
  await answerQueued(rt, key, token, responder);
}

/** The notice goes where the question was asked (its origin: the ⏳ comes off), else to the conversation's place. */
async function tell(rt: Runtime, conversation: ConversationKey, interrupted: InterruptedRun, responder: Responder): Promise<void> {
  const { run, question, text } = interrupted;
  const outcome: TurnOutcome = { kind: "failed", runId: run.id, conversation, text, error: run.error ?? "interrupted" };
  const asker = run.requested_by === null ? undefined : await findUser(rt.db, run.requested_by);
  const asked: ReplyTarget | undefined =
    run.origin && asker
      ? {
          kind: "message",
          message: {
            conversation,
            user: { id: asker.id, name: asker.name, roles: await liveRoles(rt.db, asker.id), slackUserId: asker.slack_user_id },
            text: question,
            trigger: run.trigger,
            origin: run.origin,
          },
        }
      : undefined;
  for (const target of asked ? [asked, { kind: "resumed" as const, conversation }] : [{ kind: "resumed" as const, conversation }]) {
    try {
      await (await responder.open(target)).deliver(outcome);
      return;
    } catch (error) {
      rt.logger.warn({ err: error, runId: run.id, target: target.kind }, "agent.recover.notice_failed");
    }
  }
}
