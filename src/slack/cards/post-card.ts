// Posts the confirmation card of a held call where the run answers (a simpler card, or the asker's DM, when Slack refuses
// it there), and records where it landed: only a click on that message decides the action, and the expiry sweep
// updates it. A card that reached nobody leaves the action to expire unseen: logged, nothing runs without a click.
import type { PendingActionView } from "../../agent/agent-types.ts";
import { attachCard } from "../../domain/pending-actions/pending-action-store.ts";
import { confirmationCard } from "../blocks/confirmation.ts";
import { minimalConfirmationCard } from "../blocks/minimal-card.ts";
import type { SlackDelivery } from "../delivery/delivery.ts";
import type { Place } from "../delivery/place.ts";
import type { Surface } from "../surface.ts";

export async function postCard(surface: Surface, delivery: SlackDelivery, view: PendingActionView, place: Place): Promise<void> {
  const card = confirmationCard(view, { timeZone: surface.config.timeZone, now: surface.clock.now() });
  const posted = await delivery.post(place, [card], { what: "card", simpler: () => minimalConfirmationCard(view) });
  if (!posted?.ts) {
    surface.logger.error({ pendingActionId: view.id, channel: place.channel }, "slack.card.unposted");
    return;
  }
  if (posted.form === "text") surface.logger.warn({ pendingActionId: view.id, channel: posted.channel }, "slack.card.without_buttons");
  await attachCard(surface.db, view.id, {
    channelId: posted.channel,
    messageTs: posted.ts,
    threadTs: posted.rerouted ? null : (place.threadTs ?? null),
  });
}
