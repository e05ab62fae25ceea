// Someone who is not staff is offered a way in: the "Request access" button under the refusal, the modal it opens
// (role, reason), and the parse of its submission. Pure builders.
import type { KnownBlock, ModalView } from "@slack/types";
import { ACTIONS, actionId, BLOCKS, blockId, VIEWS } from "../ids.ts";
import { actions, button, context, message, plain, section, type Message } from "./kit.ts";
import { LIMITS, safeText } from "./limits.ts";

export const ACCESS_REASON_MAX = 1000;

/** Why nothing happened, with the button that asks an admin for a role. */
export function accessOfferBlocks(text: string): Message {
  const blocks: KnownBlock[] = [
    section(`ℹ️ ${safeText(text, 2900)}`),
    actions(blockId(BLOCKS.accessActions, "offer"), [
      button({ text: "Request access", actionId: actionId(ACTIONS.accessRequest, "offer"), value: "offer", style: "primary" }),
    ]),
    context("An admin decides; I'll tell you here when they have."),
  ];
  return message(text, blocks);
}

/** The modal: which role (the ones the person does not hold yet) and why. */
export function requestAccessModal(roles: readonly string[]): ModalView {
  return {
    type: "modal",
    callback_id: VIEWS.accessRequest,
    title: plain("Request access", LIMITS.modalTitle),
    submit: plain("Send request", LIMITS.modalButton),
    close: plain("Cancel", LIMITS.modalButton),
    blocks: [
      section("Ask the studio's admins for a role. STAFF lets you use Maestro; an ADMIN request is decided by an admin."),
      {
        type: "input",
        block_id: BLOCKS.accessRoleInput,
        label: plain("Role", LIMITS.inputLabel),
        element: {
          type: "static_select",
          action_id: ACTIONS.accessRoleInput,
          placeholder: plain("Choose a role", LIMITS.placeholder),
          options: roles.map((role) => ({ text: plain(role), value: role })),
          ...(roles.includes("STAFF") ? { initial_option: { text: plain("STAFF"), value: "STAFF" } } : {}),
        },
      },
      {
        type: "input",
        block_id: BLOCKS.accessReasonInput,
        label: plain("Why do you need it?", LIMITS.inputLabel),
        element: {
          type: "plain_text_input",
          action_id: ACTIONS.accessReasonInput,
          multiline: true,
          min_length: 1,
          max_length: ACCESS_REASON_MAX,
          placeholder: plain("e.g. I started at the front desk this week", LIMITS.placeholder),
        },
      },
    ],
  };
}

interface SubmittedValues {
  state?: { values?: Record<string, Record<string, { value?: string | null; selected_option?: { value?: string } | null }>> };
}

export type AccessSubmission =
  | { ok: true; role: string; reason: string }
  /** `errors` goes straight into ack({ response_action: "errors", errors }). */
  | { ok: false; errors: Record<string, string>; log: string };

/** Parses a submitted request-access modal at the edge: a role Maestro offered, and a trimmed reason. */
export function readAccessSubmission(view: SubmittedValues, offered: readonly string[]): AccessSubmission {
  const values = view.state?.values ?? {};
  const role = values[BLOCKS.accessRoleInput]?.[ACTIONS.accessRoleInput]?.selected_option?.value ?? "";
  const reason = (values[BLOCKS.accessReasonInput]?.[ACTIONS.accessReasonInput]?.value ?? "").trim();
  if (!offered.includes(role)) {
    return { ok: false, errors: { [BLOCKS.accessRoleInput]: `Choose one of ${offered.join(", ")}.` }, log: "role not offered" };
  }
  if (!reason) return { ok: false, errors: { [BLOCKS.accessReasonInput]: "Say why: the admin reads it." }, log: "empty reason" };
  if (reason.length > ACCESS_REASON_MAX) {
    return { ok: false, errors: { [BLOCKS.accessReasonInput]: `Keep it under ${ACCESS_REASON_MAX} characters.` }, log: "too long" };
  }
  return { ok: true, role, reason };
}
