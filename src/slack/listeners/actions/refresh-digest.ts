// After a role request in a posted digest was decided: that request's buttons become the outcome, and the
// rest of the digest stays as posted (re-rendering a list there would replace the whole digest).
import type { AllMiddlewareArgs, BlockButtonAction } from "@slack/bolt";
import type { KnownBlock } from "@slack/types";
import type { Actor } from "../../../domain/actor.ts";
import { digestDecisionLine, digestPendingIds, markDigestDecision } from "../../blocks/digest.ts";
import type { RoleRequestsResult } from "../../blocks/role-requests.ts";
import { BLOCKS } from "../../ids.ts";
import type { Surface } from "../../surface.ts";
import { callTool, timeOptions } from "../../tool-calls.ts";

type Client = AllMiddlewareArgs["client"];

/** The clicked button sits in a digest (its block id says so). */
export const isDigestAction = (blockId: string | undefined): boolean => (blockId ?? "").startsWith(`${BLOCKS.digestRoleActions}:`);

/** After a click: Slack sends the message's blocks with a click on a channel message (not on an ephemeral preview). */
export async function refreshDigest(
  surface: Surface,
  client: Client,
  body: BlockButtonAction,
  requestId: number,
  outcome: string,
): Promise<void> {
  const channel = body.container?.channel_id as string | undefined;
  const ts = body.container?.message_ts as string | undefined;
  const blocks = (body.message as { blocks?: KnownBlock[] } | undefined)?.blocks;
  if (!channel || !ts || body.container?.is_ephemeral || !blocks?.length) return;
  try {
    const text = typeof body.message?.text === "string" ? body.message.text : "Morning digest";
    await client.chat.update({ channel, ts, text, blocks: markDigestDecision(blocks, requestId, outcome) });
  } catch (error) {
    surface.logger.warn({ err: error }, "slack.refresh.failed");
  }
}

/**
 * After a decision submitted in a modal, whose payload carries no message: the digest as posted (kept with its
 * run), where every other request decided since also shows its outcome, so the update never brings back buttons
 * someone already used, whenever and wherever they decided.
 */
export async function refreshPostedDigest(
  surface: Surface,
  client: Client,
  actor: Actor,
  at: { channel: string; ts: string },
  requestId: number,
  outcome: string,
): Promise<void> {
  try {
    const posted = await surface.digest?.postedMessage(at.channel, at.ts);
    if (!posted) {
      // An extra (uncounted) post keeps no run: the ephemeral notice alone tells the outcome.
      surface.logger.warn({ channel: at.channel, ts: at.ts }, "slack.refresh.digest_unknown");
      return;
    }
    let blocks = posted.blocks;
    const others = digestPendingIds(blocks).filter((id) => id !== requestId);
    for (const [id, line] of await decidedLines(surface, actor, others)) blocks = markDigestDecision(blocks, id, line);
    await client.chat.update({ channel: at.channel, ts: at.ts, text: posted.text, blocks: markDigestDecision(blocks, requestId, outcome) });
  } catch (error) {
    surface.logger.warn({ err: error }, "slack.refresh.failed");
  }
}

/** How many of the newest decisions per status are looked through (a digest's rows are decided within days). */
const RECENT_DECISIONS = 100;

/** The outcome line of each of `ids` that is no longer pending, from list_role_requests as the deciding human. */
async function decidedLines(surface: Surface, actor: Actor, ids: number[]): Promise<Map<number, string>> {
  const lines = new Map<number, string>();
  for (const status of ["APPROVED", "REJECTED"] as const) {
    if (lines.size === ids.length) break;
    const listed = await callTool(surface, actor, "list_role_requests", { status, limit: RECENT_DECISIONS });
    if (!listed.ok) continue;
    for (const r of (listed.result as unknown as RoleRequestsResult).requests) {
      if (ids.includes(r.id)) lines.set(r.id, digestDecisionLine(r, timeOptions(surface)));
    }
  }
  return lines;
}
