// Puts an agent outcome into Slack: the reply, a confirmation card per held action, or a short notice.
import type { WebClient } from "@slack/web-api";
import type { TurnOutcome } from "../../agent/agent-types.ts";
import { feedbackBlock } from "../blocks/feedback.ts";
import { contextNote } from "../blocks/notice.ts";
import { replyMessages } from "../blocks/reply.ts";
import { postCard } from "../cards/post-card.ts";
import type { Surface } from "../surface.ts";
import type { Place } from "./place.ts";
import { ReplyWriter } from "./reply-writer.ts";

export const QUEUED_NOTE = "I'm still answering your previous message here; I'll take this one right after.";

/** The place a conversation's replies go: its thread, or the top level of a DM. */
export const placeOf = (conversation: { channelId: string; threadTs: string }): Place => ({
  channel: conversation.channelId,
  threadTs: conversation.threadTs || undefined,
});

export async function deliverOutcome(
  surface: Surface,
  client: WebClient,
  outcome: TurnOutcome,
  writer: ReplyWriter,
  place: Place,
): Promise<void> {
  switch (outcome.kind) {
    case "reply":
      await writer.finish(outcome.text, outcome.notices, [feedbackBlock(outcome.runId)]);
      return;
    case "awaiting_confirmation":
      await writer.finish(outcome.text || "This needs a human's confirmation before I go ahead:", outcome.notices);
      for (const action of outcome.actions) await postCard(surface, client, writer.delivery, action, place);
      return;
    case "stopped":
      // What was streamed before the Stop stays as it was; "Stopped." and what was done follow it.
      await writer.endStream();
      await writer.post(replyMessages(outcome.text, outcome.notices));
      return;
    case "queued":
      await writer.post([contextNote(QUEUED_NOTE)]);
      return;
    case "unavailable":
    case "failed":
      await writer.finish(outcome.text);
      return;
  }
}
