// How the agent's answers reach Slack: a reaction on the message while the model works, the reply streamed or
// posted in its place (a "still working" note first when the model is slow), a card per held call. The agent decides what to answer and when; this only delivers.
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { ConversationKey } from "../../agent/stores/conversation-store.ts";
import type { Reply, Responder } from "../../agent/responder.ts";
import type { Surface } from "../surface.ts";
import { progressNoteWithStop, type StopTarget } from "../blocks/stop.ts";
import { deliverOutcome, placeOf } from "./deliver-outcome.ts";
import { ReplyWriter } from "./reply-writer.ts";
import type { EarlyStatus } from "./early-status.ts";
import { ThreadStatus } from "./thread-status.ts";
import { toolStatus } from "./tool-phrases.ts";

/** Where a message's answer goes: kept with it by the agent when it waits its turn, so any replica can answer it. */
export const slackOrigin = z.object({
  channel: z.string(),
  threadTs: z.string().nullable(),
  messageTs: z.string().nullable(),
  slackUserId: z.string(),
  teamId: z.string(),
});
export type SlackOrigin = z.infer<typeof slackOrigin>;

const THINKING = "hourglass_flowing_sand";
/** Slack's answers that mean the ⏳ is already as wanted (a queued message keeps its ⏳ until its turn comes). */
const ALREADY = new Set(["already_reacted", "no_reaction"]);

/**
 * The ⏳ on the person's message. Added without holding up the turn (a hung reactions.add once stopped it from
 * starting): the add has the client's deadline, a failure is logged, and the ⏳ comes off when the answer is out —
 * or, when the add is still on its way then, as soon as it lands.
 */
function thinkingReaction(surface: Surface, client: WebClient, origin: SlackOrigin): { done(): Promise<void> } {
  if (!origin.messageTs) return { done: async () => {} };
  const args = { channel: origin.channel, timestamp: origin.messageTs, name: THINKING };
  const logged = (method: string) => (error: unknown) => {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code && ALREADY.has(code)) return true;
    surface.logger.warn({ err: error, method, channel: origin.channel }, "slack.reaction.failed");
    return false;
  };
  const remove = () => client.reactions.remove(args).then(() => undefined, logged("reactions.remove"));
  let added: boolean | undefined; // undefined: still on its way
  let finished = false;
  const landed = client.reactions.add(args).then(() => true, logged("reactions.add"));
  const settled = landed.then((ok) => {
    added = ok;
    if (finished && ok) return remove();
  });
  return {
    async done() {
      finished = true;
      if (added) await remove();
      else if (added === undefined) surface.track(settled);
    },
  };
}

/** Posts a word while the answer is slow, in order with the streamed text; a failure to post it is only logged. */
function noticeWriter(surface: Surface, writer: ReplyWriter, after: () => Promise<void>, stop: StopTarget) {
  return (text: string) =>
    after()
      .then(() => writer.post([progressNoteWithStop(text, stop)]))
      .catch((error: unknown) => surface.logger.warn({ err: error }, "slack.notice.failed"));
}

/**
 * A message's answer: the thread's status and the thinking reaction, the reply streamed as the model writes (its tool
 * calls as task updates), then the outcome; the status is cleared when the answer lands, or says it waits for a click.
 */
async function messageReply(
  surface: Surface,
  client: WebClient,
  origin: SlackOrigin,
  conversation: ConversationKey,
  early?: ThreadStatus,
): Promise<Reply> {
  const place = { channel: origin.channel, threadTs: origin.threadTs ?? undefined };
  const reaction = thinkingReaction(surface, client, origin);
  // The gatekeeper's early status, when it set one for this message: one chain, so the clear follows its set.
  const status =
    early ?? (place.threadTs ? new ThreadStatus(surface, client, { channel: place.channel, threadTs: place.threadTs }) : undefined);
  status?.thinking();
  const writer = new ReplyWriter(client, place, { userId: origin.slackUserId, teamId: origin.teamId }, surface.logger);
  // Stream writes must stay in order even though the model's callbacks are synchronous.
  let streaming = Promise.resolve();
  const inOrder = (write: () => Promise<void>) => {
    streaming = streaming.then(write);
  };
  const notice = noticeWriter(surface, writer, () => streaming, conversation);
  return {
    observer: {
      onTextDelta: (text) => inOrder(() => writer.onDelta(text)),
      onStatus: (text) => {
        if (text.startsWith("thinking")) status?.thinking();
        inOrder(() => writer.onStep());
      },
      onToolStart: (call) => {
        status?.step(toolStatus([call.name]));
        inOrder(() => writer.onTool(call));
      },
      onToolEnd: (call) => inOrder(() => writer.onTool(call)),
      onRetry: () => writer.onRetry(),
      onNotice: (text) => {
        streaming = notice(text);
      },
    },
    async deliver(outcome) {
      await streaming;
      await deliverOutcome(surface, client, outcome, writer, place);
      if (outcome.kind === "awaiting_confirmation") status?.waiting();
      else if (outcome.kind === "queued")
        status?.detach(); // the thread's status belongs to the turn that runs
      else status?.clear();
      if (outcome.kind !== "queued") await reaction.done(); // a queued message keeps it until its turn comes
    },
  };
}

/**
 * A resumed run's answer: posted (not streamed) in its conversation's place. It opens once the run is done, so the
 * thread's status while it runs is the deciding click's to show (decide-card.ts).
 */
function resumedReply(surface: Surface, client: WebClient, conversation: ConversationKey, userId: string): Reply {
  const place = placeOf(conversation);
  const writer = new ReplyWriter(client, place, { userId, teamId: conversation.teamId }, surface.logger, false);
  return { deliver: (outcome) => deliverOutcome(surface, client, outcome, writer, place) };
}

/**
 * `resumedFor`: the Slack user a resumed run's reply is addressed to (the one who clicked; none for the sweep). `early`:
 * the status the gatekeeper set for one message, carried on by that message's turn only (not by those queued behind it).
 */
export function slackResponder(surface: Surface, client: WebClient, resumedFor = "", early?: EarlyStatus): Responder {
  return {
    open: async (target) => {
      if (target.kind !== "message") return resumedReply(surface, client, target.conversation, resumedFor);
      const origin = slackOrigin.parse(target.message.origin);
      const own = early && origin.messageTs === early.messageTs ? early.status : undefined;
      return messageReply(surface, client, origin, target.message.conversation, own);
    },
  };
}
