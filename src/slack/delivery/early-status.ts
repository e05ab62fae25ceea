// A new session's first sign: a top-level DM shows Maestro at work as soon as the gatekeeper knows it is no retry —
// before it looks the person up and counts the rate limit — so the status never waits on that database work. The turn
// then carries on with the same status (one chain of setStatus calls, so its clear can never overtake this set); a
// refusal, or a DM with nothing to answer, takes it down again.
import type { WebClient } from "@slack/web-api";
import type { Surface } from "../surface.ts";
import { ThreadStatus } from "./thread-status.ts";

/** The status set early for one message (its ts), handed over to that message's turn. */
export interface EarlyStatus {
  messageTs: string;
  status: ThreadStatus;
}

interface MessageEvent {
  type?: string;
  channel_type?: string;
  channel?: string;
  ts?: string;
  thread_ts?: string;
  text?: string;
  files?: unknown[];
}

/** For a top-level DM with something to answer (text or a file), the thinking status, set now; otherwise none. */
export function startEarlyStatus(surface: Surface, client: WebClient, body: unknown): EarlyStatus | undefined {
  const event = (body as { event?: MessageEvent } | undefined)?.event;
  if (!event || event.type !== "message" || event.channel_type !== "im" || event.thread_ts || !event.ts || !event.channel) return undefined;
  if (!event.text?.trim() && !event.files?.length) return undefined;
  const status = new ThreadStatus(surface, client, { channel: event.channel, threadTs: event.ts });
  status.thinking();
  return { messageTs: event.ts, status };
}
