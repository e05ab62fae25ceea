// The modal a Reject… click on an intake alert opens: the reason is required (it is kept as the rejection's note), and
// the alert the click came from travels in private_metadata so the submission can update it.
import type { ModalView } from "@slack/types";
import { z } from "zod";
import { ACTIONS, BLOCKS, parseJson, VIEWS } from "../ids.ts";
import { plain, section } from "./kit.ts";
import { LIMITS, oneLine, safeText } from "./limits.ts";
import { REJECT_REASON_MAX, rejectReasonInput } from "./reject-reason-modal.ts";

const metadataSchema = z.strictObject({
  id: z.number().int().positive().max(2_147_483_647),
  channel: z.string().regex(/^[A-Z0-9]{1,40}$/),
  ts: z.string().regex(/^\d{1,12}\.\d{1,8}$/),
});
export type IntakeRejectMetadata = z.infer<typeof metadataSchema>;

export function intakeRejectModal(meta: IntakeRejectMetadata, label: string): ModalView {
  return {
    type: "modal",
    callback_id: VIEWS.intakeRejectReason,
    private_metadata: JSON.stringify(metadataSchema.parse(meta)),
    title: plain("Reject intake", LIMITS.modalTitle),
    submit: plain("Reject", LIMITS.modalButton),
    close: plain("Cancel", LIMITS.modalButton),
    blocks: [
      section(`You are rejecting *${safeText(oneLine(label), 500)}*. The reason is kept in the intake's history, visible to staff.`),
      rejectReasonInput("Why is this intake rejected?"),
    ],
  };
}

export type IntakeRejectSubmission =
  | { ok: true; meta: IntakeRejectMetadata; reason: string }
  | { ok: false; errors: Record<string, string>; log: string };

export function readIntakeRejectSubmission(view: {
  private_metadata?: string;
  state?: { values?: Record<string, Record<string, { value?: string | null }>> };
}): IntakeRejectSubmission {
  const field = BLOCKS.rejectReasonInput;
  const meta = parseJson(view.private_metadata, metadataSchema, LIMITS.privateMetadata, "private_metadata");
  if (!meta.ok) return { ok: false, errors: { [field]: "This form is out of date; close it and click Reject again." }, log: meta.error };
  const reason = (view.state?.values?.[field]?.[ACTIONS.rejectReasonInput]?.value ?? "").trim();
  if (!reason) return { ok: false, errors: { [field]: "Give a reason: it is kept with the decision." }, log: "empty reason" };
  if (reason.length > REJECT_REASON_MAX) {
    return { ok: false, errors: { [field]: `Keep the reason under ${REJECT_REASON_MAX} characters.` }, log: "reason too long" };
  }
  return { ok: true, meta: meta.value, reason };
}
