// The reject-reason modal was submitted: reject the request as the submitter, through the tool.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { noticeBlocks } from "../../blocks/notice.ts";
import { readRejectSubmission } from "../../blocks/reject-reason-modal.ts";
import { personOf, type Surface } from "../../surface.ts";
import { callTool, humanActor } from "../../tool-calls.ts";
import { refreshOrigin } from "../actions/refresh-origin.ts";

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

export const rejectReasonSubmitted = (surface: Surface) => async ({ ack, view, body, client, context }: ViewArgs) => {
  const submission = readRejectSubmission(view);
  if (!submission.ok) {
    surface.logger.info({ reason: submission.log }, "slack.reject_modal.invalid");
    await ack({ response_action: "errors", errors: submission.errors });
    return;
  }
  await ack();
  const person = personOf(context);
  const outcome = await callTool(
    surface,
    humanActor(person, body.user.id, "button"),
    "reject_role_request",
    { request_id: submission.requestId, reason: submission.reason },
    { via: "button" },
  );
  const notice = noticeBlocks(outcome.ok ? `Rejected request #${submission.requestId}. The reason is kept with the decision.` : outcome.error.message, {
    kind: outcome.ok ? "info" : "warning",
  });
  if (submission.channel) {
    await client.chat.postEphemeral({ channel: submission.channel, user: body.user.id, text: notice.text, blocks: notice.blocks }).catch(() => undefined);
    if (submission.ts) {
      await refreshOrigin(surface, client, { container: { type: "message", channel_id: submission.channel, message_ts: submission.ts }, user: body.user } as never, person, "list_role_requests");
    }
  } else {
    await client.chat.postMessage({ channel: body.user.id, text: notice.text, blocks: notice.blocks }).catch(() => undefined);
    await refreshOrigin(surface, client, { container: { type: "view" }, user: body.user } as never, person, "list_role_requests");
  }
};
