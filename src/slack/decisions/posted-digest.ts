// A role decision submitted in the reject modal, whose payload carries no message: the digest as posted (kept with its
// run) is updated, with every other request decided since also showing its outcome, so the update never brings back
// buttons someone already used, whenever and wherever they decided.
import { digestDecisionLine, digestPendingIds, markDigestDecision } from "../blocks/digest.ts";
import { callTool, humanActor, timeOptions } from "../tool-calls.ts";
import type { Decider } from "./show-outcome.ts";

/** How many of the newest decisions per status are looked through (a digest's rows are decided within days). */
const RECENT_DECISIONS = 100;

/** Throws what Slack throws; the caller logs it. */
export async function refreshPostedDigest(
  decider: Decider,
  at: { channel: string; ts: string },
  requestId: number,
  outcome: string,
): Promise<void> {
  const posted = await decider.surface.digest.postedMessage(at.channel, at.ts);
  if (!posted) {
    // An extra (uncounted) post keeps no run: the ephemeral notice alone tells the outcome.
    decider.surface.logger.warn({ channel: at.channel, ts: at.ts }, "slack.refresh.digest_unknown");
    return;
  }
  let blocks = posted.blocks;
  const others = digestPendingIds(blocks).filter((id) => id !== requestId);
  for (const [id, line] of await decidedLines(decider, others)) blocks = markDigestDecision(blocks, id, line);
  await decider.client.chat.update({
    channel: at.channel,
    ts: at.ts,
    text: posted.text,
    blocks: markDigestDecision(blocks, requestId, outcome),
  });
}

/** The outcome line of each of `ids` that is no longer pending, from list_role_requests as the deciding human. */
async function decidedLines(decider: Decider, ids: number[]): Promise<Map<number, string>> {
  const { surface } = decider;
  const actor = humanActor(decider.person, decider.slackUserId, "button");
  const lines = new Map<number, string>();
  for (const status of ["APPROVED", "REJECTED"] as const) {
    if (lines.size === ids.length) break;
    const listed = await callTool(surface, actor, "list_role_requests", { status, limit: RECENT_DECISIONS });
    if (!listed.ok) continue;
    for (const r of listed.result.requests) {
      if (ids.includes(r.id)) lines.set(r.id, digestDecisionLine(r, timeOptions(surface)));
    }
  }
  return lines;
}
