// The confirmation card of a gated call (PendingActionView): open with Confirm / Cancel, working, and decided.
import type { KnownBlock } from "@slack/types";
import type { PendingActionView } from "../../agent/agent-types.ts";
import { ACTIONS, BLOCKS, actionId, blockId, encodeButtonValue } from "../ids.ts";
import { formatTime, relative, type TimeOptions } from "./format.ts";
import { actions, button, confirmDialog, context, header, message, section, type Message } from "./kit.ts";
import { clip, codeBlock, compactJson, oneLine, safeText } from "./limits.ts";

export type DecidedOutcome = "executed" | "failed" | "cancelled" | "expired" | "stale";

const ARGS_MAX = 1500;
const RESULT_MAX = 1500;

/**
 * Whether Confirm gets a second "are you sure" dialog. A pending update_intake_status is always a reject, an early
 * close or a backward move (advances never wait for a card), so every one of them is destructive; rejecting a role
 * request and cancelling a slot are final too. Approving a role grants, and the card itself is that confirmation.
 */
export function isDestructive(toolName: string, args: Record<string, unknown>): boolean {
  switch (toolName) {
    case "reject_role_request":
    case "cancel_availability_slot":
      return true;
    case "update_intake_status":
      return typeof args.new_status === "string";
    default:
      return false;
  }
}

/** The summary as a sentence: a full stop added unless it already ends in one (or a closing quote). */
const sentence = (text: string) => (/[.!?…”"]$/.test(text) ? text : `${text}.`);

/**
 * The card's own words (the summary, built from trusted fields) and the exact arguments, fenced as data. Text the
 * model proposed or a record holds never reaches the bold line: it is in the fence, or quoted by quotedBlocks.
 */
function summaryBlock(view: PendingActionView, key?: string) {
  const text = `*${safeText(oneLine(view.summary), 1200)}*\n\`${view.toolName}\` with these arguments, as proposed:\n${codeBlock(compactJson(view.args), ARGS_MAX)}`;
  return section(text, key ? { block_id: blockId(BLOCKS.pendingCard, key) } : {});
}

const QUOTED_MAX = 4;
const QUOTE_TEXT_MAX = 300;

/** Record text (a contact's name, a proposed note) quoted under its label: what the record says, never what Maestro says. */
function quotedBlocks(view: PendingActionView): KnownBlock[] {
  if (!view.quoted.length) return [];
  const lines = view.quoted
    .slice(0, QUOTED_MAX)
    .map((q) => `_${safeText(oneLine(q.label), 100)}:_\n>“${safeText(oneLine(q.text), QUOTE_TEXT_MAX)}”`);
  return [section(`*What the record says* (written outside the studio; quoted as data, not an instruction):\n${lines.join("\n")}`)];
}

/** The open card: what will happen, the exact arguments, why it waits, who asked, when it expires; Confirm and Cancel. */
export function confirmationCard(view: PendingActionView, opts: TimeOptions): Message {
  const value = encodeButtonValue({ id: view.id });
  const destructive = isDestructive(view.toolName, view.args);
  const expiry =
    view.expiresAt.getTime() > opts.now.getTime()
      ? `Expires ${relative(view.expiresAt, opts.now)} (${formatTime(view.expiresAt, opts)})`
      : `Expired ${relative(view.expiresAt, opts.now)}`;
  const blocks: KnownBlock[] = [
    header("Needs your confirmation"),
    summaryBlock(view, view.id),
    ...quotedBlocks(view),
    context(`*Why it waits for a click:* ${safeText(view.reason, 800)}`),
    context(`Asked by ${safeText(oneLine(view.requestedBy.name), 100)} · ${relative(view.createdAt, opts.now)}`, expiry),
    actions(blockId(BLOCKS.pendingActions, view.id), [
      button({
        text: "Confirm",
        style: "primary",
        actionId: actionId(ACTIONS.confirm, view.id),
        value,
        ...(destructive
          ? {
              confirm: confirmDialog({
                title: "This cannot be undone",
                text: `${clip(sentence(oneLine(view.summary)), 285)} Go ahead?`,
                confirm: "Yes, do it",
                danger: true,
              }),
            }
          : {}),
      }),
      button({ text: "Cancel", actionId: actionId(ACTIONS.cancel, view.id), value }),
    ]),
  ];
  return message(`Needs your confirmation: ${view.summary}`, blocks);
}

/** Shown the moment a button is clicked: the buttons are gone, so the card cannot be clicked twice. */
export function confirmationCardWorking(
  view: PendingActionView,
  by: { name: string; decision: "confirm" | "cancel" },
  opts: TimeOptions,
): Message {
  const doing = by.decision === "confirm" ? "Confirmed — working on it…" : "Cancelling…";
  const blocks: KnownBlock[] = [
    header(by.decision === "confirm" ? "⏳ Working on it…" : "⏳ Cancelling…"),
    summaryBlock(view),
    ...quotedBlocks(view),
    context(`${doing} (${safeText(oneLine(by.name), 100)}, ${formatTime(opts.now, opts)})`),
  ];
  return message(`${doing} ${view.summary}`, blocks);
}

const TITLES: Record<DecidedOutcome, string> = {
  executed: "✅ Done",
  failed: "❌ Failed",
  cancelled: "🚫 Cancelled",
  expired: "⌛ Expired",
  stale: "⚠️ Not run: it changed meanwhile",
};

function outcomeLine(outcome: DecidedOutcome, by: string, when: string): string {
  switch (outcome) {
    case "executed":
      return `Confirmed by ${by} · ${when}. It ran.`;
    case "failed":
      return `Confirmed by ${by} · ${when}. It failed; nothing was changed.`;
    case "cancelled":
      return `Cancelled by ${by} · ${when}. Nothing was changed.`;
    case "expired":
      return `Nobody decided in time (${when}). Nothing was changed; ask again if it is still wanted.`;
    case "stale":
      return `Confirmed by ${by} · ${when}, but the record changed after the card was posted. Nothing was done; ask again if it is still wanted.`;
  }
}

/** The card once decided: no buttons; who decided, when, the outcome and the (clipped) result. */
export function confirmationCardDecided(
  view: PendingActionView,
  decision: { outcome: DecidedOutcome; decidedBy: string | null; at: Date; resultText?: string | null },
  opts: TimeOptions,
): Message {
  const by = safeText(oneLine(decision.decidedBy ?? "someone"), 100);
  const line = outcomeLine(decision.outcome, by, formatTime(decision.at, opts));
  const blocks: KnownBlock[] = [header(TITLES[decision.outcome]), summaryBlock(view), ...quotedBlocks(view), section(line)];
  if (decision.resultText && decision.outcome !== "cancelled" && decision.outcome !== "expired") {
    blocks.push(section(`*Result*\n${codeBlock(decision.resultText, RESULT_MAX)}`));
  }
  blocks.push(context(`Asked by ${safeText(oneLine(view.requestedBy.name), 100)} · ${formatTime(view.createdAt, opts)}`));
  return message(`${TITLES[decision.outcome]}: ${sentence(oneLine(view.summary))} ${line}`, blocks);
}

/**
 * The card for a view in whatever state it is in: open while pending, working once confirmed, decided after.
 * `stale` comes from DecisionOutcome "decided" (a confirmed call that found the record changed).
 */
export function cardForView(view: PendingActionView, opts: TimeOptions & { stale?: boolean }): Message {
  if (view.status === "pending") return confirmationCard(view, opts);
  if (view.status === "confirmed")
    return confirmationCardWorking(view, { name: view.decidedBy?.name ?? "someone", decision: "confirm" }, opts);
  const settled: readonly string[] = ["executed", "failed", "cancelled", "expired"];
  const outcome: DecidedOutcome = opts.stale ? "stale" : settled.includes(view.status) ? (view.status as DecidedOutcome) : "failed";
  return confirmationCardDecided(
    view,
    { outcome, decidedBy: view.decidedBy?.name ?? null, at: view.decidedAt ?? opts.now, resultText: view.resultText ?? null },
    opts,
  );
}
