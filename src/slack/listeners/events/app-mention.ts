// An @-mention of Maestro in a channel: answered in a thread, which becomes the conversation (and is recorded, so that
// staff follow-ups there need no new mention).
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { takeTurn } from "../../delivery/take-turn.ts";
import { recordThread } from "../../stores/thread-store.ts";
import { personOf, type Surface } from "../../surface.ts";

type MentionArgs = SlackEventMiddlewareArgs<"app_mention"> & AllMiddlewareArgs;

export const appMention =
  (surface: Surface) =>
  async ({ event, client, context, body }: MentionArgs) => {
    const text = (event.text ?? "").replace(/<@[A-Z0-9]+>/g, "").trim();
    const threadTs = event.thread_ts ?? event.ts;
    const teamId = (body as { team_id: string }).team_id;
    // From now on a staff reply in this thread continues the session without a new mention.
    await recordThread(surface.db, { teamId, channelId: event.channel, threadTs }, event.user!, surface.clock.now());
    const work = takeTurn(surface, client, {
      person: personOf(context),
      slackUserId: event.user!,
      teamId,
      text: text || "Hi",
      conversation: { teamId, channelId: event.channel, threadTs },
      place: { channel: event.channel, threadTs },
      trigger: "mention",
      messageTs: event.ts,
    });
    surface.track(work);
    await work;
  };
