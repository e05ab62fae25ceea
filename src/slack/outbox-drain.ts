// Delivers NOTIFY_SLACK messages that workflow rules queued (written in their transaction, sent after commit).
import type { WebClient } from "@slack/web-api";
import { claimQueuedSlackMessages, markSlackMessage } from "../domain/outbox/outbox-store.ts";
import type { Surface } from "./surface.ts";

/** Posts up to `batch` queued messages; each is marked SENT or FAILED with Slack's error. Returns how many went. */
export async function drainSlackOutbox(surface: Surface, client: WebClient, batch = 20): Promise<number> {
  return surface.db.transaction(async (trx) => {
    // Rows claimed FOR UPDATE SKIP LOCKED: two replicas draining at once never send a message twice.
    const queued = await claimQueuedSlackMessages(trx, batch);
    let sent = 0;
    for (const message of queued) {
      try {
        await client.chat.postMessage({ channel: message.channel, text: message.text });
        await markSlackMessage(trx, message.id, { sent: true, at: surface.clock.now() });
        sent += 1;
      } catch (error) {
        const reason = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
        await markSlackMessage(trx, message.id, { sent: false, error: reason });
        surface.logger.warn({ outboxId: message.id, channel: message.channel, reason }, "slack.outbox.failed");
      }
    }
    return sent;
  });
}
