// Slack mrkdwn (section and context text) and standard markdown (`markdown` blocks) as terminal text.
import { sanitize, type Style } from "./style.ts";

// Private-use characters mark spans (code) that later passes must leave alone.
const OPEN = "\uE000";
const CLOSE = "\uE001";
const SLOT = new RegExp(`${OPEN}(\\d+)${CLOSE}`, "g");

/** Holds spans aside while the inline rules run, then puts them back styled. */
class Slots {
  private readonly values: string[] = [];
  put(value: string): string {
    this.values.push(value);
    return `${OPEN}${this.values.length - 1}${CLOSE}`;
  }
  restore(text: string): string {
    return text.replace(SLOT, (_m, i: string) => this.values[Number(i)] ?? "");
  }
}

const prepare = (text: string) => sanitize(text).replace(/[\uE000\uE001]/g, "");

/** `*x*`-style emphasis with Slack's rule: the markers sit at word edges and hug the text. */
function emphasis(text: string, marker: string, apply: (s: string) => string): string {
  const m = marker.replace(/[*~]/g, "\\$&");
  const pattern = new RegExp(`(^|[^\\w${m}])${m}(?=\\S)([^\\n]*?\\S)${m}(?![\\w${m}])`, "g");
  return text.replace(pattern, (_all, before: string, inner: string) => `${before}${apply(inner)}`);
}

const unescapeEntities = (text: string) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** `<…>` sequences: links, mentions, channels, special mentions, dates. User text never has them (it is escaped). */
function angle(token: string): string {
  const [target = "", label] = token.split("|", 2);
  if (target.startsWith("@")) return `@${label ?? target.slice(1)}`;
  if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
  if (target.startsWith("!date^")) return label ?? target;
  if (target.startsWith("!subteam^")) return label ?? "@group";
  if (target.startsWith("!")) return `@${target.slice(1)}`;
  return label ? `${label} (${target})` : target;
}

/** Slack mrkdwn → styled terminal text (newlines kept). */
export function renderMrkdwn(raw: string, style: Style): string {
  const slots = new Slots();
  let text = prepare(raw);
  text = text.replace(/```([\s\S]*?)```/g, (_m, code: string) => slots.put(codeLines(unescapeEntities(code), style)));
  text = text.replace(/`([^`\n]+)`/g, (_m, code: string) => slots.put(style.code(unescapeEntities(code))));
  text = text.replace(/<([^<>\n]+)>/g, (_m, token: string) => slots.put(angle(unescapeEntities(token))));
  text = emphasis(text, "*", style.bold);
  text = emphasis(text, "_", style.italic);
  text = emphasis(text, "~", style.strike);
  // A line starting with ">" is a quote (a ">" typed by a user arrives escaped as &gt;).
  text = text.replace(/^>\s?(.*)$/gm, (_m, rest: string) => `${style.dim("│")} ${rest}`);
  return slots.restore(unescapeEntities(text));
}

function codeLines(code: string, style: Style): string {
  const trimmed = code.replace(/^\n+|\n+$/g, "");
  return trimmed
    .split("\n")
    .map((line) => style.code(line))
    .join("\n");
}

/** Standard markdown, as the model writes it in `markdown` blocks → styled terminal text. */
export function renderMarkdown(raw: string, style: Style): string {
  const slots = new Slots();
  let text = prepare(raw);
  text = text.replace(/^(```|~~~)[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm, (_m, _fence: string, code: string) =>
    slots.put(codeLines(code, style).replace(/^/gm, "  ")),
  );
  text = text.replace(/`([^`\n]+)`/g, (_m, code: string) => slots.put(style.code(code)));
  text = text.replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) => slots.put(`${label} (${url})`));
  text = text.replace(/^#{1,6}\s+(.*)$/gm, (_m, heading: string) => style.bold(heading));
  text = text.replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, (_m, _marker: string, inner: string) => style.bold(inner));
  text = emphasis(text, "*", style.italic);
  text = emphasis(text, "_", style.italic);
  text = text.replace(/~~(?=\S)([^\n]*?\S)~~/g, (_m, inner: string) => style.strike(inner));
  text = text.replace(/^>\s?(.*)$/gm, (_m, rest: string) => `${style.dim("│")} ${rest}`);
  text = text.replace(/^(\s*)[-*+]\s+/gm, "$1• ");
  return slots.restore(text);
}
