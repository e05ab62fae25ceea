// Tells one person something about their own click (the outcome, a refusal): ephemerally where they clicked, through
// the click's response_url; by DM when that URL is gone or refused, so a notice is never silently dropped.
import type { RespondFn } from "@slack/bolt";
import type { Message } from "../blocks/kit.ts";
import type { Logger } from "../../logger.ts";
import type { SlackDelivery } from "./delivery.ts";

export async function tellPerson(respond: RespondFn | undefined, delivery: SlackDelivery, message: Message, logger: Logger): Promise<void> {
  if (respond) {
    try {
      await respond({ response_type: "ephemeral", replace_original: false, text: message.text, blocks: message.blocks });
      return;
    } catch (error) {
      logger.warn({ err: error }, "slack.delivery.respond_failed");
    }
  }
  await delivery.toDm([message], { what: "notice" });
}
