// One conversational turn in Slack: show progress, run the agent, deliver its outcome, then answer any
// messages that queued up behind it in the same conversation, in order.
import type { WebClient } from "@slack/web-api";
import type { AgentUser } from "../../agent/agent-types.ts";
import type { ConversationKey } from "../../domain/conversations/conversation-store.ts";
import { findUser, liveRoles } from "../../domain/users/user-store.ts";
import type { SlackPerson } from "../../domain/users/staff-directory.ts";
import type { Surface } from "../surface.ts";
import { deliverOutcome } from "./deliver-outcome.ts";
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

const THINKING = "hourglass_flowing_sand";

const agentUserOf = (person: SlackPerson, slackUserId: string): AgentUser => ({
  id: person.user.id,
  name: person.user.name,
  roles: person.roles,
  slackUserId,
});

async function runOne(surface: Surface, client: WebClient, input: TurnInput): Promise<void> {
  const react = (method: "add" | "remove") =>
    input.messageTs
      ? client.reactions[method]({ channel: input.place.channel, timestamp: input.messageTs, name: THINKING }).catch(() => undefined)
      : Promise.resolve();
  await react("add");
  const writer = new ReplyWriter(client, input.place, { userId: input.slackUserId, teamId: input.teamId }, surface.logger);
  // Stream writes must stay in order even though the model's callbacks are synchronous.
  let streaming = Promise.resolve();
  const outcome = await surface.agent.runTurn({
    conversation: input.conversation,
    user: agentUserOf(input.person, input.slackUserId),
    text: input.text,
    trigger: input.trigger,
    origin: { channel: input.place.channel, threadTs: input.place.threadTs ?? null, messageTs: input.messageTs ?? null, slackUserId: input.slackUserId, teamId: input.teamId, trigger: input.trigger },
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
  await react("remove");
}

export async function takeTurn(surface: Surface, client: WebClient, input: TurnInput): Promise<void> {
  await runOne(surface, client, input);
  // Messages that arrived while this turn ran wait in PostgreSQL; the turn that finishes answers them.
  for (;;) {
    const queued = await surface.agent.takeQueued(input.conversation);
    if (!queued) return;
    try {
      const origin = queued.origin as { channel: string; threadTs: string | null; messageTs: string | null; slackUserId: string; teamId: string; trigger: TurnInput["trigger"] };
      const user = queued.user_id === null ? undefined : await findUser(surface.db, queued.user_id);
      if (!user) continue;
      const roles = await liveRoles(surface.db, user.id);
      await runOne(surface, client, {
        person: { user, roles, isStaff: true },
        slackUserId: origin.slackUserId,
        teamId: origin.teamId,
        text: queued.text,
        conversation: input.conversation,
        place: { channel: origin.channel, threadTs: origin.threadTs ?? undefined },
        trigger: origin.trigger,
        messageTs: origin.messageTs ?? undefined,
      });
    } finally {
      await surface.agent.markQueuedDone(queued.id);
    }
  }
}
