// clip, escapeMrkdwn and friends: the text helpers every builder relies on.
import { describe, expect, it } from "vitest";
import { clip, codeBlock, escapeMrkdwn, fenceSafe, oneLine, safeText } from "./limits.ts";
import { neutralizeMentions } from "./slack-markdown.ts";

describe("clip", () => {
  it("leaves short text alone", () => {
    expect(clip("hello", 5)).toBe("hello");
  });

  it("cuts on a word boundary and ends with an ellipsis", () => {
    const out = clip("the quick brown fox jumps over the lazy dog", 20);
    expect(out).toBe("the quick brown fox…");
    expect(out.length).toBeLessThanOrEqual(20);
  });

  it("cuts an unbroken string mid-word rather than losing it all", () => {
    const out = clip("x".repeat(100), 10);
    expect(out).toBe(`${"x".repeat(9)}…`);
  });

  it("never splits an emoji's surrogate pair", () => {
    const text = "ab🎉🎉🎉🎉";
    for (let max = 2; max < text.length; max++) {
      const out = clip(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
  });

  it("never leaves half an entity behind escapeMrkdwn", () => {
    const escaped = escapeMrkdwn("a".repeat(8) + "<<<<<<");
    for (let max = 5; max < escaped.length; max++) {
      expect(clip(escaped, max)).not.toMatch(/&[a-z]{0,3}…$/);
    }
  });

  it("handles tiny limits", () => {
    expect(clip("hello", 1)).toBe("…");
    expect(clip("hello", 0)).toBe("");
  });
});

describe("escaping", () => {
  it("escapes &, < and > so user text cannot mention or link", () => {
    expect(escapeMrkdwn("<!channel> & <@U123> <https://x|y>")).toBe("&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://x|y&gt;");
  });

  it("safeText escapes, then clips within the limit", () => {
    const out = safeText("<".repeat(100), 50);
    expect(out.length).toBeLessThanOrEqual(50);
    expect(out).not.toContain("<");
  });

  it("neutralizes mentions in markdown without escaping the rest", () => {
    expect(neutralizeMentions("hi <!here> <@U1> <#C1> <https://x|y> a < b [ok](https://x)")).toBe(
      "hi <\u200b!here> <\u200b@U1> <\u200b#C1> <\u200bhttps://x|y> a < b [ok](https://x)",
    );
  });

  it("keeps a ``` inside code from closing the fence", () => {
    expect(fenceSafe("a ``` b")).not.toContain("```");
    const block = codeBlock("x".repeat(5000), 100);
    expect(block.length).toBeLessThanOrEqual(100);
    expect(block.startsWith("```") && block.endsWith("```")).toBe(true);
  });

  it("oneLine collapses newlines and runs of spaces", () => {
    expect(oneLine("  a\n\nb \t c ")).toBe("a b c");
  });
});
