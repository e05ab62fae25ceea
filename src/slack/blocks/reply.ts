// The model's reply as Slack `markdown` blocks (split at paragraphs, within the 12,000 cumulative limit), notices, and suggested prompts.
import type { ContextBlock, KnownBlock, MarkdownBlock } from "@slack/types";
import { context, fallback, type Message } from "./kit.ts";
import { LIMITS, safeText } from "./limits.ts";
import { markdownAsMrkdwn, toSlackMarkdown } from "./slack-markdown.ts";

/** Room kept in each chunk for closing and reopening a code fence cut in two. */
const FENCE_REPAIR = 8;
const CHUNK_MAX = LIMITS.markdownTotal - FENCE_REPAIR;
const FENCE = /^\s*(```|~~~)/;

export const TRUNCATED_NOTICE = "The reply was too long for Slack and was cut short; ask for a shorter answer or a narrower question.";

interface Piece {
  text: string;
  /** How it joins the piece before it: a paragraph break, or a line break inside a paragraph. */
  sep: "\n\n" | "\n";
}

/** Paragraphs (blank-line separated), never splitting inside a code fence. */
function paragraphs(text: string): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let inFence = false;
  for (const line of text.split("\n")) {
    if (FENCE.test(line)) inFence = !inFence;
    if (!inFence && line.trim() === "") {
      if (current.length) out.push(current.join("\n"));
      current = [];
      continue;
    }
    current.push(line);
  }
  if (current.length) out.push(current.join("\n"));
  return out;
}

/** Cuts an over-long string at the last whitespace before `max` (or hard at `max`), without an ellipsis. */
function hardSplit(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(" ", max);
    if (cut < max * 0.5) cut = max;
    if (/[\ud800-\udbff]/.test(rest.charAt(cut - 1))) cut -= 1;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, "");
  }
  out.push(rest);
  return out;
}

function pieces(text: string, max: number): Piece[] {
  return paragraphs(text).flatMap((para) => {
    if (para.length <= max) return [{ text: para, sep: "\n\n" as const }];
    const lines = para.split("\n").flatMap((line) => hardSplit(line, max));
    return lines.map((line, i) => ({ text: line, sep: i === 0 ? ("\n\n" as const) : ("\n" as const) }));
  });
}

/** Closes a code fence left open at the end of a chunk and reopens it at the start of the next. */
function repairFences(chunks: string[]): string[] {
  const out = [...chunks];
  for (let i = 0; i < out.length; i++) {
    const fences = out[i]!.split("\n").filter((l) => FENCE.test(l)).length;
    if (fences % 2 === 1 && i < out.length - 1) {
      out[i] = `${out[i]}\n\`\`\``;
      out[i + 1] = `\`\`\`\n${out[i + 1]}`;
    }
  }
  return out;
}

/** Splits markdown into chunks of at most `max` characters at paragraph (then line, then word) boundaries. */
export function splitMarkdown(text: string, max: number = CHUNK_MAX): string[] {
  const budget = Math.max(16, max - FENCE_REPAIR);
  const chunks: string[] = [];
  let current = "";
  for (const p of pieces(text, budget)) {
    const candidate = current ? `${current}${p.sep}${p.text}` : p.text;
    if (candidate.length <= budget) current = candidate;
    else {
      if (current) chunks.push(current);
      current = p.text;
    }
  }
  if (current) chunks.push(current);
  return repairFences(chunks);
}

const markdown = (text: string): MarkdownBlock => ({ type: "markdown", text });

/** Notices (budget warning, truncation) as one context block; more than ten are folded into the last element. */
function noticeContext(notices: readonly string[]): ContextBlock[] {
  const clean = notices.map((n) => n.trim()).filter(Boolean);
  if (!clean.length) return [];
  const head = clean.slice(0, LIMITS.contextElements - 1);
  const tail = clean.slice(LIMITS.contextElements - 1).join(" · ");
  return [context(...[...head, tail].filter(Boolean).map((n) => `ℹ️ ${safeText(n, 1000)}`))];
}

/** The model's text as Slack markdown: the same conversion and neutralisation as the streamed text (slack-markdown.ts). */
const prepared = (markdownText: string) => toSlackMarkdown(markdownText.trim()) || "_(Maestro has nothing to add.)_";

/** One message: the reply in a markdown block (cut at a paragraph with a notice when it exceeds 12,000), then notices. */
export function replyBlocks(markdownText: string, notices: readonly string[] = []): Message {
  const text = prepared(markdownText);
  const chunks = text.length <= LIMITS.markdownTotal ? [text] : splitMarkdown(text);
  const cut = chunks.length > 1;
  const blocks: KnownBlock[] = [markdown(chunks[0]!), ...noticeContext(cut ? [...notices, TRUNCATED_NOTICE] : notices)];
  return { text: fallback(markdownAsMrkdwn(chunks[0]!)), blocks };
}

/**
 * The whole reply over as many messages as it needs (each within the cumulative markdown limit), at most
 * `maxMessages`; notices go on the last. Post them in order in the same thread.
 */
export function replyMessages(markdownText: string, notices: readonly string[] = [], maxMessages = 4): Message[] {
  const text = prepared(markdownText);
  const chunks = text.length <= LIMITS.markdownTotal ? [text] : splitMarkdown(text);
  const kept = chunks.slice(0, Math.max(1, maxMessages));
  const lastNotices = kept.length < chunks.length ? [...notices, TRUNCATED_NOTICE] : notices;
  return kept.map((chunk, i) => ({
    text: fallback(markdownAsMrkdwn(chunk)),
    blocks: [markdown(chunk), ...(i === kept.length - 1 ? noticeContext(lastNotices) : [])],
  }));
}

/** The assistant's suggested prompts: the same four as manifest.yml. */
export function suggestedPrompts(): { title: string; message: string }[] {
  return [
    { title: "Intake queue", message: "What's in my intake queue?" },
    { title: "Role requests", message: "Any pending role requests?" },
    { title: "Workflow health", message: "Did the workflows run cleanly today?" },
    { title: "Funnel", message: "Give me a funnel summary for this month" },
  ];
}
