// Role requests (list_role_requests) with Approve / Reject per pending request (Reject opens reject-reason-modal.ts).
import type { Button, KnownBlock } from "@slack/types";
import { ACTIONS, BLOCKS, actionId, blockId, encodeButtonValue } from "../ids.ts";
import { age, formatTime, type TimeOptions } from "./format.ts";
import { actions, button, confirmDialog, context, header, message, moreNote, section, type Message } from "./kit.ts";
import { clip, oneLine, safeText } from "./limits.ts";
import { countsLine } from "./queue.ts";

/** Requests shown in one message (two blocks each when pending). */
export const ROLE_REQUESTS_MAX_ITEMS = 15;

/**
 * "the ADMIN role request of “Mia Member”": the words on the modal and in confirm dialogs. The name is what the member
 * typed, so it is quoted as theirs, never part of the sentence (docs/untrusted-text.md).
 */
export const roleRequestSummary = (r: Pick<RoleRequest, "user" | "requested_role">): string =>
  `the ${r.requested_role} role request of “${oneLine(r.user.name)}”`;

function decisionButtons(r: RoleRequest): Button[] {
  const summary = roleRequestSummary(r);
  const approve = button({
    text: "Approve",
    style: "primary",
    actionId: actionId(ACTIONS.roleApprove, r.id),
    value: encodeButtonValue({ id: r.id }),
    accessibilityLabel: `Approve ${summary}`,
    // An ADMIN grant is the one decision in a list that hands over the keys: one more deliberate click.
    ...(r.requested_role === "ADMIN"
      ? {
          confirm: confirmDialog({
            title: "Grant ADMIN?",
            text: `Approve ${summary}? ADMINs can approve role requests and confirm every gated action. This takes effect at once.`,
            confirm: "Approve ADMIN",
            danger: true,
          }),
        }
      : {}),
  });
  const reject = button({
    text: "Reject…",
    style: "danger",
    actionId: actionId(ACTIONS.roleReject, r.id),
    value: encodeButtonValue({ id: r.id, label: clip(summary, 300) }),
    accessibilityLabel: `Reject ${summary}`,
  });
  return [approve, reject];
}

/** One request: who, which role, their reason; Approve / Reject when it is still pending. */
export function roleRequestItemBlocks(r: RoleRequest, opts: TimeOptions): KnownBlock[] {
  const roles = r.current_roles.length ? r.current_roles.join(", ") : "none";
  const lines = [
    `*${safeText(oneLine(r.user.name), 200)}* asks for *${safeText(r.requested_role, 50)}* · #${r.id} · ${age(r.submitted_at, opts.now)} ago`,
    `Holds: ${safeText(roles, 200)}${r.user.email ? ` · ${safeText(r.user.email, 200)}` : ""}`,
  ];
  if (r.reason) lines.push(`>${safeText(oneLine(r.reason), 600)}`);
  if (r.status !== "PENDING") {
    const by = r.decided_by ? safeText(oneLine(r.decided_by.name ?? `user ${r.decided_by.id}`), 100) : "someone";
    const why = r.decision_reason ? ` — “${safeText(oneLine(r.decision_reason), 600)}”` : "";
    lines.push(`*${r.status}* by ${by}${r.decided_at ? ` · ${formatTime(r.decided_at, opts)}` : ""}${why}`);
    return [section(lines.join("\n"), { block_id: blockId(BLOCKS.roleRequest, r.id) })];
  }
  return [
    section(lines.join("\n"), { block_id: blockId(BLOCKS.roleRequest, r.id) }),
    actions(blockId(BLOCKS.roleActions, r.id), decisionButtons(r)),
  ];
}

export function roleRequestBlocks(result: ToolOutput<"list_role_requests">, opts: TimeOptions): Message {
  const status = result.filter.status;
  if (result.total === 0) {
    const line = status === "ALL" ? "There are no role requests." : `No ${status.toLowerCase()} role requests.`;
    return message(line, [section(line)]);
  }
  const shown = result.requests.slice(0, ROLE_REQUESTS_MAX_ITEMS);
  const blocks: KnownBlock[] = [header(`Role requests · ${countsLine(result.counts_by_status)}`)];
  if (!shown.length) blocks.push(section(`No requests on this page (offset ${result.offset} of ${result.total}).`));
  for (const r of shown) blocks.push(...roleRequestItemBlocks(r, opts));
  const more = moreNote(shown.length, result.total, "ask Maestro for the rest.", result.offset);
  if (more) blocks.push(context(more));
  const label = status === "ALL" ? "" : `${status.toLowerCase()} `;
  return message(`${result.total} ${label}role request${result.total === 1 ? "" : "s"}.`, blocks);
}

// The reject-reason modal lives in its own file; re-exported here, where the Reject button is.
export {
  readRejectSubmission,
  rejectReasonModal,
  REJECT_REASON_MAX,
  type RejectSubmission,
  type RejectSubmissionView,
} from "./reject-reason-modal.ts";

import type { ToolOutput } from "../../tools/catalogue.ts";

/** A request as list_role_requests shows it; a decided one carries who decided, why and when. */
export type RoleRequest = ToolOutput<"list_role_requests">["requests"][number];
