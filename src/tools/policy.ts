// The confirmation policy as data: what each tool call may do without a human click, and why.
// DOMAIN.md "The gate" is the source; every gate carries a sentence a person can read on a card.
import type { TransitionKind } from "../domain/intake/transitions.ts";
import type { UntrustedRead } from "./untrusted-output.ts";

export type Effect = "read" | "write" | "gated";

export interface EffectClass {
  effect: Effect;
  reason: string;
}

const read = (reason = "Reads only; changes nothing."): EffectClass => ({ effect: "read", reason });
const write = (reason: string): EffectClass => ({ effect: "write", reason });
const gated = (reason: string): EffectClass => ({ effect: "gated", reason });

export const POLICY = {
  read: read(),
  assign_intake: write("Reassigning an intake is reversible."),
  add_intake_note: write("Adding a note is reversible and changes no status."),
  add_availability_slot: write("A new open slot can be cancelled again."),
  toggle_workflow_rule: write("Enabling or disabling a rule is reversible."),
  trigger_test_workflow: write("A synthetic EVAL event: rule actions with outside effects are dry runs."),
  approve_role_request: gated("Approving grants privileges and fires the RoleApproved workflows."),
  reject_role_request: gated("Rejecting is final and fires the RoleRejected workflows."),
  cancel_availability_slot: gated("Cancelling a slot takes it off the calendar for good."),
  grant_role: write("A granted role can be removed again (revoke_role)."),
  grant_admin: gated("ADMIN holds every power, granting ADMIN included: another ADMIN confirms it."),
  revoke_role: write("A removed role can be granted again (grant_role)."),
  create_workflow_rule: gated("A new rule changes what the studio does automatically on every matching event."),
  update_workflow_rule: gated("Changing a rule changes what the studio does automatically on every matching event."),
} as const satisfies Record<string, EffectClass>;

/** update_intake_status: the effect depends on the transition (DOMAIN.md gate table). */
export const INTAKE_TRANSITION_POLICY: Record<TransitionKind, EffectClass> = {
  same: write("The intake already has this status; nothing changes."),
  advance: write("Advancing an intake along the pipeline is reversible."),
  reject: gated("Rejecting a prospect is a final decision about them."),
  early_close: gated("Closing an intake before it was booked is a final decision about the prospect."),
  regression: gated("Moving an intake backward undoes pipeline progress and cannot be cleanly reversed."),
};

/**
 * Untrusted text (docs/untrusted-text.md): once the conversation has read text written outside the studio, a
 * write-class call the model proposes is held for a click like a gated one, and the card says why. Reads stay
 * reads and gated calls stay gated; the rule needs no knowledge of any one tool.
 */
export function effectAfterReads(effect: EffectClass, read: UntrustedRead | undefined): EffectClass {
  if (effect.effect !== "write" || !read) return effect;
  return gated(
    `Proposed after I read text written outside the studio (${read.field} from ${read.tool}), which can carry instructions, ` +
      `so a person confirms it. Otherwise it would run at once: ${effect.reason}`,
  );
}
