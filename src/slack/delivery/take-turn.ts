// One conversational turn in Slack: show progress, run the agent, deliver its outcome; and, whenever an
// outcome hands back the conversation's lease, answer the messages that queued up behind it, in order.
import type { WebClient } from "@slack/web-api";
import type { AgentUser, TurnOutcome } from "../../agent/agent-types.ts";
import type { ConversationKey } from "../../agent/stores/conversation-store.ts";
import type { SlackPerson } from "../../domain/users/staff-directory.ts";
import { findUser, isStaffRoleSet, liveRoles } from "../../domain/users/user-store.ts";
import type { Surface } from "../surface.ts";
import { deliverOutcome, placeOf } from "./deliver-outcome.ts";
import type { Place } from "./place.ts";
import { ReplyWriter } from "./reply-writer.ts";

export interface TurnInput {
  person: SlackPerson;
  slackUserId: string;
  teamId: string;
  text: string;
  conversation: ConversationKey;
  place: Place;
  trigger: "dm" | "mention" | "command" | "console";
  /** The user's message, to hang the progress reaction on. */
  messageTs?: string;
}

/** What a queued message keeps so it can be answered later, by any replica. */
interface QueuedOrigin {
  channel: string;
  threadTs: string | null;
  messageTs: string | null;
  slackUserId: string;
  teamId: string;
  trigger: TurnInput["trigger"];
}

const THINKING = "hourglass_flowing_sand";

const agentUserOf = (person: SlackPerson, slackUserId: string): AgentUser => ({
  id: person.user.id,
  name: person.user.name,
  roles: person.roles,
  slackUserId,
});

async function runOne(surface: Surface, client: WebClient, input: TurnInput, leaseToken?: string): Promise<TurnOutcome> {
  const react = (method: "add" | "remove") =>
    input.messageTs
      ? client.reactions[method]({ channel: input.place.channel, timestamp: input.messageTs, name: THINKING }).catch(() => undefined)
      : Promise.resolve();
  await react("add");
  const writer = new ReplyWriter(client, input.place, { userId: input.slackUserId, teamId: input.teamId }, surface.logger);
  // Stream writes must stay in order even though the model's callbacks are synchronous.
  let streaming = Promise.resolve();
  const origin: QueuedOrigin = {
    channel: input.place.channel,
    threadTs: input.place.threadTs ?? null,
    messageTs: input.messageTs ?? null,
    slackUserId: input.slackUserId,
    teamId: input.teamId,
    trigger: input.trigger,
  };
  const outcome = await surface.agent.runTurn({
    conversation: input.conversation,
    user: agentUserOf(input.person, input.slackUserId),
    text: input.text,
    trigger: input.trigger,
    origin: { ...origin },
    leaseToken,
    observer: {
      onTextDelta: (text) => {
        streaming = streaming.then(() => writer.onDelta(text));
      },
      onStatus: () => {
        streaming = streaming.then(() => writer.onStep());
      },
      onRetry: () => writer.onRetry(),
    },
  });
  await streaming;
  await deliverOutcome(surface, client, outcome, writer, input.place);
  if (outcome.kind !== "queued") await react("remove");
  return outcome;
}

/** Answers queued messages while this caller holds the conversation (`token`), then lets go. */
export async function drainConversation(
  surface: Surface,
  client: WebClient,
  conversation: ConversationKey,
  token: string | undefined,
): Promise<void> {
  while (token) {
    const queued = await surface.agent.takeQueued(conversation);
    if (!queued) {
      if (await surface.agent.releaseLease(conversation, token)) return;
      continue; // something was queued while we checked: answer it too
    }
    try {
      const origin = queued.origin as unknown as QueuedOrigin;
      const user = queued.user_id === null ? undefined : await findUser(surface.db, queued.user_id);
      const roles = user ? await liveRoles(surface.db, user.id) : [];
      if (!user || !isStaffRoleSet(roles)) continue; // lost staff access while waiting: not answered
      const outcome = await runOne(
        surface,
        client,
        {
          person: { user, roles, isStaff: true },
          slackUserId: origin.slackUserId,
          teamId: origin.teamId,
          text: queued.text,
          conversation,
          place: { channel: origin.channel, threadTs: origin.threadTs ?? undefined },
          trigger: origin.trigger,
          messageTs: origin.messageTs ?? undefined,
        },
        token,
      );
      token = outcome.leaseToken;
    } finally {
      await surface.agent.markQueuedDone(queued.id);
    }
  }
}

export async function takeTurn(surface: Surface, client: WebClient, input: TurnInput): Promise<void> {
  const outcome = await runOne(surface, client, input);
  await drainConversation(surface, client, input.conversation, outcome.leaseToken);
}

/** Delivers a run resumed by a click or the expiry sweep, then answers anything queued behind it. */
export async function deliverContinuation(
  surface: Surface,
  client: WebClient,
  outcome: TurnOutcome,
  recipient: { userId: string },
): Promise<void> {
  if (outcome.kind !== "queued") {
    const place = placeOf(outcome.conversation);
    const writer = new ReplyWriter(client, place, { userId: recipient.userId, teamId: outcome.conversation.teamId }, surface.logger, false);
    await deliverOutcome(surface, client, outcome, writer, place);
  }
  await drainConversation(surface, client, outcome.conversation, outcome.leaseToken);
}
