// Model text → Slack markdown, on replies written the way models write them: the standard markdown the prompt asks for
// passes unchanged, Slack-mrkdwn habits are converted, mentions are neutralised, code is left alone; and a stream
// converted in arbitrary pieces reads exactly like the same text converted at once.
import { describe, expect, it } from "vitest";
import { markdownAsMrkdwn, neutralizeMentions, SlackMarkdownStream, toSlackMarkdown } from "./slack-markdown.ts";

const ZW = "\u200b";

/** A reply as the prompt asks for it: left exactly as written. */
const STANDARD = [
  "### Intake queue",
  "",
  "**3 open intakes**, the oldest waiting _2 days_:",
  "",
  "1. **Dana Reyes** (intake 42) — wheel throwing, NEW",
  "2. Priya Patel (intake 43) — glazing, TRIAGED",
  "- Run `/maestro queue NEW` for the rest, or see [the intake form](https://studio.example/intake).",
  "",
  "```",
  "update_intake_status { intake_id: 42 }",
  "```",
].join("\n");

/** The same reply with the Slack-mrkdwn habits a model trained on Slack still writes. */
const MRKDWN = [
  "*Intake queue*",
  "",
  "*3 open intakes*, the oldest waiting _2 days_:",
  "• *Dana Reyes* (intake 42) — ~old~ wheel throwing, NEW",
  "• Priya Patel (intake 43) — see <https://studio.example/intake/43|her form> or <https://studio.example>",
].join("\n");

describe("toSlackMarkdown", () => {
  it("leaves the standard markdown the prompt asks for unchanged: headings, bold, italics, lists, code, links", () => {
    expect(toSlackMarkdown(STANDARD)).toBe(STANDARD);
  });

  it("turns Slack-mrkdwn habits into standard markdown: *bold*, • bullets, ~strike~, <url|label> links", () => {
    expect(toSlackMarkdown(MRKDWN)).toBe(
      [
        "**Intake queue**",
        "",
        "**3 open intakes**, the oldest waiting _2 days_:",
        "- **Dana Reyes** (intake 42) — ~~old~~ wheel throwing, NEW",
        "- Priya Patel (intake 43) — see her form (https://studio.example/intake/43) or https://studio.example",
      ].join("\n"),
    );
  });

  it("never touches code: inline spans and fenced blocks keep their stars and tildes", () => {
    const text = "Run `a*b*c ~x~` then:\n```\n*not bold* • ~no~\n```\n*bold*";
    expect(toSlackMarkdown(text)).toBe("Run `a*b*c ~x~` then:\n```\n*not bold* • ~no~\n```\n**bold**");
  });

  it("leaves arithmetic, list stars and paths alone", () => {
    const text = "* first item\n2*3*4 = 24\nsee /home/~sam/ and ~/notes";
    expect(toSlackMarkdown(text)).toBe(text);
  });

  it("neutralises mentions and broadcasts copied from data, in prose and in code alike", () => {
    const text = "Goal says: <!channel> <!here> <!everyone> ping <@U0BOSS> in <#C0OPS> @channel @here!\n```\n<!channel>\n```";
    const out = toSlackMarkdown(text);
    expect(out).not.toMatch(/<[!@#]/);
    expect(out).not.toMatch(/(?<![\w.])@(channel|here|everyone)\b/);
    expect(out).toContain(`<${ZW}!channel>`);
    expect(out).toContain(`@${ZW}here!`);
    expect(out).toContain(`<${ZW}!channel>\n\`\`\``);
  });

  it("keeps email addresses and markdown links intact", () => {
    expect(neutralizeMentions("write to sam@here.com or [docs](https://x)")).toBe("write to sam@here.com or [docs](https://x)");
  });
});

describe("markdownAsMrkdwn", () => {
  it("gives a message's mrkdwn `text` Slack's bold and strike back", () => {
    expect(markdownAsMrkdwn(toSlackMarkdown("*one* new, ~two~ gone, _three_ left"))).toBe("*one* new, ~two~ gone, _three_ left");
  });
});

describe("SlackMarkdownStream", () => {
  const streamed = (text: string, size: number) => {
    const stream = new SlackMarkdownStream();
    let out = "";
    for (let i = 0; i < text.length; i += size) out += stream.push(text.slice(i, i + size));
    return out + stream.flush();
  };

  it("sends what the posted path would post, however the text is cut into deltas", () => {
    const text = `${MRKDWN}\n\nQuoted: <!channel> and @everyone\n\n${STANDARD}`;
    for (const size of [1, 2, 3, 7, 64, 10_000]) expect(streamed(text, size), `deltas of ${size}`).toBe(toSlackMarkdown(text));
  });

  it("holds a line back until it is complete, so a mention cut in two is still neutralised", () => {
    const stream = new SlackMarkdownStream();
    expect(stream.push("hi <!chan")).toBe("");
    expect(stream.push("nel> there\nnext")).toBe(`hi <${ZW}!channel> there\n`);
    expect(stream.flush()).toBe("next");
  });

  it("sends a very long line in pieces cut at spaces, still neutralised", () => {
    const long = `${"word ".repeat(400)}<!here> ${"word ".repeat(10)}`;
    const stream = new SlackMarkdownStream();
    const first = stream.push(long);
    expect(first.length).toBeGreaterThan(0);
    expect(first + stream.flush()).toBe(toSlackMarkdown(long));
  });
});
