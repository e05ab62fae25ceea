// The digest's entries in the scheduler's job list: the DIGEST_CRON minute in DIGEST_TZ, and a catch-up
// check every 5 minutes (a missed minute, a failed post, a claim whose process died, a time DST skipped).
import type { Config } from "../config.ts";
import type { Job } from "../scheduler/jobs.ts";
import type { Digest } from "./digest-service.ts";

/** Offset from the hour so the check never runs in the same second as an on-the-hour digest. */
export const DIGEST_CATCH_UP_CRON = "2-59/5 * * * *";

/** No channel, no jobs: the digest is off (previews still work). */
export function digestJobs(digest: Pick<Digest, "runScheduled" | "catchUp">, settings: Config["digest"]): Job[] {
  if (!settings.channel) return [];
  return [
    { name: "digest", cron: settings.cron, timeZone: settings.timeZone, run: ({ scheduledAt }) => digest.runScheduled(scheduledAt) },
    { name: "digest.catch-up", cron: DIGEST_CATCH_UP_CRON, run: () => digest.catchUp() },
  ];
}
