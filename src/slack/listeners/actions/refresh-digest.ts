// After a click decided a role request in a posted digest: that request's buttons become the outcome, and the
// rest of the digest stays as posted (re-rendering a list there would replace the whole digest).
import type { AllMiddlewareArgs, BlockButtonAction } from "@slack/bolt";
import type { KnownBlock } from "@slack/types";
import { markDigestDecision } from "../../blocks/digest.ts";
import { BLOCKS } from "../../ids.ts";
import type { Surface } from "../../surface.ts";

/** The clicked button sits in a digest (its block id says so). */
export const isDigestAction = (blockId: string | undefined): boolean => (blockId ?? "").startsWith(`${BLOCKS.digestRoleActions}:`);

export async function refreshDigest(
  surface: Surface,
  client: AllMiddlewareArgs["client"],
  body: BlockButtonAction,
  requestId: number,
  outcome: string,
): Promise<void> {
  const channel = body.container?.channel_id as string | undefined;
  const ts = body.container?.message_ts as string | undefined;
  // Slack sends the message's blocks with a click on a channel message (not on an ephemeral preview).
  const blocks = (body.message as { blocks?: KnownBlock[] } | undefined)?.blocks;
  if (!channel || !ts || body.container?.is_ephemeral || !blocks?.length) return;
  try {
    const text = typeof body.message?.text === "string" ? body.message.text : "Morning digest";
    await client.chat.update({ channel, ts, text, blocks: markDigestDecision(blocks, requestId, outcome) });
  } catch (error) {
    surface.logger.warn({ err: error }, "slack.refresh.failed");
  }
}
