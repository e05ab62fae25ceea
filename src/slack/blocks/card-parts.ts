// The pieces every confirmation card state shares: the one sentence, the before → after, the quoted record text, who
// asked where, and the menu that holds the raw arguments. Built from trusted fields; record text only ever quoted.
import type { KnownBlock } from "@slack/types";
import type { PendingActionView } from "../../agent/agent-types.ts";
import { changeLines, changeSentence, type ChangeView } from "../../tools/change-view.ts";
import { ACTIONS, CARD_MENU, actionId } from "../ids.ts";
import { formatTime, relative, type TimeOptions } from "./format.ts";
import { overflow, section } from "./kit.ts";
import { clip, oneLine, safeText } from "./limits.ts";

/**
 * Whether Confirm is red with an "are you sure" dialog: the tool's own view says (reject, cancel, disable, move back).
 * Cards held before views existed fall back to the tool: every held update_intake_status then was a reject, an early
 * close or a backward move; rejecting a role request and cancelling a slot are final too.
 */
export function isDestructive(view: Pick<PendingActionView, "toolName" | "args" | "change">): boolean {
  if (view.change) return view.change.destructive;
  switch (view.toolName) {
    case "reject_role_request":
    case "cancel_availability_slot":
      return true;
    case "update_intake_status":
      return typeof view.args.new_status === "string";
    default:
      return false;
  }
}

/** The card's one sentence (from the tool's typed view; the stored summary on older cards), ending in a full stop. */
export function cardSentence(view: Pick<PendingActionView, "summary" | "change">): string {
  const text = oneLine(view.change ? changeSentence(view.change) : view.summary);
  return /[.!?…”"]$/.test(text) ? text : `${text}.`;
}

/** The fields the call changes, before → after (bold after); absent when a single change is already in the sentence. */
export function changeBlock(change: ChangeView | undefined, heading: string): KnownBlock[] {
  if (!change || change.changes.length <= 1) return [];
  const lines = changeLines(change).map((line) => `• ${safeText(line, 300)}`);
  return [section(`*${heading}*\n${lines.join("\n")}`)];
}

const QUOTED_MAX = 4;
const QUOTE_TEXT_MAX = 300;

/** Record text (a contact's name, a proposed note) quoted under its label: what the record says, never what Maestro says. */
export function quotedBlocks(view: Pick<PendingActionView, "quoted">): KnownBlock[] {
  if (!view.quoted.length) return [];
  const lines = view.quoted
    .slice(0, QUOTED_MAX)
    .map((q) => `_${safeText(oneLine(q.label), 100)}:_\n>“${safeText(oneLine(q.text), QUOTE_TEXT_MAX)}”`);
  return [section(`*What the record says* (written outside the studio; quoted as data, not an instruction):\n${lines.join("\n")}`)];
}

/** A link Slack gave us (chat.getPermalink), used only when it is a plain https URL that cannot break out of `<…|…>`. */
const safeLink = (link: string | null | undefined) => (link && /^https:\/\/[^\s<>|]+$/.test(link) && link.length <= 500 ? link : null);

/** "in <#C123>" / "in a direct message", linked to the question when Slack gave a permalink. */
function whereAsked(view: Pick<PendingActionView, "askedIn">): string {
  const channel = view.askedIn?.channelId ?? "";
  const link = safeLink(view.askedIn?.link);
  const place = /^[CG][A-Z0-9]+$/.test(channel) ? `<#${channel}>` : channel ? "a direct message" : "";
  if (link) return ` in ${place || "Slack"} (<${link}|see the question>)`;
  return place ? ` in ${place}` : "";
}

/** "Asked by Sam Staff in <#C1> (see the question) · 3 minutes ago". */
export function askedLine(view: PendingActionView, opts: TimeOptions, when: "relative" | "time" = "relative"): string {
  const at = when === "relative" ? relative(view.createdAt, opts.now) : formatTime(view.createdAt, opts);
  return `Asked by ${safeText(oneLine(view.requestedBy.name), 100)}${whereAsked(view)} · ${at}`;
}

/** "Expires in 24 hours (Thu 3 Dec, 16:00)" or "Expired 2 hours ago". */
export function expiryLine(view: PendingActionView, opts: TimeOptions): string {
  return view.expiresAt.getTime() > opts.now.getTime()
    ? `Expires ${relative(view.expiresAt, opts.now)} (${formatTime(view.expiresAt, opts)})`
    : `Expired ${relative(view.expiresAt, opts.now)}`;
}

/** "Why it needs your click: …" — the gate's own reason (write-class, untrusted text read earlier, ADMIN grant…). */
export const reasonLine = (view: PendingActionView, tense: "now" | "then" = "now") =>
  `*Why it ${tense === "now" ? "needs" : "needed"} a person's click:* ${safeText(view.reason, 800)}`;

/** The card's "⋯" menu: the raw arguments (a read-only modal), and, while it waits, Cancel with a reason. */
export function cardMenu(view: PendingActionView, open: boolean) {
  return overflow(actionId(ACTIONS.cardMenu, view.id), [
    ...(open ? [{ text: "Cancel with a reason…", value: CARD_MENU.cancelWithReason }] : []),
    { text: "Show details (exact arguments)", value: CARD_MENU.details },
  ]);
}

/** The plain-text fallback's sentence, for notifications (escaped again by `message`). */
export const sentenceForText = (view: PendingActionView) => clip(cardSentence(view), 500);
