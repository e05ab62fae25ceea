// Expires cards nobody decided within 24 h: the card says so, and a run waiting only on them resumes.
import type { WebClient } from "@slack/web-api";
import { refreshCard } from "./card-updates.ts";
import { slackResponder } from "../delivery/slack-responder.ts";
import type { Surface } from "../surface.ts";

export async function sweepExpiredCards(surface: Surface, client: WebClient): Promise<number> {
  const expired = await surface.agent.sweepExpired({
    ...slackResponder(surface, client),
    async expired(cards) {
      for (const { action, card } of cards) {
        if (!card) continue;
        await refreshCard(surface, client, { channel: card.channelId, ts: card.messageTs }, action).catch((error: unknown) =>
          surface.logger.warn({ err: error, pendingActionId: action.id }, "slack.card.expire_update_failed"),
        );
      }
    },
  });
  return expired.length;
}
