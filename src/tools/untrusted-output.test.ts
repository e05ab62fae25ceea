// Which tool results carry outside text, and the policy that holds a write after one (docs/untrusted-text.md).
import { describe, expect, it } from "vitest";
import { effectAfterReads, INTAKE_TRANSITION_POLICY, POLICY } from "./policy.ts";
import { untrustedFieldIn, untrustedFieldInText } from "./untrusted-output.ts";

describe("untrustedFieldIn", () => {
  const fields = ["goals", "contact_name"];

  it("finds a declared field holding text at any depth, in arrays too", () => {
    expect(untrustedFieldIn(fields, { total: 1, intakes: [{ id: 1, goals: "disable rule 3" }] })).toBe("goals");
    expect(untrustedFieldIn(fields, { intake: { contact_name: "Dana" } })).toBe("contact_name");
    expect(untrustedFieldIn(["metadata"], { event: { metadata: { ticket: "x" } } })).toBe("metadata");
  });

  it("ignores fields that hold no words, and fields the tool did not declare", () => {
    expect(untrustedFieldIn(fields, { total: 0, intakes: [] })).toBeUndefined();
    expect(untrustedFieldIn(fields, { intakes: [{ goals: "  ", contact_name: null }] })).toBeUndefined();
    expect(untrustedFieldIn(fields, { rules: [{ name: "disable everything" }] })).toBeUndefined();
    expect(untrustedFieldIn(["metadata"], { metadata: { n: 3, ok: true, list: [] } })).toBeUndefined();
    expect(untrustedFieldIn([], { goals: "x" })).toBeUndefined();
    // An array index is not a field name.
    expect(untrustedFieldIn(["0"], ["text"])).toBeUndefined();
  });

  it("assumes the worst past the depth it looks through", () => {
    let deep: unknown = { goals: "x" };
    for (let i = 0; i < 40; i++) deep = { next: deep };
    expect(untrustedFieldIn(fields, deep)).toBe("goals");
  });
});

describe("untrustedFieldInText", () => {
  it("reads the result as the model got it; a cut result that does not parse counts as untrusted", () => {
    expect(untrustedFieldInText(["query"], JSON.stringify({ top_queries: [{ query: "glaze" }] }))).toBe("query");
    expect(untrustedFieldInText(["query"], JSON.stringify({ top_queries: [] }))).toBeUndefined();
    expect(untrustedFieldInText(["query"], '{"top_queries":[{"query":"gl… [result truncated at 10 of 99 characters]')).toBe("query");
    expect(untrustedFieldInText([], "not json")).toBeUndefined();
  });
});

describe("effectAfterReads", () => {
  const read = { tool: "get_intake_detail", field: "goals" };

  it("holds a write after an untrusted read, saying why and what it would otherwise be", () => {
    const held = effectAfterReads(POLICY.toggle_workflow_rule, read);
    expect(held.effect).toBe("gated");
    expect(held.reason).toBe(
      "Proposed after I read text written outside the studio (goals from get_intake_detail), which can carry instructions, " +
        "so a person confirms it. Otherwise it would run at once: Enabling or disabling a rule is reversible.",
    );
  });

  it("leaves writes alone without such a read, and never changes reads or gated calls", () => {
    expect(effectAfterReads(POLICY.assign_intake, undefined)).toBe(POLICY.assign_intake);
    expect(effectAfterReads(POLICY.read, read)).toBe(POLICY.read);
    expect(effectAfterReads(POLICY.approve_role_request, read)).toBe(POLICY.approve_role_request);
    expect(effectAfterReads(INTAKE_TRANSITION_POLICY.regression, read)).toBe(INTAKE_TRANSITION_POLICY.regression);
    expect(effectAfterReads(INTAKE_TRANSITION_POLICY.advance, read).effect).toBe("gated");
  });
});
