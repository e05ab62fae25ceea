// The reject-reason modal a Reject click opens, and the parse of its submission (the request, the reason, where the click was).
import type { KnownBlock, ModalView } from "@slack/types";
import { encodeRejectMetadata, parseRejectMetadata, type DecisionOrigin } from "../decisions/origin.ts";
import { ACTIONS, BLOCKS, VIEWS } from "../ids.ts";
import { plain, section } from "./kit.ts";
import { LIMITS, oneLine, safeText } from "./limits.ts";

export const REJECT_REASON_MAX = 1000;

/** The required reason field every reject modal asks for (its ids are what the submission handlers read). */
export const rejectReasonInput = (placeholder: string): KnownBlock => ({
  type: "input",
  block_id: BLOCKS.rejectReasonInput,
  label: plain("Reason", LIMITS.inputLabel),
  element: {
    type: "plain_text_input",
    action_id: ACTIONS.rejectReasonInput,
    multiline: true,
    min_length: 1,
    max_length: REJECT_REASON_MAX,
    placeholder: plain(placeholder, LIMITS.placeholder),
  },
});

/** Opened by a Reject click (views.open with its trigger_id); submitting it is the human decision. */
export function rejectReasonModal(requestId: number, summary: string, origin: DecisionOrigin = { kind: "home" }): ModalView {
  return {
    type: "modal",
    callback_id: VIEWS.rejectReason,
    private_metadata: encodeRejectMetadata({ id: requestId, origin }),
    title: plain("Reject role request", LIMITS.modalTitle),
    submit: plain("Reject", LIMITS.modalButton),
    close: plain("Cancel", LIMITS.modalButton),
    blocks: [
      section(
        `You are rejecting *${safeText(oneLine(summary), 500)}* (#${requestId}). The decision is final; the reason is kept with it and visible to staff.`,
      ),
      rejectReasonInput("Why is this request rejected?"),
    ],
  };
}

/** The parts of a view_submission payload the reject modal needs. */
export interface RejectSubmissionView {
  private_metadata?: string;
  state?: { values?: Record<string, Record<string, { value?: string | null }>> };
}

export type RejectSubmission =
  | { ok: true; requestId: number; reason: string; origin: DecisionOrigin }
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
  return { ok: true, requestId: meta.value.id, reason, origin: meta.value.origin };
}
