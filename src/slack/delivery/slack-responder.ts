// How the agent's answers reach Slack: a reaction on the message while the model works, the reply streamed or
// posted in its place, a card per held call. The agent decides what to answer and when; this only delivers.
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { ConversationKey } from "../../agent/stores/conversation-store.ts";
import type { Reply, Responder } from "../../agent/responder.ts";
import type { Surface } from "../surface.ts";
import { deliverOutcome, placeOf } from "./deliver-outcome.ts";
import { ReplyWriter } from "./reply-writer.ts";

/** Where a message's answer goes: kept with it by the agent when it waits its turn, so any replica can answer it. */
export const slackOrigin = z.object({
  channel: z.string(),
  threadTs: z.string().nullable(),
  messageTs: z.string().nullable(),
  slackUserId: z.string(),
  teamId: z.string(),
});
export type SlackOrigin = z.infer<typeof slackOrigin>;

const THINKING = "hourglass_flowing_sand";

/** A message's answer: the thinking reaction, the reply streamed as the model writes, then the outcome. */
async function messageReply(surface: Surface, client: WebClient, origin: SlackOrigin): Promise<Reply> {
  const place = { channel: origin.channel, threadTs: origin.threadTs ?? undefined };
  const react = (method: "add" | "remove") =>
    origin.messageTs
      ? client.reactions[method]({ channel: place.channel, timestamp: origin.messageTs, name: THINKING }).catch(() => undefined)
      : Promise.resolve();
  await react("add");
  const writer = new ReplyWriter(client, place, { userId: origin.slackUserId, teamId: origin.teamId }, surface.logger);
  // Stream writes must stay in order even though the model's callbacks are synchronous.
  let streaming = Promise.resolve();
  return {
    observer: {
      onTextDelta: (text) => {
        streaming = streaming.then(() => writer.onDelta(text));
      },
      onStatus: () => {
        streaming = streaming.then(() => writer.onStep());
      },
      onRetry: () => writer.onRetry(),
    },
    async deliver(outcome) {
      await streaming;
      await deliverOutcome(surface, client, outcome, writer, place);
      if (outcome.kind !== "queued") await react("remove"); // a queued message keeps it until its turn comes
    },
  };
}

/** A resumed run's answer: posted (not streamed) in its conversation's place. */
function resumedReply(surface: Surface, client: WebClient, conversation: ConversationKey, userId: string): Reply {
  const place = placeOf(conversation);
  const writer = new ReplyWriter(client, place, { userId, teamId: conversation.teamId }, surface.logger, false);
  return { deliver: (outcome) => deliverOutcome(surface, client, outcome, writer, place) };
}

/** `resumedFor`: the Slack user a resumed run's reply is addressed to (the one who clicked; none for the sweep). */
export function slackResponder(surface: Surface, client: WebClient, resumedFor = ""): Responder {
  return {
    open: async (target) =>
      target.kind === "message"
        ? messageReply(surface, client, slackOrigin.parse(target.message.origin))
        : resumedReply(surface, client, target.conversation, resumedFor),
  };
}
