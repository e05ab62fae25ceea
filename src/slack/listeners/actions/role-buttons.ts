// Approve / Reject on a role request in a list, a digest or the Home tab: the click is the human decision,
// run through the same tool and policy checks as a confirmed card; Reject first asks for the reason.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { noticeBlocks } from "../../blocks/notice.ts";
import { rejectReasonModal } from "../../blocks/reject-reason-modal.ts";
import { originOfClick } from "../../decisions/origin.ts";
import type { Responder } from "../../decisions/response-url.ts";
import { showRoleDecision } from "../../decisions/show-outcome.ts";
import { parseButtonValue } from "../../ids.ts";
import { personOf, type Surface } from "../../surface.ts";
import { callTool, humanActor, personErrorText } from "../../tool-calls.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export const approveRole =
  (surface: Surface, responder: Responder) =>
  async ({ action, body, client, context, respond }: ActionArgs) => {
    const parsed = parseButtonValue(action.value);
    if (!parsed.ok || typeof parsed.value.id !== "number") return;
    const origin = originOfClick(body, action.block_id, { apiUrl: client.slackApiUrl, logger: surface.logger });
    const person = personOf(context);
    const outcome = await callTool(
      surface,
      humanActor(person, body.user.id, "button"),
      "approve_role_request",
      { request_id: parsed.value.id },
      { via: "button" },
    );
    const text = outcome.ok
      ? `Approved: ${outcome.result.user.name} now has the ${outcome.result.role} role.`
      : personErrorText(outcome.error);
    await notify(surface, client, body, respond, text, outcome.ok ? "info" : "warning");
    await showRoleDecision({ surface, client, responder, person, slackUserId: body.user.id }, origin, {
      requestId: parsed.value.id,
      outcome,
    });
  };

/** Opens the reason modal, which carries the click's origin to the submission (listeners/views/reject-reason.ts). */
export const rejectRole =
  (surface: Surface) =>
  async ({ action, body, client }: ActionArgs) => {
    const parsed = parseButtonValue(action.value);
    if (!parsed.ok || typeof parsed.value.id !== "number") return;
    const origin = originOfClick(body, action.block_id, { apiUrl: client.slackApiUrl, logger: surface.logger });
    await client.views.open({
      trigger_id: body.trigger_id,
      view: rejectReasonModal(parsed.value.id, parsed.value.label ?? `request #${parsed.value.id}`, origin),
    });
  };

/** The decider's notice: through the click's response_url (messages), else by DM (the Home tab has none). */
async function notify(
  surface: Surface,
  client: AllMiddlewareArgs["client"],
  body: BlockButtonAction,
  respond: ActionArgs["respond"],
  text: string,
  kind: "info" | "warning",
) {
  const notice = noticeBlocks(text, { kind });
  if (body.response_url) {
    await respond({ response_type: "ephemeral", replace_original: false, text: notice.text, blocks: notice.blocks }).catch(() => undefined);
  } else {
    await client.chat
      .postMessage({ channel: body.user.id, text: notice.text, blocks: notice.blocks })
      .catch((error: unknown) => surface.logger.warn({ err: error }, "slack.notify.failed"));
  }
}
