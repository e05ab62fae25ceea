// The reject-reason modal was submitted: reject the request as the submitter, through the tool, then refresh
// what the Reject click was on (a list message, an ephemeral list, a posted digest or the Home tab).
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import type { Actor } from "../../../domain/actor.ts";
import type { SlackPerson } from "../../../domain/users/staff-directory.ts";
import type { ToolOutcome } from "../../../tools/execute.ts";
import { digestDecisionLine, type DecidedRequest } from "../../blocks/digest.ts";
import { noticeBlocks } from "../../blocks/notice.ts";
import { readRejectSubmission, type RejectOrigin } from "../../blocks/reject-reason-modal.ts";
import { isSlackResponseUrl } from "../../ids.ts";
import { personOf, type Surface } from "../../surface.ts";
import { callTool, humanActor, timeOptions } from "../../tool-calls.ts";
import { refreshPostedDigest } from "../actions/refresh-digest.ts";
import { refreshOrigin } from "../actions/refresh-origin.ts";
import type { Responder } from "./response-url.ts";

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;
type Client = AllMiddlewareArgs["client"];

export const rejectReasonSubmitted =
  (surface: Surface, responder: Responder) =>
  async ({ ack, view, body, client, context }: ViewArgs) => {
    const submission = readRejectSubmission(view);
    if (!submission.ok) {
      surface.logger.info({ reason: submission.log }, "slack.reject_modal.invalid");
      await ack({ response_action: "errors", errors: submission.errors });
      return;
    }
    await ack();
    const { requestId, origin } = submission;
    const person = personOf(context);
    const actor = humanActor(person, body.user.id, "button");
    const outcome = await callTool(
      surface,
      actor,
      "reject_role_request",
      { request_id: requestId, reason: submission.reason },
      { via: "button" },
    );
    const notice = noticeBlocks(
      outcome.ok ? `Rejected request #${requestId}. The reason is kept with the decision.` : outcome.error.message,
      {
        kind: outcome.ok ? "info" : "warning",
      },
    );
    if (origin.channel) {
      await client.chat
        .postEphemeral({ channel: origin.channel, user: body.user.id, text: notice.text, blocks: notice.blocks })
        .catch(() => undefined);
    } else {
      await client.chat.postMessage({ channel: body.user.id, text: notice.text, blocks: notice.blocks }).catch(() => undefined);
    }
    await refresh(surface, client, responder, { person, actor, user: body.user }, origin, requestId, outcome);
  };

async function refresh(
  surface: Surface,
  client: Client,
  responder: Responder,
  who: { person: SlackPerson; actor: Actor; user: ViewArgs["body"]["user"] },
  origin: RejectOrigin,
  requestId: number,
  outcome: ToolOutcome,
): Promise<void> {
  const { user } = who;
  if (!origin.channel) {
    await refreshOrigin(surface, client, { container: { type: "view" }, user }, who.person, "list_role_requests");
    return;
  }
  if (!origin.ts) return; // an ephemeral message that cannot be replaced (a digest preview): the notice alone
  if (origin.digest) {
    // Decided (now or by someone before): the digest's row shows the outcome instead of the buttons, as after Approve.
    if (!outcome.ok && outcome.error.code !== "conflict") return;
    const line = outcome.ok
      ? digestDecisionLine(outcome.result as unknown as DecidedRequest, timeOptions(surface))
      : `Already decided: ${outcome.error.message}`;
    await refreshPostedDigest(surface, client, who.actor, { channel: origin.channel, ts: origin.ts }, requestId, line);
    return;
  }
  const container = { type: "message", channel_id: origin.channel, message_ts: origin.ts, is_ephemeral: Boolean(origin.response_url) };
  // The URL came back from Slack in private_metadata; checked again before anything is POSTed to it.
  const url = origin.response_url && isSlackResponseUrl(origin.response_url, client.slackApiUrl) ? origin.response_url : undefined;
  if (origin.response_url && !url) surface.logger.warn({ channel: origin.channel }, "slack.reject.response_url_refused");
  // An expired response_url (30 minutes, 5 uses) throws inside refreshOrigin, which logs it: the notice still tells the outcome.
  await refreshOrigin(surface, client, { container, user }, who.person, "list_role_requests", url ? responder(url) : undefined);
}
