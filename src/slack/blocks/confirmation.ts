// The confirmation card of a held call (PendingActionView), as a person reads it: waiting on you (Confirm / Cancel),
// working, and decided, expired or stale — each one sentence of what changes, before → after, why, who asked where.
import type { KnownBlock, Overflow } from "@slack/types";
import type { PendingActionView } from "../../agent/agent-types.ts";
import { ACTIONS, BLOCKS, actionId, blockId, encodeButtonValue } from "../ids.ts";
import {
  askedLine,
  cardMenu,
  cardSentence,
  changeBlock,
  expiryLine,
  isDestructive,
  quotedBlocks,
  reasonLine,
  sentenceForText,
} from "./card-parts.ts";
import { formatTime, type TimeOptions } from "./format.ts";
import { actions, button, confirmDialog, context, header, message, section, type Message } from "./kit.ts";
import { clip, codeBlock, oneLine, safeText } from "./limits.ts";

export { isDestructive } from "./card-parts.ts";

export type DecidedOutcome = "executed" | "failed" | "cancelled" | "expired" | "stale";

const ERROR_MAX = 1500;

/** The bold sentence of what will change; the block id keys the card to its action (button-binding and tests read it). */
function sentenceBlock(view: PendingActionView, extra: { key?: string; accessory?: Overflow } = {}): KnownBlock {
  return section(`*${safeText(cardSentence(view), 1200)}*`, {
    ...(extra.key ? { block_id: blockId(BLOCKS.pendingCard, extra.key) } : {}),
    ...(extra.accessory ? { accessory: extra.accessory } : {}),
  });
}

/** Confirm: red with an "are you sure" dialog when destructive, green otherwise. */
function confirmButton(view: PendingActionView, value: string) {
  const destructive = isDestructive(view);
  return button({
    text: "Confirm",
    style: destructive ? "danger" : "primary",
    actionId: actionId(ACTIONS.confirm, view.id),
    value,
    ...(destructive
      ? {
          confirm: confirmDialog({
            title: "Are you sure?",
            text: `${clip(cardSentence(view), 270)} Go ahead?`,
            confirm: "Yes, do it",
            deny: "Go back",
            danger: true,
          }),
        }
      : {}),
  });
}

/** The open card, waiting on a person: what changes, the record's words quoted, why, who asked where, the expiry. */
export function confirmationCard(view: PendingActionView, opts: TimeOptions): Message {
  const value = encodeButtonValue({ id: view.id });
  const blocks: KnownBlock[] = [
    header("Waiting on you: confirm or cancel"),
    sentenceBlock(view, { key: view.id }),
    ...changeBlock(view.change, "What changes"),
    ...quotedBlocks(view),
    context(reasonLine(view)),
    context(askedLine(view, opts), expiryLine(view, opts)),
    actions(blockId(BLOCKS.pendingActions, view.id), [
      confirmButton(view, value),
      button({ text: "Cancel", actionId: actionId(ACTIONS.cancel, view.id), value }),
      cardMenu(view, true),
    ]),
  ];
  return message(`Waiting on you: ${sentenceForText(view)}`, blocks);
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
    sentenceBlock(view),
    ...changeBlock(view.change, "What changes"),
    ...quotedBlocks(view),
    context(`${doing} (${safeText(oneLine(by.name), 100)}, ${formatTime(opts.now, opts)})`),
    context(askedLine(view, opts, "time")),
  ];
  return message(`${doing} ${sentenceForText(view)}`, blocks);
}

const TITLES: Record<DecidedOutcome, string> = {
  executed: "✅ Done",
  failed: "❌ Failed: nothing was changed",
  cancelled: "🚫 Cancelled: nothing was changed",
  expired: "⌛ Expired: nothing was changed",
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

/** The canceller's reason, quoted as theirs; a failure's error in words (stale and failed only). */
function afterLines(view: PendingActionView, outcome: DecidedOutcome, resultText: string | null | undefined): KnownBlock[] {
  if (outcome === "cancelled" && view.decisionNote) {
    return [section(`_Their reason, as they wrote it:_\n>“${safeText(oneLine(view.decisionNote), 500)}”`)];
  }
  if ((outcome === "failed" || outcome === "stale") && resultText) return [section(`*Why*\n${codeBlock(resultText, ERROR_MAX)}`)];
  return [];
}

/** The card once decided: no buttons; who decided, when, the outcome, what changed (or would have); details in the menu. */
export function confirmationCardDecided(
  view: PendingActionView,
  decision: { outcome: DecidedOutcome; decidedBy: string | null; at: Date; resultText?: string | null },
  opts: TimeOptions,
): Message {
  const by = safeText(oneLine(decision.decidedBy ?? "someone"), 100);
  const line = outcomeLine(decision.outcome, by, formatTime(decision.at, opts));
  const ran = decision.outcome === "executed";
  const blocks: KnownBlock[] = [
    header(TITLES[decision.outcome]),
    sentenceBlock(view, { accessory: cardMenu(view, false) }),
    ...changeBlock(view.change, ran ? "What changed" : "What would have changed"),
    ...quotedBlocks(view),
    section(line),
    ...afterLines(view, decision.outcome, decision.resultText),
    context(askedLine(view, opts, "time"), reasonLine(view, "then")),
  ];
  return message(`${TITLES[decision.outcome]}: ${sentenceForText(view)} ${line}`, blocks);
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
