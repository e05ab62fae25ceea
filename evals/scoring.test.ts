// Scoring: weights by group, the scenario and suite scores, pass^k, the exit gate, and argument matchers.
import { describe, expect, it } from "vitest";
import { matches, ref } from "./matchers.ts";
import { gate, GROUP_WEIGHTS, passHatK, scenarioScore, type CheckResult } from "./scoring.ts";

const result = (group: CheckResult["group"], pass: boolean): CheckResult => ({
  label: group,
  group,
  weight: GROUP_WEIGHTS[group],
  modelChoice: false,
  pass,
});

describe("scenarioScore", () => {
  it("weighs outcomes and Slack output over tool choice, and tool choice over wording", () => {
    expect(GROUP_WEIGHTS.outcome).toBeGreaterThan(GROUP_WEIGHTS.tools);
    expect(GROUP_WEIGHTS.slack).toBe(GROUP_WEIGHTS.outcome);
    expect(GROUP_WEIGHTS.tools).toBeGreaterThan(GROUP_WEIGHTS.wording);
    const all = [result("outcome", true), result("tools", true), result("wording", true)];
    expect(scenarioScore(all)).toBe(1);
    // Losing the wording costs 1 of 6; losing the outcome costs 3 of 6.
    expect(scenarioScore([result("outcome", true), result("tools", true), result("wording", false)])).toBeCloseTo(5 / 6);
    expect(scenarioScore([result("outcome", false), result("tools", true), result("wording", true)])).toBeCloseTo(3 / 6);
  });

  it("honours an explicit weight", () => {
    expect(scenarioScore([{ ...result("outcome", false), weight: 1 }, result("wording", true)])).toBe(0.5);
  });
});

describe("pass^k", () => {
  it("is the pass rate for k = 1 and the chance that k draws all pass otherwise", () => {
    expect(passHatK(3, 4, 1)).toBe(0.75);
    expect(passHatK(4, 4, 4)).toBe(1);
    expect(passHatK(3, 4, 4)).toBe(0);
    expect(passHatK(3, 4, 2)).toBeCloseTo(3 / 6);
    expect(passHatK(1, 1, 2)).toBe(0);
  });
});

describe("gate", () => {
  const ok = { suiteScore: 1, threshold: 0.85, invariantBreaches: 0, failedScenarios: [], deterministic: true, replayMismatches: 0 };

  it("passes a clean run", () => {
    expect(gate(ok)).toEqual({ pass: true, reasons: [] });
  });

  it("fails below the threshold, on any invariant breach, on a replay mismatch", () => {
    expect(gate({ ...ok, suiteScore: 0.84 }).pass).toBe(false);
    expect(gate({ ...ok, invariantBreaches: 1 }).reasons).toEqual(["1 invariant breach(es)"]);
    expect(gate({ ...ok, replayMismatches: 2 }).pass).toBe(false);
  });

  it("fails a deterministic run on any failed scenario, but lets a live run's score decide", () => {
    expect(gate({ ...ok, suiteScore: 0.95, failedScenarios: ["x"] }).pass).toBe(false);
    expect(gate({ ...ok, suiteScore: 0.95, failedScenarios: ["x"], deterministic: false }).pass).toBe(true);
  });
});

describe("matches", () => {
  const refs = { intake: 7 };

  it("matches partially, with refs, regexps and predicates", () => {
    const args = { intake_id: 7, new_status: "QUALIFIED", note: "Booked a call" };
    expect(matches(args, { intake_id: ref("intake") }, refs)).toBe(true);
    expect(matches(args, { new_status: "QUALIFIED", note: /call/ }, refs)).toBe(true);
    expect(matches(args, { intake_id: (v: unknown) => typeof v === "number" && v > 5 }, refs)).toBe(true);
    expect(matches(args, { new_status: "REJECTED" }, refs)).toBe(false);
    expect(matches(args, { missing: "x" }, refs)).toBe(false);
    expect(matches({ ids: [1, 2] }, { ids: [1, 2] }, refs)).toBe(true);
    expect(matches({ ids: [1, 2, 3] }, { ids: [1, 2] }, refs)).toBe(false);
  });

  it("treats a ref the seed never saved as a mistake in the scenario", () => {
    expect(() => matches(1, ref("nope"), refs)).toThrow(/no ref named "nope"/);
  });
});
