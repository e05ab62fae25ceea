// Block Kit as plain terminal text, simply (the CLI's `digest --preview`): markup dropped, buttons in brackets. Pure.
import type { KnownBlock } from "@slack/types";

type Node = Record<string, unknown>;

const textOf = (t: unknown): string => (t && typeof t === "object" ? String((t as Node).text ?? "") : "");

/** mrkdwn without its markup: *bold*, _italic_ and `code` marks dropped, the three escapes undone. */
export function stripMrkdwn(text: string): string {
  return text
    .replace(/(^|[\s(>])[*_](\S(?:.*?\S)?)[*_](?=$|[\s).,:;!?…·])/gm, "$1$2")
    .replace(/`/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

const RULE = "─".repeat(60);

export function blocksToText(blocks: readonly KnownBlock[]): string[] {
  const lines: string[] = [];
  for (const raw of blocks) {
    const b = raw as unknown as Node;
    switch (b.type) {
      case "header":
        lines.push("", textOf(b.text).toUpperCase(), "═".repeat(Math.min(60, textOf(b.text).length + 2)));
        break;
      case "section": {
        if (b.text) lines.push(...stripMrkdwn(textOf(b.text)).split("\n"));
        const fields = (b.fields as unknown[] | undefined) ?? [];
        for (const f of fields) lines.push(`  ${stripMrkdwn(textOf(f)).replace(/\n/g, ": ")}`);
        break;
      }
      case "context":
        lines.push(`  ${((b.elements as unknown[]) ?? []).map((e) => stripMrkdwn(textOf(e))).join(" · ")}`);
        break;
      case "actions":
        lines.push(`  ${((b.elements as Node[]) ?? []).map((e) => `[${textOf(e.text)}]`).join(" ")}`);
        break;
      case "divider":
        lines.push(RULE);
        break;
      case "markdown":
        lines.push(...String(b.text ?? "").split("\n"));
        break;
      default:
        break;
    }
  }
  return lines;
}
