// Posts the confirmation card of a held call where the run answers, and records where it was posted, so the
// expiry sweep can update that same message later (a click updates the message it came from).
import type { WebClient } from "@slack/web-api";
import type { PendingActionView } from "../../agent/agent-types.ts";
import { attachCard } from "../../domain/pending-actions/pending-action-store.ts";
import { confirmationCard } from "../blocks/confirmation.ts";
import { inThread, type Place } from "../delivery/place.ts";
import type { Surface } from "../surface.ts";

export async function postCard(surface: Surface, client: WebClient, view: PendingActionView, place: Place): Promise<void> {
  const card = confirmationCard(view, { timeZone: surface.config.timeZone, now: surface.clock.now() });
  const posted = await client.chat.postMessage({ channel: place.channel, ...inThread(place), text: card.text, blocks: card.blocks });
  if (posted.ts)
    await attachCard(surface.db, view.id, {
      channelId: posted.channel ?? place.channel,
      messageTs: posted.ts,
      threadTs: place.threadTs ?? null,
    });
}
