// A card's "⋯" menu and the modal it opens: "Show details" shows the exact call (read-only); "Cancel with a reason…"
// opens a modal whose submission cancels the action with the reason, which goes to the model in the tool result. Both
// act only on the card the action's record names, as Confirm and Cancel do.
import type { AllMiddlewareArgs, BlockOverflowAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { cancelReasonModal, cardDetailsModal, readCancelSubmission } from "../blocks/card-modals.ts";
import { ACTIONS, CARD_MENU } from "../ids.ts";
import { personOf, type Surface } from "../surface.ts";
import { decideOnCard, isItsCard, MISMATCH_TEXT } from "./decide-card.ts";

type MenuArgs = SlackActionMiddlewareArgs<BlockOverflowAction> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** The action id a menu carries (`maestro.pending.menu:<id>`), and the message it was clicked on. */
function menuTarget(action: BlockOverflowAction["actions"][number], body: BlockOverflowAction) {
  const id = action.action_id.startsWith(`${ACTIONS.cardMenu}:`) ? action.action_id.slice(ACTIONS.cardMenu.length + 1) : "";
  const channel = body.container?.channel_id as string | undefined;
  const ts = body.container?.message_ts as string | undefined;
  return id && channel && ts ? { id, where: { channel, ts } } : undefined;
}

export const cardMenuChosen =
  (surface: Surface) =>
  async ({ action, body, client, respond }: MenuArgs) => {
    // Acknowledged by the gatekeeper, like every click.
    const target = menuTarget(action, body);
    const bound = target ? await isItsCard(surface, target.id, target.where) : "missing";
    const view = target && bound === "yes" ? await surface.agent.viewPendingAction(target.id) : undefined;
    if (!target || !view) {
      if (bound === "no") surface.logger.warn({ actionId: action.action_id }, "slack.card.menu_mismatch");
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: bound === "no" ? MISMATCH_TEXT : "That confirmation no longer exists.",
      });
      return;
    }
    const choice = action.selected_option?.value;
    if (choice === CARD_MENU.cancelWithReason && view.status !== "pending") {
      await respond({ response_type: "ephemeral", replace_original: false, text: `This was already ${view.status}; nothing to cancel.` });
      return;
    }
    const modal = choice === CARD_MENU.cancelWithReason ? cancelReasonModal(view, target.where) : cardDetailsModal(view);
    await client.views
      .open({ trigger_id: body.trigger_id, view: modal })
      .catch((error: unknown) => surface.logger.warn({ err: error, pendingActionId: view.id }, "slack.card.modal_failed"));
  };

/** The cancel modal was submitted: cancel as the submitter, with their reason, exactly like a Cancel click on that card. */
export const cancelReasonSubmitted =
  (surface: Surface) =>
  async ({ ack, view, body, client, context }: ViewArgs) => {
    await ack();
    const submission = readCancelSubmission(view);
    if (!submission.ok) surface.logger.info({ reason: submission.error }, "slack.cancel_modal.invalid");
    const clicked = submission.ok
      ? { id: submission.value.id, where: { channel: submission.value.channel, ts: submission.value.ts } }
      : undefined;
    const decider = { client, slackUserId: body.user.id, person: personOf(context) };
    await decideOnCard(surface, decider, clicked, "cancel", submission.ok ? submission.value.reason : undefined);
  };
