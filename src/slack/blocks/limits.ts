// Slack's Block Kit limits as constants (STACK.md "Slack limits worth a test"), plus the text helpers that keep user text within them.

/** Documented limits. Lengths are counted in UTF-16 code units, which is never less than Slack's character count. */
export const LIMITS = {
  messageBlocks: 50,
  /** App Home tabs and modals. */
  viewBlocks: 100,
  /** Message `text`: Slack truncates past this (it does not reject). */
  messageText: 40_000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  /** Any text object not covered by a narrower limit (context elements, section text). */
  textObject: 3000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  overflowOptions: 5,
  selectOptions: 100,
  optionText: 75,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  /** One markdown block. */
  markdownText: 12_000,
  /** "The cumulative limit for all markdown blocks in a single payload is 12,000 characters" (markdown block reference). */
  markdownTotal: 12_000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  modalTitle: 24,
  /** A modal's submit and close button text. */
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  /** plain_text_input min_length / max_length. */
  plainTextInputMax: 3000,
  /** Suggested prompts in the assistant / agent view. */
  suggestedPrompts: 4,
} as const;

const ELLIPSIS = "…";

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * Cuts `text` to at most `max` characters, on a word boundary when one is near the end, ending with "…".
 * Never splits a surrogate pair (emoji) or an HTML entity left by escapeMrkdwn (&amp; &lt; &gt;).
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  if (max === 1) return ELLIPSIS;
  let end = max - ELLIPSIS.length;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  let cut = text.slice(0, end);
  const partialEntity = /&[a-z]{0,3}$/.exec(cut);
  if (partialEntity) cut = cut.slice(0, partialEntity.index);
  // Prefer a word boundary when it keeps most of the text; a long unbroken string is cut mid-word.
  const atBoundary = /\s/.test(text.charAt(cut.length));
  const space = cut.search(/\s\S*$/);
  if (!atBoundary && space > cut.length * 0.7) cut = cut.slice(0, space);
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

/** Escapes the three characters mrkdwn treats as control, so user text cannot make mentions (<!channel>, <@U…>) or links. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** User text made safe for a mrkdwn field and cut to fit it. */
export const safeText = (text: string, max: number): string => clip(escapeMrkdwn(text), max);

/** One line: newlines and runs of whitespace collapsed (for names in headers and list lines). */
export const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();

/** Text for inside a ``` fence: escaped, and a ``` inside it cannot close the fence early. */
export function fenceSafe(text: string): string {
  return escapeMrkdwn(text).replace(/```/g, "`\u200b``");
}

/** A mrkdwn code block holding `text` (escaped), the whole block at most `max` characters. */
export function codeBlock(text: string, max: number): string {
  return "```" + clip(fenceSafe(text), Math.max(1, max - 6)) + "```";
}

/** Compact one-line JSON of a value, for argument and result previews. */
export function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "null";
  } catch {
    return String(value);
  }
}
