// A direct message to Maestro (top level or in a thread): a turn in that conversation.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { takeTurn } from "../../delivery/take-turn.ts";
import { personOf, type Surface } from "../../surface.ts";

type MessageArgs = SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs;

export const directMessage =
  (surface: Surface) =>
  async ({ message, client, context, body }: MessageArgs) => {
    const m = message as unknown as { channel_type?: string; channel: string; user: string; text?: string; ts: string; thread_ts?: string };
    if (m.channel_type !== "im" || !m.text?.trim()) return;
    const work = takeTurn(surface, client, {
      person: personOf(context),
      slackUserId: m.user,
      teamId: (body as { team_id: string }).team_id,
      text: m.text.trim(),
      // The DM's top level is one conversation; each thread in it is its own.
      conversation: { teamId: (body as { team_id: string }).team_id, channelId: m.channel, threadTs: m.thread_ts ?? "" },
      place: { channel: m.channel, threadTs: m.thread_ts },
      trigger: "dm",
      messageTs: m.ts,
    });
    surface.track(work);
    await work;
  };
