// The constructors clip to Slack's limits, so even careless input yields a valid block.
import { describe, expect, it } from "vitest";
import { assertWithinLimits } from "../../testing/blocks/assert-limits.ts";
import { button, capBlocks, context, divider, fields, header, message, moreNote, section } from "./kit.ts";
import { long } from "../../testing/blocks/hostile.ts";

describe("kit", () => {
  it("clips every text to its block's limit", () => {
    const blocks = [
      header(long(1000)),
      section(long(10_000)),
      fields(Array.from({ length: 30 }, () => long(5000))),
      context(...Array.from({ length: 30 }, () => long(5000))),
    ];
    expect(() => assertWithinLimits({ text: "t", blocks })).not.toThrow();
    expect((blocks[2] as { fields: unknown[] }).fields).toHaveLength(10);
  });

  it("never builds an empty section, fields or context", () => {
    expect(() => assertWithinLimits({ text: "t", blocks: [section(""), fields([]), context(), context("")] })).not.toThrow();
  });

  it("refuses a button value Slack would reject", () => {
    expect(() => button({ text: "Go", actionId: "a", value: "x".repeat(2001) })).toThrow(/2000/);
    expect(button({ text: long(200), actionId: "a", value: "{}" }).text.text.length).toBeLessThanOrEqual(75);
  });

  it("caps a message at 50 blocks with a note in place of the tail", () => {
    const capped = capBlocks(Array.from({ length: 80 }, () => divider()));
    expect(capped).toHaveLength(50);
    expect(JSON.stringify(capped.at(-1))).toContain("31 more blocks left out");
    expect(capBlocks([divider()], 50)).toHaveLength(1);
  });

  it("escapes and clips the fallback text", () => {
    const m = message(`<!channel> ${"x".repeat(50_000)}`, [divider()]);
    expect(m.text.startsWith("&lt;!channel&gt;")).toBe(true);
    expect(m.text.length).toBeLessThanOrEqual(40_000);
  });

  it.each([
    [20, 20, 0, ""],
    [20, 500, 0, "Showing 20 of 500 — and 480 more: `/maestro queue &lt;status&gt;`"],
    [10, 30, 20, "Showing 21–30 of 30."],
    [5, 30, 10, "Showing 11–15 of 30 — and 15 more: `/maestro queue &lt;status&gt;`"],
  ])("moreNote(%i shown of %i from %i)", (shown, total, offset, note) => {
    expect(moreNote(shown, total, "`/maestro queue <status>`", offset)).toBe(note);
  });
});
