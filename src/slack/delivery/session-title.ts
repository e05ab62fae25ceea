// A new session's title, from the person's own first question (assistant.threads.setTitle, the DM thread's title in the
// agent pane's history). Best effort: the client's deadline, a failure logged, the turn never waits for it.
import type { WebClient } from "@slack/web-api";
import type { Surface } from "../surface.ts";

const MAX_TITLE = 60;

/** The first line of the question, cut at a word near 60 characters; links and mentions read as their label. */
export function sessionTitle(text: string): string {
  const line = text
    .replace(/<[@#!][^>|]*\|([^>]+)>/g, "$1")
    .replace(/<(https?:[^>|]+)\|([^>]+)>/g, "$2")
    .replace(/<([^>]+)>/g, "$1")
    .split("\n")
    .find((l) => l.trim())
    ?.replace(/\s+/g, " ")
    .trim();
  if (!line) return "New question";
  if (line.length <= MAX_TITLE) return line;
  const cut = line.slice(0, MAX_TITLE);
  const space = cut.lastIndexOf(" ");
  return `${(space > MAX_TITLE / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, "")}…`;
}

export function setSessionTitle(surface: Surface, client: WebClient, place: { channel: string; threadTs: string }, text: string) {
  return client.assistant.threads.setTitle({ channel_id: place.channel, thread_ts: place.threadTs, title: sessionTitle(text) }).then(
    () => undefined,
    (error: unknown) => surface.logger.warn({ err: error, channel: place.channel }, "slack.title.failed"),
  );
}
