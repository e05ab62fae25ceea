// Workflow rules with one Enable or Disable button and Edit… each, and New rule, within limits for 3, 200 and 0 rules.
import { describe, expect, it } from "vitest";
import { parseNumericId } from "../ids.ts";
import { rulesBlocks, RULES_MAX_ITEMS } from "./rules.ts";
import { buttonsOf, expectValid } from "../../testing/blocks/expect-valid.ts";
import { OPTS } from "../../testing/blocks/hostile.ts";
import { rules, rulesNormal, rulesOversized } from "../../testing/blocks/inputs.ts";

describe("rulesBlocks", () => {
  it("offers Disable on enabled rules and Enable on disabled ones, Edit… on each, and New rule", () => {
    const msg = expectValid(rulesBlocks(rulesNormal(), OPTS));
    expect(buttonsOf(msg).map((b) => [b.action_id, (b.text as { text: string }).text, b.style])).toEqual([
      ["maestro.rule.disable:1", "Disable", undefined],
      ["maestro.rule.edit:1", "Edit…", undefined],
      ["maestro.rule.enable:2", "Enable", "primary"],
      ["maestro.rule.edit:2", "Edit…", undefined],
      ["maestro.rule.disable:3", "Disable", undefined],
      ["maestro.rule.edit:3", "Edit…", undefined],
      ["maestro.rule.new:list", "New rule", "primary"],
    ]);
    const rowButtons = buttonsOf(msg).filter((b) => !String(b.action_id).startsWith("maestro.rule.new"));
    expect(rowButtons.map((b) => parseNumericId(b.value))).toEqual([1, 1, 2, 2, 3, 3].map((value) => ({ ok: true, value })));
    expect(msg).toMatchSnapshot();
  });

  it("caps 200 rules with huge descriptions within 50 blocks", () => {
    const msg = expectValid(rulesBlocks(rulesOversized(), OPTS));
    expect(buttonsOf(msg)).toHaveLength(RULES_MAX_ITEMS * 2 + 1);
    expect(JSON.stringify(msg.blocks.at(-2))).toContain("Showing 20 of 200 — and 180 more");
  });

  it("says there are no rules in one line, with New rule", () => {
    const msg = expectValid(rulesBlocks(rules([]), OPTS));
    expect(msg.blocks).toHaveLength(1);
    expect(buttonsOf(msg).map((b) => b.action_id)).toEqual(["maestro.rule.new:list"]);
    expect(msg.text).toBe("There are no workflow rules.");
  });
});
