// A step's outcome line: list answers counted by their list, single records and writes just "Done", failures unprefixed.
import { describe, expect, it } from "vitest";
import { failureSummary, resultSummary } from "./tool-summary.ts";

describe("resultSummary", () => {
  it("counts a list answer by its first list", () => {
    expect(resultSummary({ filter: {}, total: 7, returned: 7, intakes: new Array(7).fill({}) })).toBe("7 intakes");
    expect(resultSummary({ count: 1, workflow_executions: [{}] })).toBe("1 workflow execution");
    expect(resultSummary([1, 2])).toBe("2 results");
  });

  it("says Done for one record, even one holding a list, and for anything else", () => {
    expect(resultSummary({ id: 15, contact_name: "Celeste", history: [{}] })).toBe("Done");
    expect(resultSummary("ok")).toBe("Done");
    expect(resultSummary(null)).toBe("Done");
  });
});

describe("failureSummary", () => {
  it("drops the model's error prefix and clips long messages", () => {
    expect(failureSummary("Error (not_found): Intake 9 not found.")).toBe("Intake 9 not found.");
    expect(failureSummary(`Error: ${"x".repeat(200)}`)).toHaveLength(120);
  });
});
