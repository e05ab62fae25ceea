// The email check tells the truth: pass only when the SMTP server accepts Maestro's connection and no email is
// overdue or refused; warn when emails wait with no transport; fail with the server's reason for refused emails.
import { DAY_MS } from "../clock.ts";
import { emailOutboxHealth, type EmailOutboxHealth } from "../outbox/email-delivery-store.ts";
import { smtpEndpoint } from "../../mail/smtp-transport.ts";
import { verifySmtp } from "../../mail/verify-smtp.ts";
import { check, type CheckResult, type HealthContext } from "./health-checks.ts";

/** An email waiting longer than this, or already retried, is overdue (the drain runs every 10 seconds). */
export const EMAIL_OVERDUE_MS = 15 * 60_000;
const emails = (n: number) => `${n} email${n === 1 ? "" : "s"}`;

function failedCheck(health: EmailOutboxHealth): CheckResult {
  const latest = health.lastFailure!;
  const where = latest.executionId === null ? "" : ` (workflow execution ${latest.executionId})`;
  return check(
    "email",
    "fail",
    `${emails(health.failed)} refused for good in the last 24 hours; the latest${where}: ${latest.reason}. ` +
      "Check the rule's recipient; get_workflow_execution_detail shows each failed run.",
  );
}

export async function checkEmailDelivery(ctx: HealthContext): Promise<CheckResult> {
  const now = ctx.clock.now().getTime();
  const health = await emailOutboxHealth(ctx.db, { failedSince: new Date(now - DAY_MS), stuckBefore: new Date(now - EMAIL_OVERDUE_MS) });
  if (health.failed) return failedCheck(health);
  const { smtpUrl } = ctx.config.email;
  if (!smtpUrl) {
    return health.queued
      ? check(
          "email",
          "warn",
          `${emails(health.queued)} ${health.queued === 1 ? "is" : "are"} waiting and will not be sent: SMTP_URL is not set.`,
        )
      : check(
          "email",
          "warn",
          "Email is not configured: SMTP_URL is not set, so emails from SEND_EMAIL workflow rules would wait and not be sent.",
        );
  }
  const endpoint = smtpEndpoint(smtpUrl);
  const refused = await verifySmtp(smtpUrl);
  if (refused) {
    const waiting = health.queued ? ` ${emails(health.queued)} waiting.` : "";
    return check(
      "email",
      "fail",
      `The SMTP server (${endpoint}) did not accept Maestro's connection: ${refused}.${waiting} Check SMTP_URL.`,
    );
  }
  if (health.stuck) {
    const why = health.lastRetryReason ? `; the last try failed: ${health.lastRetryReason}` : "";
    return check(
      "email",
      "warn",
      `${emails(health.stuck)} overdue of ${health.queued} waiting${why}. They are retried with backoff; a refusal fails them for good.`,
    );
  }
  const waiting = health.queued ? `${emails(health.queued)} queued, none overdue` : "nothing waiting";
  return check(
    "email",
    "pass",
    `The SMTP server (${endpoint}) accepts Maestro's connection; ${waiting}; none refused in the last 24 hours.`,
  );
}
