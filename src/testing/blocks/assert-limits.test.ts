// assertWithinLimits catches each violation it claims to, so a passing builder test means something.
import { describe, expect, it } from "vitest";
import { BlockLimitError, assertWithinLimits, checkLimits } from "./assert-limits.ts";

const t = (text: string) => ({ type: "plain_text", text });
const md = (text: string) => ({ type: "mrkdwn", text });
const btn = (over: Record<string, unknown> = {}) => ({ type: "button", text: t("Go"), action_id: "a", value: "{}", ...over });
const msg = (...blocks: unknown[]) => ({ text: "fallback", blocks });
const x = (n: number) => "x".repeat(n);

describe("assertWithinLimits", () => {
  it("accepts a payload at every limit exactly", () => {
    const payload = msg(
      { type: "header", text: t(x(150)) },
      { type: "section", text: md(x(3000)), fields: Array.from({ length: 10 }, () => md(x(2000))) },
      { type: "context", elements: Array.from({ length: 10 }, () => md("c")) },
      {
        type: "actions",
        block_id: x(255),
        elements: Array.from({ length: 25 }, (_, i) => btn({ action_id: `${i}`.padEnd(255, "x"), text: t(x(75)), value: x(2000) })),
      },
      { type: "markdown", text: x(12_000) },
      { type: "divider" },
    );
    expect(() => assertWithinLimits({ ...payload, text: x(40_000) })).not.toThrow();
  });

  const cases: [string, unknown, RegExp][] = [
    ["51 blocks in a message", msg(...Array.from({ length: 51 }, () => ({ type: "divider" }))), /message blocks has 51; the limit is 50/],
    ["section text over 3,000", msg({ type: "section", text: md(x(3001)) }), /section text is 3001 characters/],
    ["empty section text", msg({ type: "section", text: md("") }), /must not be empty/],
    ["section without text or fields", msg({ type: "section" }), /needs text or fields/],
    ["11 fields", msg({ type: "section", fields: Array.from({ length: 11 }, () => md("f")) }), /section fields has 11; the limit is 10/],
    ["a field over 2,000", msg({ type: "section", fields: [md(x(2001))] }), /section field is 2001/],
    ["header over 150", msg({ type: "header", text: t(x(151)) }), /header text is 151/],
    ["mrkdwn header", msg({ type: "header", text: md("h") }), /must be plain_text/],
    ["11 context elements", msg({ type: "context", elements: Array.from({ length: 11 }, () => md("c")) }), /context elements has 11/],
    [
      "26 actions elements",
      msg({ type: "actions", elements: Array.from({ length: 26 }, (_, i) => btn({ action_id: `a${i}` })) }),
      /actions elements has 26/,
    ],
    ["button text over 75", msg({ type: "actions", elements: [btn({ text: t(x(76)) })] }), /button text is 76/],
    ["button value over 2,000", msg({ type: "actions", elements: [btn({ value: x(2001) })] }), /button value is 2001/],
    ["action_id over 255", msg({ type: "actions", elements: [btn({ action_id: x(256) })] }), /action_id is 256/],
    ["block_id over 255", msg({ type: "divider", block_id: x(256) }), /block_id is 256/],
    ["a repeated block_id", msg({ type: "divider", block_id: "b" }, { type: "divider", block_id: "b" }), /block_id "b" is repeated/],
    [
      "a repeated action_id",
      msg({ type: "actions", elements: [btn({ action_id: "same" })] }, { type: "actions", elements: [btn({ action_id: "same" })] }),
      /action_id "same" is repeated/,
    ],
    ["a bad button style", msg({ type: "actions", elements: [btn({ style: "green" })] }), /unknown style green/],
    [
      "a confirm dialog over its limits",
      msg({ type: "actions", elements: [btn({ confirm: { title: t(x(101)), text: t(x(301)), confirm: t(x(31)), deny: t(x(31)) } })] }),
      /confirm title is 101[\s\S]*confirm text is 301[\s\S]*confirm button is 31[\s\S]*deny button is 31/,
    ],
    ["one markdown block over 12,000", msg({ type: "markdown", text: x(12_001) }), /markdown text is 12001/],
    [
      "markdown blocks over 12,000 in total",
      msg({ type: "markdown", text: x(7000) }, { type: "markdown", text: x(5001) }),
      /12001 characters in total/,
    ],
    ["message text over 40,000", { text: x(40_001), blocks: [{ type: "divider" }] }, /message text is 40001/],
    ["an unknown block type", msg({ type: "carousel" }), /block type carousel is not checked/],
    [
      "an unknown element",
      msg({ type: "actions", elements: [{ type: "datepicker", action_id: "d" }] }),
      /element type datepicker is not checked/,
    ],
    ["an overflow menu without options", msg({ type: "actions", elements: [{ type: "overflow", action_id: "o" }] }), /overflow options/],
    [
      "101 blocks in a Home view",
      { type: "home", blocks: Array.from({ length: 101 }, () => ({ type: "divider" })) },
      /home view blocks has 101; the limit is 100/,
    ],
    ["a modal title over 24", { type: "modal", title: t(x(25)), blocks: [{ type: "divider" }] }, /modal title is 25/],
    [
      "a modal input without submit",
      { type: "modal", title: t("T"), blocks: [{ type: "input", label: t("L"), element: { type: "plain_text_input", action_id: "i" } }] },
      /needs a submit button/,
    ],
    [
      "a plain_text_input max_length over 3,000",
      {
        type: "modal",
        title: t("T"),
        submit: t("S"),
        blocks: [{ type: "input", label: t("L"), element: { type: "plain_text_input", action_id: "i", max_length: 3001 } }],
      },
      /max_length must be between 0 and 3000/,
    ],
    [
      "private_metadata over 3,000",
      { type: "modal", title: t("T"), private_metadata: x(3001), blocks: [{ type: "divider" }] },
      /private_metadata is 3001/,
    ],
  ];

  it.each(cases)("catches %s", (_name, payload, message) => {
    expect(() => assertWithinLimits(payload as never)).toThrow(BlockLimitError);
    expect(checkLimits(payload as never).join("\n")).toMatch(message);
  });

  it("names every violation at once, with its path", () => {
    const violations = checkLimits(msg({ type: "header", text: t(x(151)) }, { type: "section", text: md(x(3001)) }));
    expect(violations).toEqual([
      "blocks[0].text.text: header text is 151 characters; the limit is 150",
      "blocks[1].text.text: section text is 3001 characters; the limit is 3000",
    ]);
  });

  it("a ModalView from @slack/types type-checks as a payload", () => {
    const view = { type: "modal" as const, title: t("Fine") as { type: "plain_text"; text: string }, blocks: [] };
    expect(assertWithinLimits(view)).toBe(view);
  });
});
