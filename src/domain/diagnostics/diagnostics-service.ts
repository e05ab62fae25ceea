// Site diagnostics: the health check (every check, the worst status overall) and the audit log read.
import { auditPage, type AuditFilter } from "../audit/audit-queries.ts";
import type { DomainContext } from "../context.ts";
import { runDatabaseChecks } from "./database-checks.ts";
import { checkSlackTokenState } from "./slack-token-check.ts";
import { checkEmailDelivery } from "./email-check.ts";
import { checkSlackNotifications } from "./slack-notify-check.ts";
import {
  checkAnthropicKey,
  checkEngine,
  guarded,
  checkSlackToken,
  type CheckResult,
  type CheckStatus,
  type HealthContext,
} from "./health-checks.ts";

const SEVERITY: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

export function worstStatus(checks: readonly CheckResult[]): CheckStatus {
  return checks.reduce<CheckStatus>((worst, c) => (SEVERITY[c.status] > SEVERITY[worst] ? c.status : worst), "pass");
}

/** "All 9 checks pass." or "1 fails (admin_user) and 2 warn (email, slack_bot_token); 6 pass." */
export function summarizeChecks(checks: readonly CheckResult[]): string {
  const named = (status: CheckStatus) => checks.filter((c) => c.status === status).map((c) => c.name);
  const [fails, warns, passes] = [named("fail"), named("warn"), named("pass")];
  if (!fails.length && !warns.length) return `All ${checks.length} checks pass.`;
  const parts = [
    fails.length ? `${fails.length} fail${fails.length === 1 ? "s" : ""} (${fails.join(", ")})` : null,
    warns.length ? `${warns.length} warn${warns.length === 1 ? "s" : ""} (${warns.join(", ")})` : null,
  ].filter(Boolean);
  return `${parts.join(" and ")}; ${passes.length} pass.`;
}

/** Every configured value that must never reach a result; the checks report presence only, this is the backstop. */
function secretValues(config: HealthContext["config"]): string[] {
  const password = (url?: string) => {
    try {
      return url ? decodeURIComponent(new URL(url).password) : undefined;
    } catch {
      return undefined;
    }
  };
  return [
    config.slack.botToken,
    config.slack.signingSecret,
    config.slack.appToken,
    config.anthropic.apiKey,
    config.email.from,
    password(config.database.url),
    password(config.email.smtpUrl),
  ].filter((v): v is string => typeof v === "string" && v.length >= 4);
}

function redact(check: CheckResult, secrets: readonly string[]): CheckResult {
  const detail = secrets.reduce((text, secret) => text.split(secret).join("***"), check.detail);
  return detail === check.detail ? check : { ...check, detail };
}

/** Runs every check; reads only. The database checks take one statement on a healthy database. */
export async function runHealthCheck(ctx: HealthContext) {
  // The SMTP server's answer is awaited beside the database's, not after it.
  const [{ database, checks: databaseChecks }, email, slackNotifications, slackTokenState] = await Promise.all([
    runDatabaseChecks(ctx),
    guarded("email", () => checkEmailDelivery(ctx)),
    guarded("slack_notifications", () => checkSlackNotifications(ctx)),
    guarded("slack_token_state", () => checkSlackTokenState(ctx)),
  ]);
  const checks: CheckResult[] = [
    database,
    checkEngine(ctx.engine, ctx.config),
    ...databaseChecks,
    email,
    slackNotifications,
    slackTokenState,
    checkSlackToken(ctx.config),
    checkAnthropicKey(ctx.config),
  ];
  const secrets = secretValues(ctx.config);
  const safe = checks.map((c) => redact(c, secrets));
  return { overall: worstStatus(safe), summary: summarizeChecks(safe), checks: safe };
}

/** The newest audit entries matching the filter, a bounded total, and the names of the humans who acted. */
export async function getAuditLog(ctx: DomainContext, filter: AuditFilter, limit: number) {
  const { rows, total, totalIsLowerBound } = await auditPage(ctx.db, filter, limit);
  const entries = rows.map(({ user_name: userName, ...r }) => {
    // The name recorded at the time covers a user deleted since; the system acts as "Maestro".
    const recorded = typeof r.details?.actor_name === "string" ? r.details.actor_name : null;
    const actorName = userName ?? recorded ?? (r.actor_type === "SYSTEM" ? "Maestro" : null);
    return { ...r, actor_name: actorName };
  });
  return { entries, total, totalIsLowerBound };
}
