// Block Kit → terminal lines, with every button numbered so the console can click it; the one Block Kit → text
// renderer (the console, `maestro digest --preview`, tests that read a message as text). Pure.
import { renderMarkdown, renderMrkdwn } from "./mrkdwn.ts";
import { plainStyle, sanitize, visibleLength, type Style } from "./style.ts";

/** A button as the console shows it: `[n] Label`, and what a click needs. */
export interface RenderedButton {
  n: number;
  label: string;
  actionId: string;
  value?: string;
  blockId?: string;
  url?: string;
  /** The "are you sure?" dialog Slack shows before the click counts. */
  confirm?: { title: string; text: string; confirm: string; deny: string };
}

export interface RenderedBlocks {
  lines: string[];
  buttons: RenderedButton[];
}

type Node = Record<string, unknown>;

const DIVIDER_WIDTH = 48;
const FIELD_COLUMN_MAX = 40;

const textOf = (t: unknown): string => (t && typeof t === "object" ? String((t as Node).text ?? "") : "");

/** A text object: mrkdwn is rendered, plain_text is shown as is (minus control characters). */
function textObject(t: unknown, style: Style): string {
  if (!t || typeof t !== "object") return "";
  const node = t as Node;
  return node.type === "mrkdwn" ? renderMrkdwn(String(node.text ?? ""), style) : sanitize(String(node.text ?? ""));
}

/** A two-line field "*Label*\nvalue" reads best as "Label: value" on one line. */
function fieldText(t: unknown, style: Style): string {
  const raw = textOf(t);
  const labelled = /^\*([^*\n]+)\*\n([\s\S]+)$/.exec(raw);
  if (labelled && !labelled[2]!.includes("\n")) return renderMrkdwn(`*${labelled[1]}:* ${labelled[2]}`, style);
  return textObject(t, style).replace(/\n/g, " ");
}

/** Fields two to a row, the left column padded so the right one lines up. */
function fieldRows(fields: unknown[], style: Style): string[] {
  const cells = fields.map((f) => fieldText(f, style));
  const left = cells.filter((_c, i) => i % 2 === 0);
  const width = Math.min(FIELD_COLUMN_MAX, Math.max(0, ...left.map(visibleLength)));
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += 2) {
    const a = cells[i]!;
    const b = cells[i + 1];
    rows.push(b === undefined ? a : `${a}${" ".repeat(Math.max(2, width - visibleLength(a) + 3))}${b}`);
  }
  return rows;
}

class Renderer {
  readonly lines: string[] = [];
  readonly buttons: RenderedButton[] = [];

  constructor(
    private readonly style: Style,
    private next: number,
  ) {}

  private push(text: string) {
    this.lines.push(...text.split("\n"));
  }

  private button(el: Node, blockId?: string): string {
    const label = sanitize(textOf(el.text)) || "(button)";
    const confirm = el.confirm as Node | undefined;
    const b: RenderedButton = {
      n: this.next++,
      label,
      actionId: String(el.action_id ?? ""),
      ...(typeof el.value === "string" ? { value: el.value } : {}),
      ...(blockId ? { blockId } : {}),
      ...(typeof el.url === "string" ? { url: el.url } : {}),
      ...(confirm
        ? {
            confirm: {
              title: sanitize(textOf(confirm.title)),
              text: sanitize(textOf(confirm.text)),
              confirm: sanitize(textOf(confirm.confirm)) || "Yes",
              deny: sanitize(textOf(confirm.deny)) || "Cancel",
            },
          }
        : {}),
    };
    this.buttons.push(b);
    const shown = `[${b.n}] ${label}${b.url ? ` → ${b.url}` : ""}`;
    return el.style === "primary"
      ? this.style.primary(this.style.bold(shown))
      : el.style === "danger"
        ? this.style.danger(shown)
        : this.style.bold(shown);
  }

  /** Interactive elements other than buttons are shown, not clickable. */
  private element(el: Node, blockId?: string): string {
    if (el.type === "button") return this.button(el, blockId);
    if (el.type === "overflow") {
      const options = ((el.options as Node[]) ?? []).map((o) => sanitize(textOf(o.text)));
      return this.style.dim(`(⋯ menu: ${options.join(" | ")})`);
    }
    if (el.type === "feedback_buttons") {
      return this.style.dim(
        `(feedback: ${sanitize(textOf((el.positive_button as Node)?.text))} ${sanitize(textOf((el.negative_button as Node)?.text))})`,
      );
    }
    const placeholder = textOf(el.placeholder);
    return this.style.dim(`(${String(el.type)}${placeholder ? `: ${sanitize(placeholder)}` : ""})`);
  }

  block(block: Node) {
    const blockId = typeof block.block_id === "string" ? block.block_id : undefined;
    switch (block.type) {
      case "header":
        this.push(this.style.bold(sanitize(textOf(block.text)).toUpperCase()));
        return;
      case "section": {
        if (block.text) this.push(textObject(block.text, this.style));
        if (Array.isArray(block.fields)) this.lines.push(...fieldRows(block.fields, this.style));
        if (block.accessory && typeof block.accessory === "object") this.push(this.element(block.accessory as Node, blockId));
        return;
      }
      case "context": {
        const parts = ((block.elements as Node[]) ?? []).map((el) =>
          el.type === "image" ? `[image: ${sanitize(String(el.alt_text ?? ""))}]` : textObject(el, this.style),
        );
        this.push(this.style.dim(parts.join("  ·  ")));
        return;
      }
      case "divider":
        this.push(this.style.dim("─".repeat(DIVIDER_WIDTH)));
        return;
      case "markdown":
        this.push(renderMarkdown(String(block.text ?? ""), this.style));
        return;
      case "context_actions":
      case "actions":
        this.push(((block.elements as Node[]) ?? []).map((el) => this.element(el, blockId)).join("  "));
        return;
      case "input": {
        const label = sanitize(textOf(block.label));
        this.push(`${this.style.bold(`${label}:`)} ${this.element((block.element as Node) ?? {}, blockId)}`);
        return;
      }
      case "image":
        this.push(this.style.dim(`[image: ${sanitize(String(block.alt_text ?? ""))}]`));
        return;
      case "rich_text":
        this.push(sanitize(richText(block).replace(/\n+$/, "")));
        return;
      default:
        this.push(this.style.dim(`[${String(block.type)} block]`));
    }
  }
}

/** The words of a rich_text block (messages typed by people; Maestro's own never use it). */
function richText(node: unknown): string {
  if (Array.isArray(node)) return node.map(richText).join("");
  if (!node || typeof node !== "object") return "";
  const n = node as Node;
  if (typeof n.text === "string") return n.text;
  if (n.type === "user") return `@${String(n.user_id)}`;
  if (n.type === "link") return String(n.text ?? n.url ?? "");
  const inner = richText(n.elements);
  return n.type === "rich_text_section" || n.type === "rich_text_preformatted" || n.type === "rich_text_quote" ? `${inner}\n` : inner;
}

/** Renders blocks; buttons are numbered from `firstButton` (numbers run across one console output). */
export function renderBlocks(blocks: unknown, style: Style, firstButton = 1): RenderedBlocks {
  const renderer = new Renderer(style, firstButton);
  for (const block of Array.isArray(blocks) ? blocks : []) {
    if (block && typeof block === "object") renderer.block(block as Node);
  }
  return { lines: renderer.lines.map((l) => l.trimEnd()), buttons: renderer.buttons };
}

/** A message as Slack shows it: its blocks, or its mrkdwn `text` when it has none. */
export function renderMessage(message: { text?: unknown; blocks?: unknown }, style: Style, firstButton = 1): RenderedBlocks {
  if (Array.isArray(message.blocks) && message.blocks.length) return renderBlocks(message.blocks, style, firstButton);
  const text = typeof message.text === "string" ? message.text : "";
  return { lines: text ? renderMrkdwn(text, style).split("\n") : [], buttons: [] };
}

/** Blocks as unstyled lines: for a terminal that is not one (a pipe, a log) and for tests that read a message. */
export const blocksToText = (blocks: unknown): string[] => renderBlocks(blocks, plainStyle).lines;
