// `/maestro stop`: ends the running answer in the channel the command was typed in (a slash command carries no
// thread), else the person's own running answer wherever it runs. Answered ephemerally; the turn says "Stopped.".
import type { SlashCommand } from "@slack/bolt";
import type { SlackPerson } from "../../../domain/users/staff-directory.ts";
import type { Message } from "../../blocks/kit.ts";
import { noticeBlocks } from "../../blocks/notice.ts";
import type { Surface } from "../../surface.ts";
import { STOP_ASKED, stopFromSlack } from "../../stop/stop-turn.ts";

export async function stopCommand(surface: Surface, command: SlashCommand, person: SlackPerson): Promise<Message> {
  const text = await stopFromSlack(surface, { teamId: command.team_id, channelId: command.channel_id }, person, command.user_id);
  return noticeBlocks(text, { kind: text === STOP_ASKED ? "info" : "warning" });
}
