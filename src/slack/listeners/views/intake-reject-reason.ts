// The intake reject modal was submitted: reject the intake as the submitter (update_intake_status to REJECTED, gated: the
// submission is the human decision), the reason kept as its note; tell them, and update the alert it came from.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { readIntakeRejectSubmission } from "../../blocks/intake-reject-modal.ts";
import { noticeBlocks } from "../../blocks/notice.ts";
import { showAlert } from "../../decisions/show-outcome.ts";
import { personOf, type Surface } from "../../surface.ts";
import { callTool, humanActor, personErrorText } from "../../tool-calls.ts";

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

export const intakeRejectSubmitted =
  (surface: Surface) =>
  async ({ ack, view, body, client, context }: ViewArgs) => {
    const submission = readIntakeRejectSubmission(view);
    if (!submission.ok) {
      surface.logger.info({ reason: submission.log }, "slack.intake_reject_modal.invalid");
      await ack({ response_action: "errors", errors: submission.errors });
      return;
    }
    await ack();
    const { meta, reason } = submission;
    const outcome = await callTool(
      surface,
      humanActor(personOf(context), body.user.id, "button"),
      "update_intake_status",
      { intake_id: meta.id, new_status: "REJECTED", note: reason },
      { via: "button" },
    );
    const notice = noticeBlocks(
      outcome.ok ? `Rejected intake #${meta.id}. The reason is kept in its history.` : personErrorText(outcome.error),
      {
        kind: outcome.ok ? "info" : "warning",
      },
    );
    await client.chat
      .postEphemeral({ channel: meta.channel, user: body.user.id, text: notice.text, blocks: notice.blocks })
      .catch(() => undefined);
    await showAlert({ surface, client }, meta, "intake", meta.id);
  };
