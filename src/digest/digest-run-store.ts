// SQL for digest_runs: one row per channel and local day, claimed before posting and moved on only by
// conditional updates, so replicas, restarts and retries never post a day's digest twice.
import type { Knex } from "knex";
import type { Actor } from "../domain/actor.ts";
import { insertAudit } from "../domain/audit/audit-store.ts";
import { AUDIT_ACTIONS } from "../domain/vocabulary.ts";
import { storableError } from "../domain/untrusted-text.ts";

export type DigestRunStatus = "claimed" | "posted" | "failed";
/** How a run came about: the cron minute, a catch-up (start or periodic check), `/maestro digest post`, the CLI. */
export type DigestTrigger = "schedule" | "catch_up" | "command" | "cli";

export interface DigestRunRow {
  id: number;
  channel: string;
  /** YYYY-MM-DD in the digest's time zone (the date column is parsed as text on both engines). */
  local_date: string;
  status: DigestRunStatus;
  trigger: DigestTrigger;
  claimed_by: string | null;
  attempts: number;
  slack_ts: string | null;
  content: Record<string, unknown> | null;
  error: string | null;
  claimed_at: Date;
  posted_at: Date | null;
}

export interface ClaimInput {
  channel: string;
  localDate: string;
  trigger: DigestTrigger;
  claimedBy: string;
}

/** The first claimant of a channel's day gets the row; everyone else gets undefined (unique channel + local_date). */
export async function claimDigestRun(db: Knex, claim: ClaimInput, at: Date): Promise<DigestRunRow | undefined> {
  const [row] = await db("digest_runs")
    .insert({
      channel: claim.channel,
      local_date: claim.localDate,
      status: "claimed",
      trigger: claim.trigger,
      claimed_by: claim.claimedBy,
      attempts: 1,
      claimed_at: at,
    })
    .onConflict(["channel", "local_date"])
    .ignore()
    .returning("*");
  return row as DigestRunRow | undefined;
}

export async function findDigestRun(db: Knex, channel: string, localDate: string): Promise<DigestRunRow | undefined> {
  return db<DigestRunRow>("digest_runs").where({ channel, local_date: localDate }).first();
}

export interface RetakeRule {
  /** A failed attempt is retried once its last attempt started before this (a back-off), while attempts < maxAttempts. */
  failedBefore: Date;
  maxAttempts: number;
  /** A claim older than this is presumed dead (its process stopped mid-post) and may be taken over. */
  staleBefore: Date;
}

/**
 * Takes over a failed or abandoned run for another attempt. Conditional on the row's state, so of two
 * replicas checking at once exactly one gets it.
 */
export async function retakeDigestRun(db: Knex, id: number, claim: Omit<ClaimInput, "channel" | "localDate">, rule: RetakeRule, at: Date) {
  const [row] = await db("digest_runs")
    .where({ id })
    .andWhere((q) =>
      q
        .where((f) =>
          f.where({ status: "failed" }).andWhere("attempts", "<", rule.maxAttempts).andWhere("claimed_at", "<=", rule.failedBefore),
        )
        .orWhere((s) => s.where({ status: "claimed" }).andWhere("claimed_at", "<", rule.staleBefore)),
    )
    .update({
      status: "claimed",
      trigger: claim.trigger,
      claimed_by: claim.claimedBy,
      attempts: db.raw("attempts + 1"),
      claimed_at: at,
      error: null,
    })
    .returning("*");
  return row as DigestRunRow | undefined;
}

/**
 * Records the post (only while this claimant still holds the run) and audits it, in one transaction.
 * Returns false when the claim was lost meanwhile (taken over as stale): the caller logs it.
 */
export async function markDigestPosted(
  db: Knex,
  run: Pick<DigestRunRow, "id" | "channel" | "local_date" | "trigger">,
  posted: { claimedBy: string; slackTs: string; content: Record<string, unknown>; actor: Actor },
  at: Date,
): Promise<boolean> {
  return db.transaction(async (trx) => {
    const updated = await trx("digest_runs")
      .where({ id: run.id, status: "claimed", claimed_by: posted.claimedBy })
      .update({ status: "posted", slack_ts: posted.slackTs, content: JSON.stringify(posted.content), posted_at: at, error: null });
    if (!updated) return false;
    await auditDigestPost(
      trx,
      {
        channel: run.channel,
        localDate: run.local_date,
        slackTs: posted.slackTs,
        trigger: run.trigger,
        counted: true,
        actor: posted.actor,
      },
      at,
    );
    return true;
  });
}

/** claimed_at keeps the attempt's start: the retry back-off counts from it. */
export async function markDigestFailed(db: Knex, id: number, claimedBy: string, error: string): Promise<boolean> {
  const updated = await db("digest_runs")
    .where({ id, status: "claimed", claimed_by: claimedBy })
    .update({ status: "failed", error: storableError(error) });
  return updated === 1;
}

/** The digest last posted to a channel (what "changes since" compares with). */
export async function latestPostedDigest(db: Knex, channel: string): Promise<DigestRunRow | undefined> {
  return db<DigestRunRow>("digest_runs").where({ channel, status: "posted" }).orderBy("posted_at", "desc").first();
}

/** audit_log: who posted which day's digest where (target "digest" / the local date, as the large seed models it). */
export async function auditDigestPost(
  db: Knex,
  post: { channel: string; localDate: string; slackTs: string; trigger: DigestTrigger; counted: boolean; actor: Actor },
  at: Date,
): Promise<void> {
  await insertAudit(
    db,
    {
      actor: post.actor,
      action: AUDIT_ACTIONS.digestPost,
      targetType: "digest",
      targetId: post.localDate,
      details: { channel: post.channel, slack_ts: post.slackTs, trigger: post.trigger, counted_as_daily_digest: post.counted },
    },
    at,
  );
}
