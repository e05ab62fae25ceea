// Expires cards nobody decided within 24 h: the card says so, and a run waiting only on them resumes.
import type { WebClient } from "@slack/web-api";
import { SlackDelivery } from "../delivery/delivery.ts";
import { refreshCard } from "./card-updates.ts";
import { slackResponder } from "../delivery/slack-responder.ts";
import type { Surface } from "../surface.ts";

export async function sweepExpiredCards(surface: Surface, client: WebClient): Promise<number> {
  const expired = await surface.agent.sweepExpired({
    ...slackResponder(surface, client),
    async expired(cards) {
      const delivery = new SlackDelivery(client, surface.logger);
      for (const { action, card } of cards) {
        if (!card) continue;
        const shown = await refreshCard(surface, delivery, { channel: card.channelId, ts: card.messageTs }, action);
        if (!shown) surface.logger.warn({ pendingActionId: action.id }, "slack.card.expire_update_failed");
      }
    },
  });
  return expired.length;
}
