// Slack's own Stop on an agent session (`agent_session_stopped`: channel, thread_ts, user): ends the running turn of
// that thread. Slack does not move the session off "processing" itself: the stopped turn's answer does (its stream
// stops and its status clears when it is delivered). A top-level DM's conversation is tried when its thread has none.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { personOf, type Surface } from "../../surface.ts";
import { STOP_ASKED, stopFromSlack } from "../../stop/stop-turn.ts";

type StoppedArgs = SlackEventMiddlewareArgs<"agent_session_stopped"> & AllMiddlewareArgs;

export const agentSessionStopped =
  (surface: Surface) =>
  async ({ event, body, context }: StoppedArgs) => {
    const teamId = body.team_id;
    const person = personOf(context);
    const scope = { teamId, channelId: event.channel, threadTs: event.thread_ts ?? "" };
    let text = await stopFromSlack(surface, scope, person, event.user);
    if (text !== STOP_ASKED && scope.threadTs && event.channel.startsWith("D"))
      text = await stopFromSlack(surface, { ...scope, threadTs: "" }, person, event.user);
    surface.logger.info({ channel: event.channel, stopped: text === STOP_ASKED }, "slack.session.stopped");
  };
