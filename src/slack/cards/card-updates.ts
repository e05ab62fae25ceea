// Keeps a confirmation card true to its pending action: working, decided, expired, stale.
import type { WebClient } from "@slack/web-api";
import type { PendingActionView } from "../../agent/agent-types.ts";
import { cardForView } from "../blocks/confirmation.ts";
import type { Message } from "../blocks/kit.ts";
import type { Surface } from "../surface.ts";
import { timeOptions } from "../tool-calls.ts";

export async function updateCard(client: WebClient, where: { channel: string; ts: string }, card: Message): Promise<void> {
  await client.chat.update({ channel: where.channel, ts: where.ts, text: card.text, blocks: card.blocks });
}

/** Re-renders a card from the action's current state. */
export async function refreshCard(
  surface: Surface,
  client: WebClient,
  where: { channel: string; ts: string },
  view: PendingActionView,
  stale = false,
) {
  await updateCard(client, where, cardForView(view, { ...timeOptions(surface), stale }));
}
