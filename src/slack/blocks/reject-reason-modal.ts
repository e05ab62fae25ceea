// The reject-reason modal a Reject click opens, and the parse of its submission (the request, the reason, where the click was).
import type { ModalView } from "@slack/types";
import { ACTIONS, BLOCKS, VIEWS, encodeRejectMetadata, parseRejectMetadata, type RejectMetadata } from "../ids.ts";
import { plain, section } from "./kit.ts";
import { LIMITS, oneLine, safeText } from "./limits.ts";

export const REJECT_REASON_MAX = 1000;

/** Where the Reject click happened, so the decision can refresh it (private_metadata without the id). */
export type RejectOrigin = Omit<RejectMetadata, "id">;

/** Opened by a Reject click (views.open with its trigger_id); submitting it is the human decision. */
export function rejectReasonModal(requestId: number, summary: string, origin: RejectOrigin = {}): ModalView {
  return {
    type: "modal",
    callback_id: VIEWS.rejectReason,
    private_metadata: encodeRejectMetadata({ id: requestId, ...origin }),
    title: plain("Reject role request", LIMITS.modalTitle),
    submit: plain("Reject", LIMITS.modalButton),
    close: plain("Cancel", LIMITS.modalButton),
    blocks: [
      section(
        `You are rejecting *${safeText(oneLine(summary), 500)}* (#${requestId}). The decision is final; the reason is kept with it and visible to staff.`,
      ),
      {
        type: "input",
        block_id: BLOCKS.rejectReasonInput,
        label: plain("Reason", LIMITS.inputLabel),
        element: {
          type: "plain_text_input",
          action_id: ACTIONS.rejectReasonInput,
          multiline: true,
          min_length: 1,
          max_length: REJECT_REASON_MAX,
          placeholder: plain("Why is this request rejected?", LIMITS.placeholder),
        },
      },
    ],
  };
}

/** The parts of a view_submission payload the reject modal needs. */
export interface RejectSubmissionView {
  private_metadata?: string;
  state?: { values?: Record<string, Record<string, { value?: string | null }>> };
}

export type RejectSubmission =
  | { ok: true; requestId: number; reason: string; origin: RejectOrigin }
  /** `errors` goes straight into ack({ response_action: "errors", errors }). */
  | { ok: false; errors: Record<string, string>; log: string };

/** Parses a submitted reject modal at the edge: the request from private_metadata, the trimmed reason. */
export function readRejectSubmission(view: RejectSubmissionView): RejectSubmission {
  const meta = parseRejectMetadata(view.private_metadata);
  const field = BLOCKS.rejectReasonInput;
  if (!meta.ok) return { ok: false, errors: { [field]: "This form is out of date; close it and click Reject again." }, log: meta.error };
  const reason = (view.state?.values?.[field]?.[ACTIONS.rejectReasonInput]?.value ?? "").trim();
  if (!reason) return { ok: false, errors: { [field]: "Give a reason: it is kept with the decision." }, log: "empty reason" };
  if (reason.length > REJECT_REASON_MAX) {
    return { ok: false, errors: { [field]: `Keep the reason under ${REJECT_REASON_MAX} characters.` }, log: "reason too long" };
  }
  const { id, ...origin } = meta.value;
  return { ok: true, requestId: id, reason, origin };
}
