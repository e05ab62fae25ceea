// A direct message to Maestro: a top-level message starts a session answered in a thread under it (the conversation is
// that thread); a reply in the thread continues it. The agent pane's messages arrive the same way and behave the same.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { contextNote } from "../../blocks/notice.ts";
import { SlackDelivery } from "../../delivery/delivery.ts";
import { setSessionTitle } from "../../delivery/session-title.ts";
import { takeTurn } from "../../delivery/take-turn.ts";
import { earlyStatusOf, personOf, type Surface } from "../../surface.ts";

type MessageArgs = SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs;

/** Said in the thread when a DM carries a file: Maestro answers the text only. */
export const FILES_NOTE = "I can't open files or images, so I've answered the text of your message only.";

interface DirectMessage {
  channel_type?: string;
  subtype?: string;
  channel: string;
  user: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  files?: unknown[];
}

export const directMessage =
  (surface: Surface) =>
  async ({ message, client, context, body }: MessageArgs) => {
    const m = message as unknown as DirectMessage;
    if (m.channel_type !== "im") return;
    const text = m.text?.trim() ?? "";
    const withFiles = m.subtype === "file_share" || !!m.files?.length;
    const early = earlyStatusOf(context);
    if (!text && !withFiles) return void early?.status.clear(); // nothing left to answer once cleaned
    const teamId = (body as { team_id: string }).team_id;
    const threadTs = m.thread_ts ?? m.ts;
    const place = { channel: m.channel, threadTs };
    if (withFiles) {
      await new SlackDelivery(client, surface.logger, m.user).post(place, [contextNote(FILES_NOTE)], { what: "notice" });
      if (!text) return void early?.status.clear(); // nothing for a turn to answer
    }
    if (!m.thread_ts) surface.track(setSessionTitle(surface, client, place, text));
    const work = takeTurn(surface, client, {
      person: personOf(context),
      slackUserId: m.user,
      teamId,
      text,
      conversation: { teamId, channelId: m.channel, threadTs },
      place,
      trigger: "dm",
      messageTs: m.ts,
      ...(early ? { early } : {}),
    });
    surface.track(work);
    await work;
  };
