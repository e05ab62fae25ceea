// Approve / Reject on a role request in a list, a digest or the Home tab: the click is the human decision,
// run through the same tool and policy checks as a confirmed card; Reject first asks for the reason.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { formatTime } from "../../blocks/format.ts";
import { noticeBlocks } from "../../blocks/notice.ts";
import { rejectReasonModal } from "../../blocks/reject-reason-modal.ts";
import { parseButtonValue } from "../../ids.ts";
import { personOf, type Surface } from "../../surface.ts";
import { callTool, humanActor, timeOptions } from "../../tool-calls.ts";
import { isDigestAction, refreshDigest } from "./refresh-digest.ts";
import { refreshOrigin } from "./refresh-origin.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export const approveRole = (surface: Surface) => async ({ action, body, client, context, respond }: ActionArgs) => {
  const parsed = parseButtonValue(action.value);
  if (!parsed.ok || typeof parsed.value.id !== "number") return;
  const person = personOf(context);
  const outcome = await callTool(surface, humanActor(person, body.user.id, "button"), "approve_role_request", { request_id: parsed.value.id }, { via: "button" });
  const text = outcome.ok
    ? `Approved: ${(outcome.result.user as { name: string }).name} now has the ${String(outcome.result.role)} role.`
    : outcome.error.message;
  await notify(surface, client, body, respond, text, outcome.ok ? "info" : "warning");
  if (!isDigestAction(action.block_id)) {
    await refreshOrigin(surface, client, body, person, "list_role_requests", respond);
  } else if (outcome.ok || outcome.error.code === "conflict") {
    // Decided (now or by someone before): the digest shows the outcome instead of the buttons.
    const line = outcome.ok ? `✅ Approved by ${person.user.name} · ${formatTime(surface.clock.now(), timeOptions(surface))}` : `Already decided: ${outcome.error.message}`;
    await refreshDigest(surface, client, body, parsed.value.id, line);
  }
};

export const rejectRole = (_surface: Surface) => async ({ action, body, client }: ActionArgs) => {
  const parsed = parseButtonValue(action.value);
  if (!parsed.ok || typeof parsed.value.id !== "number") return;
  const channel = body.container?.channel_id as string | undefined;
  const ts = body.container?.message_ts as string | undefined;
  // In a digest, the outcome is said in the channel but the digest is not replaced by the requests list;
  // an ephemeral list cannot be chat.update'd, so only the channel travels with the modal then.
  const keepsMessage = !isDigestAction(action.block_id) && body.container?.is_ephemeral !== true;
  const origin = channel && ts ? (keepsMessage ? { channel, ts } : { channel }) : {};
  await client.views.open({ trigger_id: body.trigger_id, view: rejectReasonModal(parsed.value.id, parsed.value.label ?? `request #${parsed.value.id}`, origin) });
};

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
    await client.chat.postMessage({ channel: body.user.id, text: notice.text, blocks: notice.blocks }).catch((error: unknown) => surface.logger.warn({ err: error }, "slack.notify.failed"));
  }
}
