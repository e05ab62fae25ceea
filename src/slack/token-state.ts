// While Slack has revoked the bot token (tokens_revoked / app_uninstalled), nothing posts: the jobs that write to Slack
// skip their run instead of hammering a dead token, on every replica (the state is a row). A check every minute calls
// auth.test with the configured token; the first success clears the state and posting resumes. That is what "works
// again" means: the app reinstalled and its new token deployed (or the old one restored).
import type { WebClient } from "@slack/web-api";
import { revokedTokenText } from "../domain/diagnostics/slack-token-check.ts";
import { clearTokenRevoked, markTokenRevoked, noteTokenStillRefused, tokenRevocation } from "../domain/outbox/slack-token-store.ts";
import type { Job } from "../scheduler/jobs.ts";
import type { Surface } from "./surface.ts";

/** Slack's answers that mean the bot token itself is dead (not this call's fault). */
const DEAD_TOKEN = new Set(["token_revoked", "invalid_auth", "account_inactive", "not_authed", "token_expired"]);

/** The dead-token code of a Web API error, if that is what it is. */
export function deadTokenCode(error: unknown): string | undefined {
  const code = (error as { data?: { error?: unknown } } | undefined)?.data?.error;
  return typeof code === "string" && DEAD_TOKEN.has(code) ? code : undefined;
}

/** Slack's notice that the bot token is gone (or a call refused for it): recorded once, said loudly once. */
export async function recordTokenRevoked(
  surface: Pick<Surface, "db" | "clock" | "logger">,
  reason: string,
  teamId: string | undefined,
): Promise<void> {
  await markTokenRevoked(surface.db, { reason, teamId }, surface.clock.now());
  const revocation = await tokenRevocation(surface.db);
  if (revocation) surface.logger.error({ reason, teamId }, `slack.token.revoked: ${revokedTokenText(revocation)}`);
}

/** The job, run only while the token is not known to be revoked (a skipped run is logged at debug). */
export function whileTokenWorks(surface: Surface, job: Job): Job {
  return {
    ...job,
    run: async (context) => {
      if (await tokenRevocation(surface.db)) {
        surface.logger.debug({ job: job.name }, "slack.job.skipped_token_revoked");
        return undefined;
      }
      return job.run(context);
    },
  };
}

/** Every minute while revoked: auth.test with the configured token; a success clears the state on every replica. */
export function tokenCheckJob(surface: Surface, client: WebClient): Job {
  return {
    name: "slack.token-check",
    cron: "41 * * * * *",
    run: async () => {
      if (!(await tokenRevocation(surface.db))) return;
      try {
        await client.auth.test();
      } catch (error) {
        await noteTokenStillRefused(surface.db, surface.clock.now());
        surface.logger.debug({ code: (error as { data?: { error?: string } }).data?.error }, "slack.token.still_revoked");
        return;
      }
      if (await clearTokenRevoked(surface.db)) surface.logger.info({}, "slack.token.restored: the bot token works again; posting resumes");
    },
  };
}
