// Triage / Qualify / Assign to me / Reject… on an intake's ops alert: each click runs the same tool as everywhere else,
// as the clicker, through the same policy (a reject is gated: the click on the modal's Reject is the human decision, and
// its reason is required); then the alert shows the intake as it is now.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { intakeRejectModal } from "../../blocks/intake-reject-modal.ts";
import { noticeBlocks } from "../../blocks/notice.ts";
import { showAlert } from "../../decisions/show-outcome.ts";
import { parseButtonValue } from "../../ids.ts";
import { personOf, type Surface } from "../../surface.ts";
import { callTool, humanActor, personErrorText } from "../../tool-calls.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** The alert message a click came from (a channel message; never ephemeral). */
export function alertAt(body: BlockButtonAction): { channel: string; ts: string } | undefined {
  const channel = body.container?.channel_id as string | undefined;
  const ts = body.container?.message_ts as string | undefined;
  return channel && ts && body.container?.is_ephemeral !== true ? { channel, ts } : undefined;
}

/** The clicker's notice, ephemeral where they clicked. */
export async function tell(respond: ActionArgs["respond"], text: string, ok: boolean): Promise<void> {
  const notice = noticeBlocks(text, { kind: ok ? "info" : "warning" });
  await respond({ response_type: "ephemeral", replace_original: false, text: notice.text, blocks: notice.blocks }).catch(() => undefined);
}

const numericId = (raw: unknown): { id: number; label?: string } | undefined => {
  const parsed = parseButtonValue(raw);
  return parsed.ok && typeof parsed.value.id === "number" ? { id: parsed.value.id, label: parsed.value.label } : undefined;
};

export const intakeStep =
  (surface: Surface, to: "TRIAGED" | "QUALIFIED") =>
  async ({ action, body, client, context, respond }: ActionArgs) => {
    const value = numericId(action.value);
    if (!value) return;
    const actor = humanActor(personOf(context), body.user.id, "button");
    const outcome = await callTool(surface, actor, "update_intake_status", { intake_id: value.id, new_status: to }, { via: "button" });
    await tell(respond, outcome.ok ? `Intake #${value.id} is now ${to}.` : personErrorText(outcome.error), outcome.ok);
    const at = alertAt(body);
    if (at) await showAlert({ surface, client }, at, "intake", value.id);
  };

export const intakeAssignToMe =
  (surface: Surface) =>
  async ({ action, body, client, context, respond }: ActionArgs) => {
    const value = numericId(action.value);
    if (!value) return;
    const person = personOf(context);
    const outcome = await callTool(surface, humanActor(person, body.user.id, "button"), "assign_intake", {
      intake_id: value.id,
      owner_user_id: person.user.id,
    });
    await tell(respond, outcome.ok ? `Intake #${value.id} is yours now.` : personErrorText(outcome.error), outcome.ok);
    const at = alertAt(body);
    if (at) await showAlert({ surface, client }, at, "intake", value.id);
  };

/** Opens the reason modal; the submission (listeners/views/intake-reject-reason.ts) rejects and updates the alert. */
export const intakeRejectOpen =
  (surface: Surface) =>
  async ({ action, body, client }: ActionArgs) => {
    const value = numericId(action.value);
    const at = alertAt(body);
    if (!value || !at) return;
    await client.views
      .open({ trigger_id: body.trigger_id, view: intakeRejectModal({ id: value.id, ...at }, value.label ?? `intake #${value.id}`) })
      .catch((error: unknown) => surface.logger.warn({ err: error }, "slack.alert.reject_modal_failed"));
  };
