// The recovery sweep of conversations: runs left running, leases held and messages queued or taken by a process that
// died are taken over by the agent, and the people are told in Slack where they asked.
import { slackResponder } from "../slack/delivery/slack-responder.ts";
import type { Sweep } from "./sweep.ts";

export const conversationSweep: Sweep = {
  name: "conversations",
  run: ({ surface, client }) => surface.agent.recover(slackResponder(surface, client)),
};
