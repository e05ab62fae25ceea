// Posts the confirmation card of a held call where the run answers (a simpler card, or the asker's DM, when Slack refuses
// it there), and records where it landed: only a click on that message decides the action, and the expiry sweep
// updates it. A card that reached nobody leaves the action to expire unseen: logged, nothing runs without a click.
import type { WebClient } from "@slack/web-api";
import type { PendingActionView } from "../../agent/agent-types.ts";
import { attachCard } from "../../domain/pending-actions/pending-action-store.ts";
import { confirmationCard } from "../blocks/confirmation.ts";
import { minimalConfirmationCard } from "../blocks/minimal-card.ts";
import type { SlackDelivery } from "../delivery/delivery.ts";
import type { Place } from "../delivery/place.ts";
import type { Surface } from "../surface.ts";

/**
 * A link to the question the card answers (its thread's first message), from chat.getPermalink (no scope needed; a
 * workspace's URL is not known otherwise); null at a DM's top level or when Slack will not say, and the card reads fine.
 */
async function questionLink(surface: Surface, client: WebClient, place: Place): Promise<string | null> {
  if (!place.threadTs) return null;
  try {
    const answer = await client.chat.getPermalink({ channel: place.channel, message_ts: place.threadTs });
    return typeof answer.permalink === "string" ? answer.permalink : null;
  } catch (error) {
    surface.logger.info({ err: error, channel: place.channel }, "slack.card.permalink_failed");
    return null;
  }
}

export async function postCard(
  surface: Surface,
  client: WebClient,
  delivery: SlackDelivery,
  action: PendingActionView,
  place: Place,
): Promise<void> {
  const askedIn = { channelId: place.channel, link: await questionLink(surface, client, place) };
  const view = { ...action, askedIn };
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
    askedIn,
  });
}
