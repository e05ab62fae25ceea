// The one way model text becomes Slack `markdown` block text, streamed or posted alike: Slack-mrkdwn habits the model
// still writes are turned into standard markdown (where `*x*` is italic and `**x**` bold), and mentions and broadcasts
// it copied from data (<!channel>, <@U…>, @here…) are neutralised so they never notify anyone. Line by line, with the
// code-fence state carried, so a stream converted a line at a time reads exactly like the same text posted at once.

const FENCE = /^\s*(```|~~~)/;

/**
 * Breaks Slack's special sequences with a zero-width space: <!channel>/<!here>/<!everyone>, <@U…>, <#C…>,
 * <!subteam^…>, Slack-style links (<https://…|text>), and plain @channel/@here/@everyone. Standard markdown links
 * [text](url) are left alone.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/<([!@#]|[a-z][a-z0-9+.-]*:)/gi, "<\u200b$1").replace(/(?<![\w.])@(channel|here|everyone)(?!\w)/gi, "@\u200b$1");
}

/** Inline code spans are left exactly as written; only the text between them is converted. */
function outsideCode(line: string, convert: (text: string) => string): string {
  return line
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : convert(part)))
    .join("");
}

/** Slack-mrkdwn habits in one line of prose → standard markdown. */
function convertProse(text: string): string {
  return (
    text
      // <https://x|label> → "label (https://x)": readable, and the address stays visible (a label never hides where a
      // link goes); a bare <https://x> → https://x (a mailto: too).
      .replace(/<((?:https?|mailto):[^|>\s]+)\|([^>]+)>/g, "$2 ($1)")
      .replace(/<((?:https?|mailto):[^|>\s]+)>/g, "$1")
      // ~strike~ → ~~strike~~ (a single tilde is not strikethrough in markdown).
      .replace(/(?<![~\w/])~(?=\S)([^~\n]*?\S)~(?![~\w])/g, "~~$1~~")
      // A single-star pair is Slack's bold: the prompt asks for **bold** and _italic_, so a model writing *x* meant bold.
      .replace(/(?<![*\w])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![*\w])/g, "**$1**")
  );
}

/** One line, given whether it sits inside a code fence. */
function convertLine(line: string, inFence: boolean): string {
  if (inFence || FENCE.test(line)) return neutralizeMentions(line);
  // "• item" bullets → "- item" (markdown only lists "-", "*", "+" and numbers).
  const bulleted = line.replace(/^(\s*)[•◦▪‣]\s+/, "$1- ");
  return neutralizeMentions(outsideCode(bulleted, convertProse));
}

/** Converts whole lines, carrying the fence state from line to line (and to the caller, for a stream). */
function convertLines(lines: readonly string[], state: { inFence: boolean }): string[] {
  return lines.map((line) => {
    const converted = convertLine(line, state.inFence);
    if (FENCE.test(line)) state.inFence = !state.inFence;
    return converted;
  });
}

/** Model text as Slack markdown: converted and neutralised. Posted replies, notices and the stream all use it. */
export function toSlackMarkdown(text: string): string {
  return convertLines(text.split("\n"), { inFence: false }).join("\n");
}

/**
 * Converted markdown back in Slack's mrkdwn for a message's `text` (notifications, and the plain-text repost when
 * Slack refuses the blocks): **bold** → *bold*, ~~strike~~ → ~strike~.
 */
export function markdownAsMrkdwn(markdown: string): string {
  return markdown.replace(/\*\*(?=\S)([^*\n]*?\S)\*\*/g, "*$1*").replace(/~~(?=\S)([^~\n]*?\S)~~/g, "~$1~");
}

/** Past this many characters without a line break, a stream sends what it holds (cut at a space) rather than wait. */
const HOLD_MAX = 800;

/**
 * toSlackMarkdown for a stream: text is held until its line is complete, then converted as the posted path converts
 * it. `push` returns what may be sent now; `flush` returns the rest at the end.
 */
export class SlackMarkdownStream {
  private held = "";
  private readonly state = { inFence: false };

  push(delta: string): string {
    this.held += delta;
    const lastBreak = this.held.lastIndexOf("\n");
    if (lastBreak >= 0) {
      const complete = this.held.slice(0, lastBreak);
      this.held = this.held.slice(lastBreak + 1);
      return `${convertLines(complete.split("\n"), this.state).join("\n")}\n`;
    }
    if (this.held.length <= HOLD_MAX) return "";
    // A very long line: send up to its last space (a mention or link has none inside, so none is cut in two).
    const cut = this.held.lastIndexOf(" ");
    if (cut <= 0) return "";
    const part = this.held.slice(0, cut + 1);
    this.held = this.held.slice(cut + 1);
    return convertLine(part, this.state.inFence);
  }

  flush(): string {
    const rest = this.held;
    this.held = "";
    return rest ? convertLines([rest], this.state).join("\n") : "";
  }
}
