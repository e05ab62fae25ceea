// Answers a slash command through its response_url, falling back to a DM (through delivery, so it degrades like any
// reply) once the URL has expired (5 uses within 30 minutes) or fails — a slow answer is never lost.
import type { RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Message } from "../blocks/kit.ts";
import type { Logger } from "../../logger.ts";
import { SlackDelivery } from "./delivery.ts";

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
    logger.warn({ err: error }, "slack.respond.expired");
    await new SlackDelivery(client, logger, userId).toDm([message], { what: "reply" });
  }
}
