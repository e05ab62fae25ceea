// Times every Slack request from reaching the app to its acknowledgement (Slack gives up at 3 s) and logs it as
// slack.request.acked (debug): the metrics count it from there, whatever the receiver (HTTP, Socket Mode, the fake).
import { performance } from "node:perf_hooks";
import type { App, ReceiverEvent } from "@slack/bolt";
import type { Logger } from "../logger.ts";

/** The kind of request a body is, as the metrics label it. */
export function requestKind(body: Record<string, unknown>): string {
  if (typeof body.command === "string") return "command";
  switch (body.type) {
    case "event_callback":
      return "event";
    case "block_actions":
    case "interactive_message":
      return "action";
    case "view_submission":
    case "view_closed":
      return "view";
    case "block_suggestion":
      return "options";
    case "shortcut":
    case "message_action":
      return "shortcut";
    default:
      return "other";
  }
}

/** Wraps the ack of every request the receiver hands to `app` (events are acked by Bolt, the rest by us). */
export function timeAcks(app: App, logger: Logger): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event: ReceiverEvent) => {
    const started = performance.now();
    const kind = requestKind(event.body);
    return processEvent({
      ...event,
      ack: async (response) => {
        await event.ack(response);
        logger.debug({ kind, ackMs: Math.round((performance.now() - started) * 1000) / 1000 }, "slack.request.acked");
      },
    });
  };
}
