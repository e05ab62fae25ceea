// The model's reply: markdown blocks within the cumulative 12,000 limit, split at paragraphs, notices, prompts.
import { describe, expect, it } from "vitest";
import { LIMITS } from "./limits.ts";
import { replyBlocks, replyMessages, splitMarkdown, suggestedPrompts, TRUNCATED_NOTICE } from "./reply.ts";
import { expectValid, markdownStrings } from "../../testing/blocks/expect-valid.ts";
import { HOSTILE, long, unbroken } from "../../testing/blocks/hostile.ts";

const paragraph = (i: number, n = 900) => `Paragraph ${i}: ${"word ".repeat(n / 5)}`.trim();
const essay = (paragraphs: number, n = 900) => Array.from({ length: paragraphs }, (_, i) => paragraph(i, n)).join("\n\n");

describe("replyBlocks", () => {
  it("puts a normal reply in one markdown block and notices in a context block", () => {
    const msg = expectValid(replyBlocks("**3 intakes** are waiting:\n\n- Pat\n- Robin", ["Budget: 80% of today's limit used."]));
    expect(msg.blocks[0]).toEqual({ type: "markdown", text: "**3 intakes** are waiting:\n\n- Pat\n- Robin" });
    expect(msg.blocks[1]).toMatchObject({ type: "context" });
    expect(msg).toMatchSnapshot();
  });

  it("neutralizes mentions the model echoes from user text", () => {
    const msg = expectValid(replyBlocks(`The note says: ${HOSTILE}`));
    expect(markdownStrings(msg)[0]).toContain("<\u200b!channel>");
    expect(msg.text).not.toContain("<");
  });

  it("cuts an over-long reply at a paragraph boundary, within the cumulative limit, and says so", () => {
    const text = essay(30);
    const msg = expectValid(replyBlocks(text));
    const md = markdownStrings(msg);
    expect(md).toHaveLength(1);
    expect(md[0]!.length).toBeLessThanOrEqual(LIMITS.markdownTotal);
    expect(text.startsWith(md[0]!)).toBe(true);
    expect(md[0]).toMatch(/word$/);
    expect(JSON.stringify(msg.blocks.at(-1))).toContain("too long for Slack");
  });

  it("handles an empty reply and an unbroken 50k run", () => {
    expect(expectValid(replyBlocks("  ")).blocks[0]).toMatchObject({ type: "markdown", text: "_(Maestro has nothing to add.)_" });
    expectValid(
      replyBlocks(
        unbroken(50_000),
        Array.from({ length: 15 }, (_, i) => `notice ${i} ${long(5000)}`),
      ),
    );
  });
});

describe("replyMessages", () => {
  it("spreads a long reply over messages, each within the limit, losing nothing", () => {
    const text = essay(30);
    const messages = replyMessages(text, ["a notice"]);
    expect(messages.length).toBeGreaterThan(1);
    messages.forEach(expectValid);
    const chunks = messages.flatMap(markdownStrings);
    expect(chunks.join("\n\n")).toBe(text);
    expect(JSON.stringify(messages.at(-1)!.blocks)).toContain("a notice");
    expect(JSON.stringify(messages[0]!.blocks)).not.toContain("a notice");
  });

  it("stops at maxMessages and says the rest was cut", () => {
    const messages = replyMessages(essay(200), [], 2);
    expect(messages).toHaveLength(2);
    expect(JSON.stringify(messages[1]!.blocks)).toContain(TRUNCATED_NOTICE);
  });
});

describe("splitMarkdown", () => {
  it("keeps every chunk within the maximum", () => {
    for (const chunk of splitMarkdown(essay(40), 5000)) expect(chunk.length).toBeLessThanOrEqual(5000);
  });

  it("never splits a paragraph that fits", () => {
    const chunks = splitMarkdown(essay(10, 400), 1000);
    for (const c of chunks) for (const p of c.split("\n\n")) expect(p).toMatch(/^Paragraph \d+: (word ?)+$/);
  });

  it("closes and reopens a code fence it has to cut", () => {
    const code = "```\n" + Array.from({ length: 300 }, (_, i) => `line ${i} of code`).join("\n") + "\n```";
    const chunks = splitMarkdown(`Intro\n\n${code}\n\nOutro`, 1000);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(1000);
      expect(c.split("\n").filter((l) => l.startsWith("```")).length % 2).toBe(0);
    }
  });

  it("keeps blank lines inside a fence in one paragraph", () => {
    expect(splitMarkdown("```\na\n\nb\n```\n\nafter", 1000)).toEqual(["```\na\n\nb\n```\n\nafter"]);
  });
});

describe("suggestedPrompts", () => {
  it("are the manifest's four prompts", () => {
    const prompts = suggestedPrompts();
    expect(prompts.map((p) => p.message)).toEqual([
      "What's in my intake queue?",
      "Any pending role requests?",
      "Did the workflows run cleanly today?",
      "Give me a funnel summary for this month",
    ]);
    expect(prompts.length).toBeLessThanOrEqual(LIMITS.suggestedPrompts);
  });
});
