// Channel messages (message.channels / message.groups) reach Maestro only so that a staff follow-up in a thread it
// answers in continues the session. Everything else is dropped here, before the gatekeeper reads anything about it:
// a top-level channel message, a reply in any other thread, a message that @-mentions Maestro (app_mention answers it),
// an edit, a bot. One primary-key lookup per channel reply, nothing stored.
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import { isRecordedThread } from "../stores/thread-store.ts";
import type { Surface } from "../surface.ts";

interface ChannelMessage {
  type?: string;
  channel_type?: string;
  channel?: string;
  thread_ts?: string;
  subtype?: string;
  bot_id?: string;
  text?: string;
}

const CHANNEL_TYPES = new Set(["channel", "group"]);

export function channelThreadsOnly(surface: Surface): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const event =
      (body as { type?: string; event?: ChannelMessage }).type === "event_callback" ? (body as { event: ChannelMessage }).event : undefined;
    if (event?.type !== "message" || !CHANNEL_TYPES.has(event.channel_type ?? "")) return next();
    if (!event.thread_ts || !event.channel || event.bot_id || (event.subtype && event.subtype !== "thread_broadcast")) return;
    if (context.botUserId && event.text?.includes(`<@${context.botUserId}>`)) return;
    if (await isRecordedThread(surface.db, event.channel, event.thread_ts)) return next();
  };
}
