// `/maestro …`: deterministic verbs run one tool and answer ephemerally; anything else is a question
// for the agent, answered in the asker's DM. The gatekeeper has already acked: every answer goes through
// response_url (respondSafely falls back to a DM once it has expired).
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { Actor } from "../../../domain/actor.ts";
import { helpBlocks } from "../../blocks/help.ts";
import type { Message } from "../../blocks/kit.ts";
import { commandQuestionBlocks, noticeBlocks } from "../../blocks/notice.ts";
import { COMMAND } from "../../ids.ts";
import { SlackDelivery } from "../../delivery/delivery.ts";
import { respondSafely } from "../../delivery/respond-safely.ts";
import { takeTurn } from "../../delivery/take-turn.ts";
import { parseSlash, type Verb, type VerbCall } from "../../slash/grammar.ts";
import { render } from "../../slash/render.ts";
import { personOf, type Surface } from "../../surface.ts";
import { callTool, humanActor, personErrorText, timeOptions } from "../../tool-calls.ts";
import { apiKeyCommand } from "./api-key-command.ts";
import { runDigestCommand } from "./digest-command.ts";
import { staffCommand } from "../../staff/staff-command.ts";
import { stopCommand } from "./stop-command.ts";
import { feedbackAnswer } from "./feedback-command.ts";

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export const DM_UNREACHABLE = "I couldn't reach our DM in Slack, so I can't answer this question there. Please try again in a moment.";

export const maestroCommand =
  (surface: Surface) =>
  async ({ command, respond, client, context }: CommandArgs) => {
    const parsed = parseSlash(command.text ?? "");
    const person = personOf(context);
    const reply = (message: Message) => respondSafely(respond, client, command.user_id, message, surface.logger);
    switch (parsed.kind) {
      case "help": {
        await reply(helpBlocks());
        return;
      }
      case "usage": {
        const hint = parsed.usage
          ? `Usage: \`${COMMAND} ${parsed.usage}\` — or \`${COMMAND} help\` for every command.`
          : `\`${COMMAND} help\` lists every command; a whole sentence is a question for Maestro.`;
        await reply(noticeBlocks(parsed.message, { kind: "warning", hint }));
        return;
      }
      case "digest": {
        await runDigestCommand(surface, { person, slackUserId: command.user_id, post: parsed.post, respond, client });
        return;
      }
      case "stop": {
        await reply(await stopCommand(surface, command, person));
        return;
      }
      case "apiKey": {
        await apiKeyCommand(surface, humanActor(person, command.user_id, "command"), parsed.words, { reply, respond });
        return;
      }
      case "staff": {
        await reply(await staffCommand(surface, command, parsed.words, person, client));
        return;
      }
      case "feedback": {
        await reply(await feedbackAnswer(surface, person, parsed.only));
        return;
      }
      case "verb": {
        await reply(await answerVerb(surface, humanActor(person, command.user_id, "command"), parsed));
        return;
      }
      case "question": {
        // Only a courtesy: the question is answered in the DM whether or not this notice arrives.
        await reply(noticeBlocks("On it — I'll answer in our DM.")).catch((error: unknown) =>
          surface.logger.warn({ err: error }, "slack.respond.failed"),
        );
        // The question echoed at the top of the DM, through delivery: the DM it lands in is where the answer goes.
        const echoed = await new SlackDelivery(client, surface.logger, command.user_id).toDm([commandQuestionBlocks(parsed.text)], {
          what: "notice",
        });
        if (!echoed) {
          await reply(noticeBlocks(DM_UNREACHABLE, { kind: "warning" })).catch((error: unknown) =>
            surface.logger.warn({ err: error }, "slack.respond.failed"),
          );
          return;
        }
        const channel = echoed.channel;
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

/** A verb's tool run as the person who typed it, its result through the verb's builder (or its error as a notice). */
async function answerVerb<V extends Verb>(surface: Surface, actor: Actor, call: VerbCall<V>): Promise<Message> {
  const outcome = await callTool(surface, actor, call.tool, call.args);
  return outcome.ok
    ? render(call.verb, outcome.result, timeOptions(surface))
    : noticeBlocks(personErrorText(outcome.error), { kind: "error" });
}
