// Every request Slack sends gets its 2xx, handled or not. Bolt acks events itself, and our listeners ack commands,
// clicks and views; but a body Bolt cannot classify (`app_rate_limited` has no `event`), a view or shortcut no
// listener owns, a block_suggestion or a workflow step would get no ack, and the HTTP receiver's 3-second timer would
// end it as a 404 (Slack counts that as a failed delivery). This acks whatever is still unacked once the app is done
// with a request, or after a grace period if a listener is still busy without having acked.
import type { App, ReceiverEvent } from "@slack/bolt";
import type { Logger } from "../logger.ts";
import { requestKind } from "./ack-timing.ts";

/** Well inside Slack's 3 s: a listener that has not acked by then is not going to ack in time. */
export const ACK_GRACE_MS = 2_000;

/** What the log names an unhandled request by: its event's type, the body's type, or the command. */
function requestType(body: Record<string, unknown>): string {
  const event = body.event as { type?: unknown } | undefined;
  if (typeof event?.type === "string") return event.type;
  if (typeof body.command === "string") return body.command;
  return typeof body.type === "string" ? body.type : "unknown";
}

export function ackEverything(app: App, logger: Logger, graceMs = ACK_GRACE_MS): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    let acked = false;
    const ack = async (response?: unknown) => {
      if (acked) return; // a listener acking after the grace period: Slack already has its answer
      acked = true;
      await event.ack(response);
    };
    const unhandled = (why: string) => {
      if (acked) return;
      const body = event.body as Record<string, unknown>;
      if (body.type === "app_rate_limited") {
        // Slack is dropping events for this app for the rest of the minute: worth more than a debug line.
        logger.warn({ minuteRateLimited: body.minute_rate_limited }, "slack.events.rate_limited");
      } else logger.debug({ kind: requestKind(body), type: requestType(body), why }, "slack.request.unhandled");
      return ack().catch((error: unknown) => logger.warn({ err: error }, "slack.request.ack_failed"));
    };
    const timer = setTimeout(() => void unhandled("no ack within the grace period"), graceMs);
    timer.unref?.();
    try {
      await processEvent({ ...event, ack });
    } finally {
      clearTimeout(timer);
      await unhandled("no listener acked it");
    }
  };
}
