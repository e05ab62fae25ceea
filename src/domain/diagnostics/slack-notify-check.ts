// The Slack notifications check tells the truth about NOTIFY_SLACK messages: fail when Slack refused one for good in the
// last day (with its reason and run), warn when some wait after a failed try, pass otherwise.
import { DAY_MS, MINUTE_MS } from "../clock.ts";
import { slackOutboxHealth } from "../outbox/slack-delivery-store.ts";
import { check, type CheckResult, type HealthContext } from "./health-checks.ts";

/** A message waiting longer than this, or already retried, is overdue (the drain runs every 10 seconds). */
export const SLACK_NOTIFY_OVERDUE_MS = 15 * MINUTE_MS;
const messages = (n: number) => `${n} Slack message${n === 1 ? "" : "s"}`;

export async function checkSlackNotifications(ctx: HealthContext): Promise<CheckResult> {
  const now = ctx.clock.now().getTime();
  const health = await slackOutboxHealth(ctx.db, {
    failedSince: new Date(now - DAY_MS),
    stuckBefore: new Date(now - SLACK_NOTIFY_OVERDUE_MS),
  });
  if (health.lastFailure) {
    const { reason, channel, executionId } = health.lastFailure;
    const where = executionId === null ? "" : ` (workflow execution ${executionId})`;
    return check(
      "slack_notifications",
      "fail",
      `${messages(health.failed)} from workflow rules not delivered in the last 24 hours; the latest to ${channel}${where}: ${reason}. ` +
        "Invite the bot to the channel or fix the rule's channel; get_workflow_execution_detail shows each failed run.",
    );
  }
  if (health.stuck) {
    const why = health.lastRetryReason ? `; the last try: ${health.lastRetryReason}` : "";
    return check(
      "slack_notifications",
      "warn",
      `${messages(health.stuck)} overdue of ${health.queued} waiting${why}. They are retried; a refusal fails them for good.`,
    );
  }
  const waiting = health.queued ? `${messages(health.queued)} queued, none overdue` : "nothing waiting";
  return check("slack_notifications", "pass", `Workflow rules' Slack messages: ${waiting}; none refused in the last 24 hours.`);
}
