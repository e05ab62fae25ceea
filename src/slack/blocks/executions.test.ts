// Workflow runs and one run in full, within limits for normal, huge and empty results.
import { describe, expect, it } from "vitest";
import { executionDetailBlocks, executionsBlocks, EXECUTIONS_MAX_ITEMS } from "./executions.ts";
import { expectValid } from "../../testing/blocks/expect-valid.ts";
import { long, OPTS } from "../../testing/blocks/hostile.ts";
import { execution, executionDetail, executions, executionsNormal, executionsOversized } from "../../testing/blocks/inputs.ts";

describe("executionsBlocks", () => {
  it("renders counts and one section per run with the error", () => {
    const msg = expectValid(executionsBlocks(executionsNormal(), OPTS));
    expect(msg.blocks[0]).toMatchObject({ text: { text: "Workflow runs · last 7 days" } });
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain("❌ *notify-ops* on TriageTicket · run #1");
    expect(json).toContain("contact not found");
    expect(json).toContain("🧪 test event");
    expect(msg).toMatchSnapshot();
  });

  it("caps 100 runs with 10k errors and 300-character rule names", () => {
    const msg = expectValid(executionsBlocks(executionsOversized(), OPTS));
    expect(msg.blocks.filter((b) => b.type === "section")).toHaveLength(EXECUTIONS_MAX_ITEMS);
    expect(JSON.stringify(msg.blocks.at(-1))).toContain("and 8,980 more: `/maestro workflows failed`");
  });

  it("says there were no runs in one line, with the tool's note", () => {
    const empty = { ...executions([], 0, "FAILED"), note: "No workflow rule is triggered by Nope." };
    const msg = expectValid(executionsBlocks(empty, OPTS));
    expect(msg.blocks).toHaveLength(1);
    expect(msg.text).toBe("No workflow runs in the last 7 days with status FAILED. No workflow rule is triggered by Nope.");
  });

  it("names a deleted rule", () => {
    const msg = executionsBlocks(executions([execution(0, { rule: { id: null, name: null } })]), OPTS);
    expect(JSON.stringify(msg.blocks)).toContain("a deleted rule");
  });
});

describe("executionDetailBlocks", () => {
  it("explains what the rule tried, on which event, and why it failed", () => {
    const msg = expectValid(executionDetailBlocks(executionDetail(), OPTS));
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain("When TriageTicket happens");
    expect(json).toContain("contact not found");
    expect(msg).toMatchSnapshot();
  });

  it("bounds a 10k error, config, metadata, result and delivery error", () => {
    expectValid(executionDetailBlocks(executionDetail({ big: true, error: long(10_000) }), OPTS));
  });

  it("renders a successful run without an error section", () => {
    const msg = expectValid(executionDetailBlocks(executionDetail({ error: null }), OPTS));
    expect(JSON.stringify(msg.blocks)).not.toContain("*Error*");
  });
});
