// Approve / Reject on a role request in a list, a digest or the Home tab: the click is the human decision,
// run through the same tool and policy checks as a confirmed card; Reject first asks for the reason.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { noticeBlocks } from "../../blocks/notice.ts";
import { SlackDelivery } from "../../delivery/delivery.ts";
import { tellPerson } from "../../delivery/tell-person.ts";
import { rejectReasonModal } from "../../blocks/reject-reason-modal.ts";
import { boundRowId, CROSSED_CLICK_TEXT, digestShowed } from "../../decisions/button-binding.ts";
import { originOfClick, type DecisionOrigin } from "../../decisions/origin.ts";
import type { Responder } from "../../decisions/response-url.ts";
import { showRoleDecision } from "../../decisions/show-outcome.ts";
import { ACTIONS, parseButtonValue } from "../../ids.ts";
import { personOf, type Surface } from "../../surface.ts";
import { callTool, humanActor, personErrorText } from "../../tool-calls.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export const approveRole =
  (surface: Surface, responder: Responder) =>
  async ({ action, body, client, context, respond }: ActionArgs) => {
    const origin = originOfClick(body, action.block_id, { apiUrl: client.slackApiUrl, logger: surface.logger });
    const requestId = await boundRequest(surface, action, origin);
    if (requestId === undefined) return notify(surface, client, body, respond, CROSSED_CLICK_TEXT, "warning");
    const person = personOf(context);
    const outcome = await callTool(
      surface,
      humanActor(person, body.user.id, "button"),
      "approve_role_request",
      { request_id: requestId },
      { via: "button" },
    );
    const text = outcome.ok
      ? `Approved: ${outcome.result.user.name} now has the ${outcome.result.role} role.`
      : personErrorText(outcome.error);
    await notify(surface, client, body, respond, text, outcome.ok ? "info" : "warning");
    await showRoleDecision({ surface, client, responder, person, slackUserId: body.user.id }, origin, { requestId, outcome });
  };

/** The request a click decides: the one its button was built for, and (on a digest) one that digest showed. */
async function boundRequest(surface: Surface, action: BlockButtonAction["actions"][number], origin: DecisionOrigin) {
  const base = action.action_id.startsWith(ACTIONS.roleReject) ? ACTIONS.roleReject : ACTIONS.roleApprove;
  const id = boundRowId(action, base);
  if (id !== undefined && (await digestShowed(surface, origin, id))) return id;
  surface.logger.warn({ actionId: action.action_id, blockId: action.block_id }, "slack.button.click_mismatch");
  return undefined;
}

/** Opens the reason modal, which carries the click's origin to the submission (listeners/views/reject-reason.ts). */
export const rejectRole =
  (surface: Surface) =>
  async ({ action, body, client, respond }: ActionArgs) => {
    const origin = originOfClick(body, action.block_id, { apiUrl: client.slackApiUrl, logger: surface.logger });
    const requestId = await boundRequest(surface, action, origin);
    if (requestId === undefined) return notify(surface, client, body, respond, CROSSED_CLICK_TEXT, "warning");
    const parsed = parseButtonValue(action.value);
    const label = parsed.ok ? parsed.value.label : undefined;
    await client.views.open({ trigger_id: body.trigger_id, view: rejectReasonModal(requestId, label ?? `request #${requestId}`, origin) });
  };

/** The decider's notice: through the click's response_url (messages), else — or when that fails — by DM. */
async function notify(
  surface: Surface,
  client: AllMiddlewareArgs["client"],
  body: BlockButtonAction,
  respond: ActionArgs["respond"],
  text: string,
  kind: "info" | "warning",
) {
  const delivery = new SlackDelivery(client, surface.logger, body.user.id);
  await tellPerson(body.response_url ? respond : undefined, delivery, noticeBlocks(text, { kind }), surface.logger);
}
