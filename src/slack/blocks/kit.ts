// Tiny Block Kit constructors that clip to Slack's limits, so a builder cannot produce an oversized block by accident.
import type {
  ActionsBlock,
  Button,
  ConfirmationDialog,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  Overflow,
  PlainTextElement,
  SectionBlock,
} from "@slack/types";
import { clip, escapeMrkdwn, LIMITS, oneLine } from "./limits.ts";

/** What a message builder returns: blocks, and the plain-text fallback for notifications and screen readers. */
export interface Message {
  text: string;
  blocks: KnownBlock[];
}

export const plain = (text: string, max: number = LIMITS.textObject): PlainTextElement => ({
  type: "plain_text",
  text: clip(text, max) || " ",
  emoji: true,
});

/**
 * A mrkdwn text object. `verbatim: true` stops Slack's own pre-processing (auto-linked URLs, channel names and
 * mentions), so escaped user text stays inert; Maestro writes no links of its own.
 */
export const mrkdwn = (text: string, max: number = LIMITS.textObject): MrkdwnElement => ({
  type: "mrkdwn",
  text: clip(text, max) || " ",
  verbatim: true,
});

export const header = (text: string): HeaderBlock => ({ type: "header", text: plain(oneLine(text), LIMITS.headerText) });

export const section = (text: string, extra: Partial<Pick<SectionBlock, "accessory" | "block_id">> = {}): SectionBlock => ({
  type: "section",
  text: mrkdwn(text, LIMITS.sectionText),
  ...extra,
});

/** A two-column section; at most 10 fields are kept, each clipped to 2,000 (a section needs text or a field). */
export function fields(items: readonly string[], text?: string): SectionBlock {
  const kept = items.slice(0, LIMITS.sectionFields).map((f) => mrkdwn(f, LIMITS.fieldText));
  return {
    type: "section",
    ...(text || !kept.length ? { text: mrkdwn(text ?? "—", LIMITS.sectionText) } : {}),
    ...(kept.length ? { fields: kept } : {}),
  };
}

/** A context line; at most 10 elements are kept (and at least one). */
export function context(...items: string[]): ContextBlock {
  const kept = items.filter((t) => t.length > 0).slice(0, LIMITS.contextElements);
  return { type: "context", elements: (kept.length ? kept : ["—"]).map((t) => mrkdwn(t)) };
}

export const divider = (): DividerBlock => ({ type: "divider" });

/** An overflow menu ("⋯"): options of a few words each, their values our own constants. */
export const overflow = (actionId: string, options: readonly { text: string; value: string }[]): Overflow => ({
  type: "overflow",
  action_id: actionId,
  options: options.slice(0, LIMITS.overflowOptions).map((o) => ({ text: plain(o.text, LIMITS.optionText), value: o.value })),
});

export const actions = (blockId: string, elements: (Button | Overflow)[]): ActionsBlock => ({
  type: "actions",
  block_id: blockId,
  elements: elements.slice(0, LIMITS.actionsElements),
});

export function confirmDialog(options: {
  title: string;
  text: string;
  confirm: string;
  deny?: string;
  danger?: boolean;
}): ConfirmationDialog {
  return {
    title: plain(oneLine(options.title), LIMITS.confirmTitle),
    text: plain(options.text, LIMITS.confirmText),
    confirm: plain(options.confirm, LIMITS.confirmButton),
    deny: plain(options.deny ?? "Go back", LIMITS.confirmButton),
    ...(options.danger ? { style: "danger" as const } : {}),
  };
}

export function button(options: {
  text: string;
  actionId: string;
  value: string;
  style?: "primary" | "danger";
  confirm?: ConfirmationDialog;
  accessibilityLabel?: string;
}): Button {
  if (options.value.length > LIMITS.buttonValue) throw new Error(`button value longer than ${LIMITS.buttonValue} characters`);
  return {
    type: "button",
    text: plain(options.text, LIMITS.buttonText),
    action_id: options.actionId,
    value: options.value,
    ...(options.style ? { style: options.style } : {}),
    ...(options.confirm ? { confirm: options.confirm } : {}),
    ...(options.accessibilityLabel ? { accessibility_label: clip(options.accessibilityLabel, LIMITS.buttonText) } : {}),
  };
}

/** A message's fallback text: escaped (so it cannot notify anyone) and within Slack's 40,000. */
export const fallback = (text: string): string => clip(escapeMrkdwn(text), LIMITS.messageText) || " ";

const n = (x: number) => x.toLocaleString("en-GB");

/** "Showing 20 of 500 — and 480 more: {hint}" (the hint escaped: `<status>` is text, not a link), "Showing 21–40 of 500 …", or "" when everything is shown. */
export function moreNote(shown: number, total: number, hint?: string, offset = 0): string {
  const last = offset + shown;
  const remaining = total - last;
  if (offset === 0 && remaining <= 0) return "";
  const range = offset > 0 ? `${n(offset + 1)}–${n(last)}` : n(shown);
  if (remaining <= 0) return `Showing ${range} of ${n(total)}.`;
  return `Showing ${range} of ${n(total)} — and ${n(remaining)} more${hint ? `: ${escapeMrkdwn(hint)}` : "."}`;
}

/**
 * The last guard of every builder: keeps at most `max` blocks, replacing the tail with one context line, so a
 * surprise in the input degrades the message instead of getting it rejected.
 */
export function capBlocks(blocks: KnownBlock[], max: number = LIMITS.messageBlocks): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  return [...kept, context(`_${blocks.length - kept.length} more blocks left out to fit Slack's limit._`)];
}

export const message = (text: string, blocks: KnownBlock[], max: number = LIMITS.messageBlocks): Message => ({
  text: fallback(text),
  blocks: capBlocks(blocks, max),
});
