// `/maestro …`: deterministic verbs run one tool and answer ephemerally; anything else is a question
// for the agent, answered in the asker's DM.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { helpBlocks } from "../../blocks/help.ts";
import { noticeBlocks } from "../../blocks/notice.ts";
import { COMMAND } from "../../ids.ts";
import { respondSafely } from "../../delivery/respond-safely.ts";
import { takeTurn } from "../../delivery/take-turn.ts";
import { parseSlash } from "../../slash/grammar.ts";
import { render } from "../../slash/render.ts";
import { personOf, type Surface } from "../../surface.ts";
import { callTool, humanActor, timeOptions } from "../../tool-calls.ts";
import { runDigestCommand } from "./digest-command.ts";

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export const maestroCommand = (surface: Surface) => async ({ command, ack, respond, client, context }: CommandArgs) => {
  const parsed = parseSlash(command.text ?? "");
  const person = personOf(context);
  switch (parsed.kind) {
    case "help": {
      const help = helpBlocks();
      await ack({ response_type: "ephemeral", text: help.text, blocks: help.blocks });
      return;
    }
    case "usage": {
      const hint = parsed.usage
        ? `Usage: \`${COMMAND} ${parsed.usage}\` — or \`${COMMAND} help\` for every command.`
        : `\`${COMMAND} help\` lists every command; a whole sentence is a question for Maestro.`;
      const notice = noticeBlocks(parsed.message, { kind: "warning", hint });
      await ack({ response_type: "ephemeral", text: notice.text, blocks: notice.blocks });
      return;
    }
    case "digest": {
      await ack();
      await runDigestCommand(surface, { person, slackUserId: command.user_id, post: parsed.post, respond, client });
      return;
    }
    case "verb": {
      // Ack first (3 s); the tool may take longer on a big studio, so the answer goes through response_url.
      await ack();
      const outcome = await callTool(surface, humanActor(person, command.user_id, "command"), parsed.tool, parsed.args);
      const message = outcome.ok ? render(parsed.verb, outcome.result, timeOptions(surface)) : noticeBlocks(outcome.error.message, { kind: "error" });
      await respondSafely(respond, client, command.user_id, message, surface.logger);
      return;
    }
    case "question": {
      await ack({ response_type: "ephemeral", text: "On it — I'll answer in our DM." });
      const dm = await client.conversations.open({ users: command.user_id });
      const channel = dm.channel!.id!;
      await client.chat.postMessage({ channel, text: `From \`${COMMAND}\`: ${parsed.text}`, blocks: [{ type: "context", elements: [{ type: "mrkdwn", text: `From \`${COMMAND}\`: ${parsed.text.slice(0, 2900)}`, verbatim: true }] }] });
      const work = takeTurn(surface, client, {
        person,
        slackUserId: command.user_id,
        teamId: command.team_id,
        text: parsed.text,
        conversation: { teamId: command.team_id, channelId: channel, threadTs: "" },
        place: { channel },
        trigger: "command",
      });
      surface.track(work);
      await work;
      return;
    }
  }
};
