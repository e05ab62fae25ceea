// A staff member's reply in a channel thread Maestro answers in (recorded when it was @-mentioned there): the session
// goes on without a new mention. Only replies in recorded threads get this far (middleware/channel-threads.ts).
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { takeTurn } from "../../delivery/take-turn.ts";
import { personOf, type Surface } from "../../surface.ts";

type MessageArgs = SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs;

export const channelThreadMessage =
  (surface: Surface) =>
  async ({ message, client, context, body }: MessageArgs) => {
    const m = message as unknown as { channel_type?: string; channel: string; user: string; text?: string; ts: string; thread_ts?: string };
    if ((m.channel_type !== "channel" && m.channel_type !== "group") || !m.thread_ts || !m.text?.trim()) return;
    const teamId = (body as { team_id: string }).team_id;
    const work = takeTurn(surface, client, {
      person: personOf(context),
      slackUserId: m.user,
      teamId,
      text: m.text.trim(),
      conversation: { teamId, channelId: m.channel, threadTs: m.thread_ts },
      place: { channel: m.channel, threadTs: m.thread_ts },
      trigger: "mention",
      messageTs: m.ts,
    });
    surface.track(work);
    await work;
  };
