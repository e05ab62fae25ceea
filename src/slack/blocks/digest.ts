// The morning digest as Block Kit (its model is src/digest/digest-content.ts): what matters first, acted on in place.
import type { KnownBlock } from "@slack/types";
import { BLOCKS, COMMAND } from "../ids.ts";
import { isPartError, isQuiet, type DigestContent, type DigestPart } from "../../digest/digest-content.ts";
import {
  activityLine,
  allClear,
  changesLine,
  failuresPart,
  headline,
  newIntakesPart,
  queueLine,
  roleRequestsPart,
  todayPart,
} from "./digest-sections.ts";
import { formatClock, formatDay, formatTime, plural, type TimeOptions } from "./format.ts";
import { context, divider, header, message, section, type Message } from "./kit.ts";
import { oneLine, safeText } from "./limits.ts";
import type { RoleRequest } from "./role-requests.ts";

export function digestBlocks(content: DigestContent, now: Date): Message {
  const opts: TimeOptions = { timeZone: content.timeZone, now };
  const day = formatDay(content.generatedAt, opts).replace(/^Today · /, "");
  const blocks: KnownBlock[] = [
    { ...header(`☀️ Morning digest · ${day}`), block_id: BLOCKS.digest },
    context(`What matters first · ${formatClock(content.generatedAt, content.timeZone)} ${safeText(content.timeZone, 60)}`),
  ];
  if (content.summary) blocks.push(section(`💬 _${safeText(oneLine(content.summary), 600)}_`));
  if (isQuiet(content)) {
    blocks.push(section(allClear(content)), context(queueLine(content)), ...todayPart(content, opts));
  } else {
    blocks.push(headline(content), divider());
    blocks.push(...newIntakesPart(content, opts), context(queueLine(content)), divider());
    blocks.push(...roleRequestsPart(content, opts), divider());
    blocks.push(...failuresPart(content, opts), divider());
    blocks.push(...todayPart(content, opts));
  }
  blocks.push(context(activityLine(content)), context(changesLine(content, opts)));
  blocks.push(context(["queue", "approvals", "workflows failed", "bookings", "digest"].map((c) => `\`${COMMAND} ${c}\``).join(" · ")));
  return message(fallbackText(content), blocks);
}

/** The notification text: the headline numbers in one line. */
function fallbackText(c: DigestContent): string {
  const n = (part: DigestPart<{ total: number }>, word: string) => (isPartError(part) ? `? ${word}s` : plural(part.total, word));
  return `Morning digest: ${n(c.newIntakes, "new intake")}, ${n(c.roleRequests, "pending role request")}, ${n(c.failures, "workflow failure")} in 24 h.`;
}

/**
 * After a click decided a request in a posted digest: the digest as it was, with that request's buttons
 * replaced by the outcome. Pure; the listener sends it with chat.update.
 */
export function markDigestDecision(blocks: readonly KnownBlock[], requestId: number, outcome: string): KnownBlock[] {
  const target = `${BLOCKS.digestRoleActions}:${requestId}`;
  return blocks.map((b) => (b.block_id === target ? { ...context(safeText(outcome, 2000)), block_id: target } : b));
}

/** The request ids whose Approve / Reject buttons a digest still shows. */
export function digestPendingIds(blocks: readonly KnownBlock[]): number[] {
  const prefix = `${BLOCKS.digestRoleActions}:`;
  return blocks
    .flatMap((b) => (b.type === "actions" && b.block_id?.startsWith(prefix) ? [Number(b.block_id.slice(prefix.length))] : []))
    .filter(Number.isSafeInteger);
}

const DECIDED = { APPROVED: "✅ Approved", REJECTED: "❌ Rejected" } as Record<string, string>;

/** A decided request as list_role_requests, approve_role_request and reject_role_request return it. */
export type DecidedRequest = Pick<RoleRequest, "status" | "decided_by" | "decided_at">;

/** What a decided request shows in a digest instead of its buttons: "✅ Approved by Tom Bexley · Tue 24 Nov, 09:14". */
export function digestDecisionLine(r: DecidedRequest, opts: TimeOptions): string {
  const by = r.decided_by ? safeText(oneLine(r.decided_by.name ?? `user ${r.decided_by.id}`), 100) : "someone";
  const when = r.decided_at ? ` · ${formatTime(r.decided_at, opts)}` : "";
  return `${DECIDED[r.status] ?? safeText(r.status, 30)} by ${by}${when}`;
}
