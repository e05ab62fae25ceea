// One conversational turn from Slack (a DM, a mention, a free-text command): the agent answers it, and the
// messages queued behind it, through the Slack responder.
import type { WebClient } from "@slack/web-api";
import type { ConversationKey } from "../../agent/stores/conversation-store.ts";
import type { SlackPerson } from "../../domain/users/staff-directory.ts";
import type { Surface } from "../surface.ts";
import type { EarlyStatus } from "./early-status.ts";
import type { Place } from "./place.ts";
import { slackResponder, type SlackOrigin } from "./slack-responder.ts";

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
  /** The status the gatekeeper already set for this message: the turn carries it on. */
  early?: EarlyStatus;
}

export async function takeTurn(surface: Surface, client: WebClient, input: TurnInput): Promise<void> {
  const origin: SlackOrigin = {
    channel: input.place.channel,
    threadTs: input.place.threadTs ?? null,
    messageTs: input.messageTs ?? null,
    slackUserId: input.slackUserId,
    teamId: input.teamId,
  };
  await surface.agent.answer(
    {
      conversation: input.conversation,
      user: { id: input.person.user.id, name: input.person.user.name, roles: input.person.roles, slackUserId: input.slackUserId },
      text: input.text,
      trigger: input.trigger,
      origin: { ...origin },
    },
    slackResponder(surface, client, "", input.early),
  );
}
