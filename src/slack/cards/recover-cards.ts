// The pending-action recovery sweep on Slack: a confirmed action whose executor died is run once, and its card (or one
// a crash left saying "working on it…") shows the real outcome; the run it resumes answers in its thread.
import type { WebClient } from "@slack/web-api";
import type { Sweep } from "../../recovery/sweep.ts";
import { SlackDelivery } from "../delivery/delivery.ts";
import { slackResponder } from "../delivery/slack-responder.ts";
import type { Surface } from "../surface.ts";
import { refreshCard } from "./card-updates.ts";

export async function recoverPendingActions(surface: Surface, client: WebClient): Promise<number> {
  return surface.agent.recoverActions({
    ...slackResponder(surface, client),
    async recovered(cards) {
      const delivery = new SlackDelivery(client, surface.logger);
      for (const { action, card, stale } of cards) {
        if (!card) continue;
        // A failed update leaves the card behind (card_status): the next sweep tries again.
        const shown = await refreshCard(surface, delivery, { channel: card.channelId, ts: card.messageTs }, action, stale);
        if (!shown) surface.logger.warn({ pendingActionId: action.id }, "slack.card.recover_update_failed");
      }
    },
  });
}

/** Registered in src/recovery/durable-states.ts for pending_actions "confirmed". */
export const confirmedActionsSweep: Sweep = {
  name: "pending_actions.confirmed",
  run: ({ surface, client }) => recoverPendingActions(surface, client),
};
