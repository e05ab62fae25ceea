// 👍/👎 under an answer: the vote is stored at once as the clicker's (a second click changes it), and a 👎 opens the
// optional reason. The run id rides in the action_id; a click counts only when that run's conversation is the channel
// it was clicked in, so a payload naming another run (another person's DM, another thread's channel) records nothing.
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { FEEDBACK_VALUES, feedbackReasonModal, readFeedbackReason } from "../../blocks/feedback.ts";
import { ACTIONS } from "../../ids.ts";
import { findAnsweredRun, recordReason, recordVote } from "../../stores/feedback-store.ts";
import { personOf, type Surface } from "../../surface.ts";

type FeedbackArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

export const NOT_THIS_ANSWER = "That feedback button does not belong to an answer in this conversation, so nothing was recorded.";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The run id a feedback action_id names (`maestro.feedback:<uuid>`). */
function runIdOf(actionIdText: string): string | undefined {
  const key = actionIdText.startsWith(`${ACTIONS.feedback}:`) ? actionIdText.slice(ACTIONS.feedback.length + 1) : "";
  return UUID.test(key) ? key : undefined;
}

export const feedbackClicked =
  (surface: Surface) =>
  async ({ action, body, client, context, respond }: FeedbackArgs) => {
    // Acknowledged by the gatekeeper, like every click.
    const value = (action as { value?: string }).value;
    const runId = runIdOf(action.action_id);
    const channel = body.container?.channel_id as string | undefined;
    const run = runId ? await findAnsweredRun(surface.db, runId) : undefined;
    if (!run || !channel || run.channel !== channel || (value !== FEEDBACK_VALUES.up && value !== FEEDBACK_VALUES.down)) {
      surface.logger.warn({ actionId: action.action_id, channel, value }, "slack.feedback.mismatch");
      await respond({ response_type: "ephemeral", replace_original: false, text: NOT_THIS_ANSWER }).catch(() => undefined);
      return;
    }
    const person = personOf(context);
    await recordVote(
      surface.db,
      { runId: run.id, userId: person.user.id, value, channelId: channel, model: run.model, cost: run.cost },
      surface.clock.now(),
    );
    surface.logger.info({ runId: run.id, value }, "slack.feedback.recorded");
    if (value !== FEEDBACK_VALUES.down) return;
    await client.views
      .open({ trigger_id: body.trigger_id, view: feedbackReasonModal({ run: run.id, channel }) })
      .catch((error: unknown) => surface.logger.warn({ err: error, runId: run.id }, "slack.feedback.modal_failed"));
  };

/** The 👎's reason: kept with the submitter's own 👎 on that answer (nothing when they have none, or left it empty). */
export const feedbackReasonSubmitted =
  (surface: Surface) =>
  async ({ ack, view, context }: ViewArgs) => {
    await ack();
    const submission = readFeedbackReason(view);
    if (!submission.ok) {
      surface.logger.info({ reason: submission.error }, "slack.feedback.reason_invalid");
      return;
    }
    if (!submission.value.reason) return;
    const person = personOf(context);
    const kept = await recordReason(
      surface.db,
      { runId: submission.value.run, userId: person.user.id, reason: submission.value.reason },
      surface.clock.now(),
    );
    if (!kept) surface.logger.info({ runId: submission.value.run }, "slack.feedback.reason_without_vote");
  };
