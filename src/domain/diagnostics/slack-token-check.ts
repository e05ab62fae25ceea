// The Slack token check: fail while Slack has revoked the bot token (tokens_revoked / app_uninstalled) and nothing is
// posted, with what clears it; pass otherwise.
import { tokenRevocation } from "../outbox/slack-token-store.ts";
import { check, type CheckResult, type HealthContext } from "./health-checks.ts";

/** The sentence every surface (the health check, /readyz, the log) uses for a revoked token. */
export function revokedTokenText(revocation: { reason: string; revoked_at: Date }): string {
  return (
    `Slack revoked the bot token (${revocation.reason}, ${revocation.revoked_at.toISOString()}): Maestro posts nothing to Slack ` +
    "until SLACK_BOT_TOKEN works again (checked every minute; reinstall the app and set its new token)."
  );
}

export async function checkSlackTokenState(ctx: HealthContext): Promise<CheckResult> {
  const revocation = await tokenRevocation(ctx.db);
  return revocation
    ? check("slack_token_state", "fail", revokedTokenText(revocation))
    : check("slack_token_state", "pass", "Slack has not revoked the bot token.");
}
