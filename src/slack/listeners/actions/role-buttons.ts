// Approve / Reject on a role request in a list, a digest or the Home tab: the click is the human decision,
// run through the same tool and policy checks as a confirmed card; Reject first asks for the reason.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { digestDecisionLine, type DecidedRequest } from "../../blocks/digest.ts";
import { noticeBlocks } from "../../blocks/notice.ts";
import { rejectReasonModal, type RejectOrigin } from "../../blocks/reject-reason-modal.ts";
import { isSlackResponseUrl, parseButtonValue } from "../../ids.ts";
import { personOf, type Surface } from "../../surface.ts";
import { callTool, humanActor, timeOptions } from "../../tool-calls.ts";
import { isDigestAction, refreshDigest } from "./refresh-digest.ts";
import { refreshOrigin } from "./refresh-origin.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export const approveRole =
  (surface: Surface) =>
  async ({ action, body, client, context, respond }: ActionArgs) => {
    const parsed = parseButtonValue(action.value);
    if (!parsed.ok || typeof parsed.value.id !== "number") return;
    const person = personOf(context);
    const outcome = await callTool(
      surface,
      humanActor(person, body.user.id, "button"),
      "approve_role_request",
      { request_id: parsed.value.id },
      { via: "button" },
    );
    const text = outcome.ok
      ? `Approved: ${(outcome.result.user as { name: string }).name} now has the ${String(outcome.result.role)} role.`
      : outcome.error.message;
    await notify(surface, client, body, respond, text, outcome.ok ? "info" : "warning");
    if (!isDigestAction(action.block_id)) {
      await refreshOrigin(surface, client, body, person, "list_role_requests", respond);
    } else if (outcome.ok || outcome.error.code === "conflict") {
      // Decided (now or by someone before): the digest shows the outcome instead of the buttons.
      const line = outcome.ok
        ? digestDecisionLine(outcome.result as unknown as DecidedRequest, timeOptions(surface))
        : `Already decided: ${outcome.error.message}`;
      await refreshDigest(surface, client, body, parsed.value.id, line);
    }
  };

export const rejectRole =
  (surface: Surface) =>
  async ({ action, body, client }: ActionArgs) => {
    const parsed = parseButtonValue(action.value);
    if (!parsed.ok || typeof parsed.value.id !== "number") return;
    const origin = rejectOrigin(surface, body, isDigestAction(action.block_id), client.slackApiUrl);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: rejectReasonModal(parsed.value.id, parsed.value.label ?? `request #${parsed.value.id}`, origin),
    });
  };

/**
 * What the modal must remember to refresh the clicked message once the reason is submitted: a channel message by
 * channel + ts (chat.update); an ephemeral list also by its response_url (the only way to replace it); a posted
 * digest by channel + ts, marked so only its row changes. An ephemeral digest preview keeps the channel for the notice.
 */
function rejectOrigin(surface: Surface, body: BlockButtonAction, inDigest: boolean, apiUrl: string): RejectOrigin {
  const channel = body.container?.channel_id as string | undefined;
  const ts = body.container?.message_ts as string | undefined;
  if (!channel || !ts) return {};
  const ephemeral = body.container?.is_ephemeral === true;
  if (inDigest) return ephemeral ? { channel } : { channel, ts, digest: true };
  if (!ephemeral) return { channel, ts };
  const url = body.response_url;
  if (url && isSlackResponseUrl(url, apiUrl)) return { channel, ts, response_url: url };
  surface.logger.warn({ channel }, "slack.reject.response_url_refused");
  return { channel };
}

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
