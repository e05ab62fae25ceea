// The reject-reason modal was submitted: reject the request as the submitter, through the tool, then show the outcome
// where the Reject click was (a list message, an ephemeral list, a posted digest or the Home tab).
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { noticeBlocks } from "../../blocks/notice.ts";
import { readRejectSubmission } from "../../blocks/reject-reason-modal.ts";
import { SlackDelivery } from "../../delivery/delivery.ts";
import { noticeChannel } from "../../decisions/origin.ts";
import type { Responder } from "../../decisions/response-url.ts";
import { showRoleDecision } from "../../decisions/show-outcome.ts";
import { personOf, type Surface } from "../../surface.ts";
import { callTool, humanActor, personErrorText } from "../../tool-calls.ts";

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

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
    const outcome = await callTool(
      surface,
      humanActor(person, body.user.id, "button"),
      "reject_role_request",
      { request_id: requestId, reason: submission.reason },
      { via: "button" },
    );
    const notice = noticeBlocks(
      outcome.ok ? `Rejected request #${requestId}. The reason is kept with the decision.` : personErrorText(outcome.error),
      {
        kind: outcome.ok ? "info" : "warning",
      },
    );
    // Where the click was, ephemerally; from the Home tab — or when Slack refuses the ephemeral — by DM.
    const channel = noticeChannel(origin);
    const ephemeral = channel
      ? await client.chat.postEphemeral({ channel, user: body.user.id, text: notice.text, blocks: notice.blocks }).then(
          () => true,
          (error: unknown) => (surface.logger.warn({ err: error, channel }, "slack.notice.ephemeral_failed"), false),
        )
      : false;
    if (!ephemeral) await new SlackDelivery(client, surface.logger, body.user.id).toDm([notice], { what: "notice" });
    await showRoleDecision({ surface, client, responder, person, slackUserId: body.user.id }, origin, { requestId, outcome });
  };
