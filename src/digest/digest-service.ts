// The digest's entry points: the scheduled minute, catch-up (on start and every few minutes), a post on
// demand and a preview. Exactly one counted post per channel and local day comes from the claim in
// digest_runs (unique channel + local_date) and conditional updates, whatever the replicas or restarts.
import { systemActor, type Actor } from "../domain/actor.ts";
import {
  auditDigestPost,
  claimDigestRun,
  findDigestRun,
  retakeDigestRun,
  type DigestTrigger,
  type RetakeRule,
} from "./digest-run-store.ts";
import { localDate } from "../domain/local-time.ts";
import type { DigestContent } from "./digest-content.ts";
import type { Message } from "../slack/blocks/kit.ts";
import { digestSchedule, type DigestSchedule } from "./digest-schedule.ts";
import { buildDigest, describePostError, postClaimedRun, type DigestDeps, type PostOutcome } from "./post-digest.ts";
import { findPostedDigest } from "./posted-digest.ts";
import { HOUR_MS, MINUTE_MS } from "../domain/clock.ts";

/** A failed post is retried after this long (the catch-up check runs every 5 minutes) … */
export const RETRY_AFTER_MS = 4 * MINUTE_MS;
/** … at most this many attempts a day, so a channel that will never work does not post errors all day. */
export const MAX_ATTEMPTS = 5;
/**
 * A claim this old is presumed dead (its process stopped between claim and post) and is taken over.
 * Longer than a post can take: Slack's client retries a failing request for up to ~30 minutes.
 */
export const STALE_CLAIM_MS = HOUR_MS;

export interface Digest {
  readonly schedule: DigestSchedule;
  /** The channel's digest for the local day of a cron minute. */
  runScheduled(scheduledAt: Date): Promise<PostOutcome>;
  /** Posts today's digest if its scheduled time has passed and it is not posted yet (or retries a failed one). */
  catchUp(): Promise<PostOutcome>;
  /** Posts now; counted as today's digest only if none was posted (`/maestro digest post`, `maestro digest --post`). */
  postNow(actor: Actor, trigger: Extract<DigestTrigger, "command" | "cli">): Promise<PostOutcome>;
  /** The digest as it would be posted now, for the person asking. */
  preview(actor: Actor): Promise<{ content: DigestContent; message: Message }>;
  /** A counted digest's message as posted, by channel and ts (a decision made in a modal re-renders it). */
  postedMessage(channel: string, ts: string): Promise<Message | undefined>;
}

const skipped = (reason: string): PostOutcome => ({ kind: "skipped", reason });

export function createDigest(deps: DigestDeps): Digest {
  const { config, clock, db, logger, instanceId } = deps;
  const schedule = digestSchedule(config.digest.cron, config.digest.timeZone);
  const digestActor = systemActor("digest");
  const rule = (at: Date, human: boolean): RetakeRule => ({
    // A person asking to post now is the retry: no back-off, no attempt cap.
    failedBefore: human ? at : new Date(at.getTime() - RETRY_AFTER_MS),
    maxAttempts: human ? 2_147_483_647 : MAX_ATTEMPTS, // attempts is an integer column
    staleBefore: new Date(at.getTime() - STALE_CLAIM_MS),
  });

  /** Claims the channel's day (or takes over a failed or dead attempt); otherwise says why it is not ours to post. */
  async function claim(channel: string, day: string, trigger: DigestTrigger, human: boolean) {
    const at = clock.now();
    const existing = await findDigestRun(db, channel, day);
    if (existing?.status === "posted") return { why: `today's digest was already posted (${existing.slack_ts})`, posted: true };
    const run = existing
      ? await retakeDigestRun(db, existing.id, { trigger, claimedBy: instanceId }, rule(at, human), at)
      : await claimDigestRun(db, { channel, localDate: day, trigger, claimedBy: instanceId }, at);
    if (run) return { run };
    const now = await findDigestRun(db, channel, day);
    if (now?.status === "failed") {
      const error = now.error ?? "unknown error";
      return now.attempts >= MAX_ATTEMPTS
        ? { why: `gave up after ${now.attempts} attempts (${error}); \`/maestro digest post\` tries again` }
        : { why: `the last attempt failed (${now.attempts} of ${MAX_ATTEMPTS}): ${error}` };
    }
    if (now?.status === "posted") return { why: "today's digest was already posted", posted: true };
    return { why: "another process is posting today's digest" };
  }

  // The last local day this process saw posted: the catch-up check then costs no query for the rest of the day.
  let postedDay: string | undefined;

  async function ensureDaily(day: string, trigger: DigestTrigger): Promise<PostOutcome> {
    const channel = config.digest.channel;
    if (!channel) return skipped("DIGEST_CHANNEL is not set");
    if (postedDay === day) return skipped("today's digest was already posted");
    const claimed = await claim(channel, day, trigger, false);
    if (!claimed.run) {
      if (claimed.posted) postedDay = day;
      logger.debug({ channel, localDate: day, trigger, reason: claimed.why }, "digest.run.skipped");
      return skipped(claimed.why);
    }
    const outcome = await postClaimedRun(deps, claimed.run, digestActor);
    if (outcome.kind === "posted") postedDay = day;
    return outcome;
  }

  return {
    schedule,
    runScheduled: (scheduledAt) => ensureDaily(localDate(scheduledAt, config.digest.timeZone), "schedule"),
    async catchUp() {
      const due = schedule.dueToday(clock.now());
      if (!due) return skipped("no digest is due yet today");
      return ensureDaily(localDate(due, config.digest.timeZone), "catch_up");
    },
    async postNow(actor, trigger) {
      const channel = config.digest.channel;
      if (!channel) return skipped("DIGEST_CHANNEL is not set");
      const day = localDate(clock.now(), config.digest.timeZone);
      const claimed = await claim(channel, day, trigger, true);
      if (claimed.run) return postClaimedRun(deps, claimed.run, actor);
      // Today's digest exists (or is being posted): this one goes out as an extra, not counted.
      try {
        const { message } = await buildDigest(deps, actor);
        const { ts } = await deps.post({ channel, text: message.text, blocks: message.blocks });
        await auditDigestPost(db, { channel, localDate: day, slackTs: ts, trigger, counted: false, actor }, clock.now());
        logger.info({ channel, localDate: day, ts, trigger }, "digest.post.extra");
        return { kind: "posted", ts, localDate: day, counted: false, attempt: 1 };
      } catch (error) {
        const reason = describePostError(error);
        logger.error({ err: error, channel, trigger, reason }, "digest.post.failed");
        return { kind: "failed", error: reason, attempt: 1 };
      }
    },
    preview: (actor) => buildDigest(deps, actor),
    postedMessage: (channel, ts) => findPostedDigest(db, config.digest, channel, ts),
  };
}
