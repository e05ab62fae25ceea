// The intake lifecycle, every pair of statuses: which moves are advances (run at once) and which are final or
// backward (gated), and which regressions need a note. DOMAIN.md "The gate" is the table this checks.
import { describe, expect, it } from "vitest";
import { INTAKE_STATUSES, type IntakeStatus } from "../vocabulary.ts";
import { classifyTransition, type TransitionKind } from "./transitions.ts";

const PIPELINE: IntakeStatus[] = ["NEW", "TRIAGED", "QUALIFIED", "BOOKED", "CLOSED"];

/** The expected kind, written from DOMAIN.md rather than from the code. */
function expectedKind(from: IntakeStatus, to: IntakeStatus): TransitionKind {
  if (from === to) return "same";
  if (to === "REJECTED") return "reject";
  if (from === "REJECTED") return "regression";
  const [a, b] = [PIPELINE.indexOf(from), PIPELINE.indexOf(to)];
  if (b < a) return "regression";
  if (to === "CLOSED" && from !== "BOOKED") return "early_close";
  return "advance";
}

describe("classifyTransition", () => {
  it("covers every status", () => {
    expect([...INTAKE_STATUSES].sort()).toEqual([...PIPELINE, "REJECTED"].sort());
  });

  for (const from of INTAKE_STATUSES) {
    for (const to of INTAKE_STATUSES) {
      it(`${from} → ${to}`, () => {
        const needsNote = expectedKind(from, to) === "regression" && (from === "BOOKED" || from === "CLOSED");
        expect(classifyTransition(from, to)).toEqual({ kind: expectedKind(from, to), requiresNote: needsNote });
      });
    }
  }

  it("names the cases the gate table spells out", () => {
    expect(classifyTransition("NEW", "QUALIFIED").kind).toBe("advance"); // skipping allowed
    expect(classifyTransition("BOOKED", "CLOSED").kind).toBe("advance");
    expect(classifyTransition("QUALIFIED", "CLOSED").kind).toBe("early_close");
    expect(classifyTransition("NEW", "CLOSED").kind).toBe("early_close");
    expect(classifyTransition("CLOSED", "REJECTED").kind).toBe("reject");
    expect(classifyTransition("REJECTED", "BOOKED")).toEqual({ kind: "regression", requiresNote: false });
    expect(classifyTransition("CLOSED", "NEW")).toEqual({ kind: "regression", requiresNote: true });
    expect(classifyTransition("BOOKED", "QUALIFIED")).toEqual({ kind: "regression", requiresNote: true });
    expect(classifyTransition("QUALIFIED", "TRIAGED")).toEqual({ kind: "regression", requiresNote: false });
  });
});
