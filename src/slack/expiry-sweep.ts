// Expires cards nobody decided within 24 h: the card says so, and a run waiting only on them resumes.
import type { WebClient } from "@slack/web-api";
import { refreshCard } from "./delivery/card-updates.ts";
import { deliverContinuation } from "./delivery/take-turn.ts";
import type { Surface } from "./surface.ts";

export async function sweepExpiredCards(surface: Surface, client: WebClient): Promise<number> {
  const { expired, continuations } = await surface.agent.sweepExpired();
  for (const row of expired) {
    if (!row.slack_channel_id || !row.slack_message_ts) continue;
    const view = await surface.agent.viewPendingAction(row.id);
    if (view) {
      await refreshCard(surface, client, { channel: row.slack_channel_id, ts: row.slack_message_ts }, view).catch((error: unknown) =>
        surface.logger.warn({ err: error, pendingActionId: row.id }, "slack.card.expire_update_failed"),
      );
    }
  }
  for (const outcome of continuations) await deliverContinuation(surface, client, outcome, { userId: "" });
  return expired.length;
}
