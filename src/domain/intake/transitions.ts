// The intake lifecycle: which status changes are advances and which are final or backward (gated).
import type { IntakeStatus } from "../vocabulary.ts";

/** The forward order of the pipeline; REJECTED sits outside it as a final decision. */
const PIPELINE: readonly IntakeStatus[] = ["NEW", "TRIAGED", "QUALIFIED", "BOOKED", "CLOSED"];
const rank = (status: IntakeStatus) => PIPELINE.indexOf(status);

export type TransitionKind =
  | "same" // nothing to change
  | "advance" // forward along the pipeline (skipping allowed): reversible, runs at once
  | "reject" // to REJECTED: a final decision about a prospect
  | "early_close" // to CLOSED before BOOKED: a final decision about a prospect
  | "regression"; // backward, or reopening REJECTED/CLOSED

export interface Transition {
  kind: TransitionKind;
  /** Regressions from BOOKED or later must carry a note (the reason), else the tool refuses. */
  requiresNote: boolean;
}

export function classifyTransition(from: IntakeStatus, to: IntakeStatus): Transition {
  if (from === to) return { kind: "same", requiresNote: false };
  if (to === "REJECTED") return { kind: "reject", requiresNote: false };
  if (from === "REJECTED" || rank(to) < rank(from)) {
    return { kind: "regression", requiresNote: from === "BOOKED" || from === "CLOSED" };
  }
  if (to === "CLOSED" && rank(from) < rank("BOOKED")) return { kind: "early_close", requiresNote: false };
  return { kind: "advance", requiresNote: false };
}
