// Maestro's scheduled jobs, all in one list: card expiry, the Slack and email outboxes, recovery, housekeeping and the
// morning digest.
import type { WebClient } from "@slack/web-api";
import type { Config } from "../config.ts";
import type { Digest } from "../digest/digest-service.ts";
import { DAY_MS } from "../domain/clock.ts";
import { sweepExpiredCards } from "../slack/cards/expire-cards.ts";
import { drainSlackOutbox } from "../slack/outbox-drain.ts";
import { pruneCounters } from "../slack/stores/rate-limit-store.ts";
import { pruneReceipts } from "../slack/stores/receipt-store.ts";
import type { Surface } from "../slack/surface.ts";
import type { EmailDelivery } from "../mail/email-delivery.ts";
import { recoveryJob } from "../recovery/recovery.ts";
import type { OpsAlerts } from "../alerts/ops-alerts.ts";
import { pruneAlerts } from "../domain/alerts/alert-store.ts";
import { pruneIdempotencyKeys } from "../api/idempotency-store.ts";
import type { Job } from "./jobs.ts";
import { tokenCheckJob, whileTokenWorks } from "../slack/token-state.ts";

/** Offset from the hour so the digest's check never runs in the same second as an on-the-hour digest. */
export const DIGEST_CATCH_UP_CRON = "2-59/5 * * * *";

/** Event receipts, rate-limit counters and the studio API's Idempotency-Key answers are kept this long (Slack retries an event for minutes, not days). */
const HOUSEKEEPING_KEEP_MS = DAY_MS;
/** Ops alerts are kept well past every lookback of the alerts job (a day for new items, two for decisions). */
const ALERTS_KEEP_MS = 14 * DAY_MS;

/**
 * The digest's entries: the DIGEST_CRON minute in DIGEST_TZ, and a catch-up check every 5 minutes (a missed minute, a
 * failed post, a claim whose process died, a time DST skipped). No channel, no jobs: the digest is off (previews work).
 */
export function digestJobs(digest: Pick<Digest, "runScheduled" | "catchUp">, settings: Config["digest"]): Job[] {
  if (!settings.channel) return [];
  return [
    { name: "digest", cron: settings.cron, timeZone: settings.timeZone, run: ({ scheduledAt }) => digest.runScheduled(scheduledAt) },
    { name: "digest.catch-up", cron: DIGEST_CATCH_UP_CRON, run: () => digest.catchUp() },
  ];
}

/**
 * Every job a Maestro process runs. Card expiry updates cards through the app's client; the Slack outbox and the ops
 * alerts post through the delivery client (a rate limit comes back to them); the email one goes over SMTP when set.
 */
export function maestroJobs(
  surface: Surface,
  wiring: { app: WebClient; poster: WebClient; instanceId: string; email?: EmailDelivery; alerts?: OpsAlerts },
): Job[] {
  const { clock, db } = surface;
  const { email, alerts, instanceId } = wiring;
  // Jobs that post to Slack skip their runs while Slack has revoked the token (src/slack/token-state.ts).
  const posting = (job: Job) => whileTokenWorks(surface, job);
  return [
    posting({ name: "cards.expire", cron: "* * * * *", run: () => sweepExpiredCards(surface, wiring.app) }),
    posting({ name: "outbox.slack", cron: "*/10 * * * * *", run: () => drainSlackOutbox({ ...surface, instanceId }, wiring.poster) }),
    // Seconds apart from the outboxes' drains.
    ...(alerts ? [posting({ name: "alerts", cron: "3-59/10 * * * * *", run: () => alerts.drain() })] : []),
    // Offset from the Slack drain's seconds so the two never start in the same tick.
    ...(email ? [{ name: "outbox.email", cron: "5-59/10 * * * * *", run: () => email.drain() }] : []),
    // Takes over what dead processes left behind (docs/recovery.md); main also runs it once when it starts listening.
    posting(recoveryJob({ surface, client: wiring.app })),
    tokenCheckJob(surface, wiring.app),
    {
      name: "housekeeping",
      cron: "17 * * * *",
      run: async () => {
        const before = new Date(clock.now().getTime() - HOUSEKEEPING_KEEP_MS);
        await pruneReceipts(db, before);
        await pruneCounters(db, before);
        await pruneIdempotencyKeys(db, before);
        await pruneAlerts(db, new Date(clock.now().getTime() - ALERTS_KEEP_MS));
      },
    },
    ...digestJobs(surface.digest, surface.config.digest).map(posting),
  ];
}
