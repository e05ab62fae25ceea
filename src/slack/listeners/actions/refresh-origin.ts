// After a list button changed something, re-render what the person was looking at: the list message
// (re-running its tool), an ephemeral list through its response_url, or the Home tab.
import type { AllMiddlewareArgs, BlockButtonAction, RespondFn } from "@slack/bolt";
import type { SlackPerson } from "../../../domain/users/staff-directory.ts";
import { roleRequestBlocks } from "../../blocks/role-requests.ts";
import { rulesBlocks } from "../../blocks/rules.ts";
import type { Surface } from "../../surface.ts";
import { callTool, humanActor, timeOptions } from "../../tool-calls.ts";
import { publishHome } from "../events/home-opened.ts";

const LISTS = {
  list_role_requests: roleRequestBlocks,
  list_workflow_rules: rulesBlocks,
} as const;

export async function refreshOrigin(
  surface: Surface,
  client: AllMiddlewareArgs["client"],
  /** A click's body, or what a modal remembered of the click (a view submission has no container). */
  body: Pick<BlockButtonAction, "container"> & { user: { id: string } },
  person: SlackPerson,
  list: keyof typeof LISTS,
  /** Present for clicks on messages: the only way to replace an ephemeral one (chat.update cannot). */
  respond?: RespondFn,
): Promise<void> {
  try {
    if (body.container?.type === "view") {
      await publishHome(surface, client, person, body.user.id);
      return;
    }
    const channel = body.container?.channel_id as string | undefined;
    const ts = body.container?.message_ts as string | undefined;
    const ephemeral = body.container?.is_ephemeral === true;
    if (!channel || !ts || (ephemeral && !respond)) return;
    const outcome = await callTool(surface, humanActor(person, body.user.id, "button"), list, {});
    if (!outcome.ok) return;
    const message = LISTS[list](outcome.result as never, timeOptions(surface));
    if (ephemeral) await respond!({ response_type: "ephemeral", replace_original: true, text: message.text, blocks: message.blocks });
    else await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
  } catch (error) {
    surface.logger.warn({ err: error }, "slack.refresh.failed");
  }
}
