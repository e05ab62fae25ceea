// Answers a slash command through its response_url, falling back to a DM once the URL has expired
// (5 uses within 30 minutes) — a slow answer is never lost.
import { RespondError, type RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Message } from "../blocks/kit.ts";
import type { Logger } from "../../logger.ts";

export async function respondSafely(
  respond: RespondFn,
  client: WebClient,
  userId: string,
  message: Message,
  logger: Logger,
): Promise<void> {
  try {
    await respond({ response_type: "ephemeral", text: message.text, blocks: message.blocks });
  } catch (error) {
    if (!(error instanceof RespondError)) throw error;
    logger.warn({ err: error }, "slack.respond.expired");
    const dm = await client.conversations.open({ users: userId });
    await client.chat.postMessage({ channel: dm.channel!.id!, text: message.text, blocks: message.blocks });
  }
}
