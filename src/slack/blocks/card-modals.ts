// The modals a confirmation card's "⋯" menu opens: Cancel with a reason (optional, sent to the model with the
// cancellation) and the read-only details (the tool and its exact arguments, fenced as data), and the cancel's parse.
import type { ModalView } from "@slack/types";
import { z } from "zod";
import type { PendingActionView } from "../../agent/agent-types.ts";
import { ACTIONS, BLOCKS, VIEWS, parseJson, type Parsed } from "../ids.ts";
import { cardSentence } from "./card-parts.ts";
import { context, plain, section } from "./kit.ts";
import { LIMITS, codeBlock, compactJson, safeText } from "./limits.ts";

export const CANCEL_REASON_MAX = 1000;
const ARGS_MAX = 2800;

/** The card a cancel modal decides: the action, and the message it was opened from (checked again on submit). */
const cancelMetadata = z.strictObject({
  id: z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/),
  channel: z.string().regex(/^[A-Z0-9]{1,40}$/),
  ts: z.string().regex(/^\d{1,12}\.\d{1,8}$/),
});
export type CancelMetadata = z.infer<typeof cancelMetadata>;

/** Opened from "Cancel with a reason…": submitting it cancels the action; the reason may be left empty. */
export function cancelReasonModal(view: PendingActionView, where: { channel: string; ts: string }): ModalView {
  return {
    type: "modal",
    callback_id: VIEWS.cancelReason,
    private_metadata: JSON.stringify(cancelMetadata.parse({ id: view.id, channel: where.channel, ts: where.ts })),
    title: plain("Cancel this action", LIMITS.modalTitle),
    submit: plain("Cancel the action", LIMITS.modalButton),
    close: plain("Go back", LIMITS.modalButton),
    blocks: [
      section(
        `You are cancelling: *${safeText(cardSentence(view), 1000)}*\nNothing will change. Your reason goes back to Maestro with the cancellation, so it can adjust.`,
      ),
      {
        type: "input",
        block_id: BLOCKS.cancelReasonInput,
        optional: true,
        label: plain("Reason (optional)", LIMITS.inputLabel),
        element: {
          type: "plain_text_input",
          action_id: ACTIONS.cancelReasonInput,
          multiline: true,
          max_length: CANCEL_REASON_MAX,
          placeholder: plain("e.g. Wrong intake — I meant #43", LIMITS.placeholder),
        },
      },
    ],
  };
}

/** The parts of a view_submission the cancel modal needs. */
export interface CancelSubmissionView {
  private_metadata?: string;
  state?: { values?: Record<string, Record<string, { value?: string | null }>> };
}

/** Parses a submitted cancel modal at the edge: the card, and the trimmed reason (undefined when left empty). */
export function readCancelSubmission(view: CancelSubmissionView): Parsed<CancelMetadata & { reason?: string }> {
  const meta = parseJson(view.private_metadata, cancelMetadata, LIMITS.privateMetadata, "private_metadata");
  if (!meta.ok) return meta;
  const reason = (view.state?.values?.[BLOCKS.cancelReasonInput]?.[ACTIONS.cancelReasonInput]?.value ?? "").trim();
  return { ok: true, value: { ...meta.value, ...(reason ? { reason: reason.slice(0, CANCEL_REASON_MAX) } : {}) } };
}

/** The exact call, for whoever wants to check it: the tool, its arguments and the result, fenced as data. */
export function cardDetailsModal(view: PendingActionView): ModalView {
  return {
    type: "modal",
    callback_id: VIEWS.cardDetails,
    title: plain("Details", LIMITS.modalTitle),
    close: plain("Close", LIMITS.modalButton),
    blocks: [
      section(`*${safeText(cardSentence(view), 1000)}*`),
      section(`\`${view.toolName}\` with these arguments, as proposed:\n${codeBlock(compactJson(view.args), ARGS_MAX)}`),
      ...(view.resultText ? [section(`*Result*\n${codeBlock(view.resultText, ARGS_MAX)}`)] : []),
      context(`Action ${view.id} · ${view.status}`),
    ],
  };
}
