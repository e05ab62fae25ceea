// SQL for ops-channel alerts: what is new and not yet alerted (committed feed events and failed runs: the items' own
// transactions wrote them, so an alert can only follow a commit), the claims that post each once across replicas, and
// the stale claims a dead process left.
import type { Knex } from "knex";
import { EVAL_SOURCE } from "../vocabulary.ts";
import { storableError } from "../untrusted-text.ts";

export type AlertKind = "intake" | "role_request" | "workflow_failure";

export interface AlertSource {
  sourceKey: string;
  subjectId: number;
}

export interface ClaimedAlert {
  id: number;
  kind: AlertKind;
  subject_id: number;
  channel: string;
  attempts: number;
}

const notEval = (column: string) => `coalesce(${column} ->> 'source', '') <> '${EVAL_SOURCE}'`;

/** Feed events of `eventType` since `since` that no alert claimed yet (EVAL ones never alert), oldest first. */
export async function unalertedFeedEvents(db: Knex, eventType: string, since: Date, limit: number): Promise<AlertSource[]> {
  const { rows } = await db.raw<{ rows: { id: string | number; subject_id: string | null }[] }>(
    `select f.id, f.subject_id from feed_events f
      where f.event_type = ? and f.created_at >= ? and ${notEval("f.metadata")}
        and f.subject_id ~ '^[0-9]{1,18}$'
        and not exists (select 1 from ops_alerts a where a.source_key = 'feed:' || f.id)
      order by f.id limit ?`,
    [eventType, since, limit],
  );
  return rows.map((r) => ({ sourceKey: `feed:${r.id}`, subjectId: Number(r.subject_id) }));
}

/** Workflow runs FAILED since `since` (at the run or later, when a delivery failed) not alerted yet; EVAL runs never alert. */
export async function unalertedFailures(db: Knex, since: Date, limit: number): Promise<AlertSource[]> {
  const { rows } = await db.raw<{ rows: { id: string | number }[] }>(
    `select e.id from workflow_executions e
      where e.status = 'FAILED' and e.created_at >= ? and ${notEval("(e.event_payload -> 'metadata')")}
        and not exists (select 1 from ops_alerts a where a.source_key = 'execution:' || e.id)
      order by e.id limit ?`,
    [since, limit],
  );
  return rows.map((r) => ({ sourceKey: `execution:${r.id}`, subjectId: Number(r.id) }));
}

/**
 * Claims sources for this process: the insert is the claim (source_key is unique), so of two replicas inserting the same
 * source only one gets it back. CLAIMED rows are posted next; FOLDED ones are counted in the kind's burst summary.
 */
export async function claimAlerts(
  db: Knex,
  claim: {
    kind: AlertKind;
    channel: string;
    sources: AlertSource[];
    status: "CLAIMED" | "FOLDED";
    by: string;
    now: Date;
    leaseUntil: Date;
  },
): Promise<ClaimedAlert[]> {
  if (!claim.sources.length) return [];
  const folded = claim.status === "FOLDED";
  const rows = await db("ops_alerts")
    .insert(
      claim.sources.map((s) => ({
        kind: claim.kind,
        source_key: s.sourceKey,
        subject_id: s.subjectId,
        status: claim.status,
        channel: claim.channel,
        claimed_by: folded ? null : claim.by,
        claimed_until: folded ? null : claim.leaseUntil,
        attempts: folded ? 0 : 1,
        created_at: claim.now,
      })),
    )
    .onConflict("source_key")
    .ignore()
    .returning(["id", "kind", "subject_id", "channel", "attempts"]);
  return (rows as ClaimedAlert[]).map((r) => ({ ...r, id: Number(r.id), subject_id: Number(r.subject_id) }));
}

/** Alerts of a kind claimed to be posted on their own since `since` (the burst rule counts them). */
export async function countRecentAlerts(db: Knex, kind: AlertKind, since: Date): Promise<number> {
  const row = await db("ops_alerts")
    .where({ kind })
    .whereIn("status", ["CLAIMED", "POSTED"])
    .where("created_at", ">=", since)
    .first<{ n: string | number }>(db.raw("count(*) as n"));
  return Number(row?.n ?? 0);
}

/** A claim whose lease ran out (its process died, or Slack asked to wait): taken over by this process. */
export async function claimStaleAlert(db: Knex, claim: { by: string; now: Date; leaseUntil: Date }): Promise<ClaimedAlert | undefined> {
  const stale = "status = 'CLAIMED' and claimed_until <= :now";
  const { rows } = await db.raw(
    `update ops_alerts set claimed_by = :by, claimed_until = :leaseUntil, attempts = attempts + 1
      where id = (select id from ops_alerts where ${stale} order by id limit 1 for update skip locked) and ${stale}
      returning id, kind, subject_id, channel, attempts`,
    claim,
  );
  const row = (rows as ClaimedAlert[])[0];
  return row && { ...row, id: Number(row.id), subject_id: Number(row.subject_id) };
}

const ours = (db: Knex, id: number, by: string) => db("ops_alerts").where({ id, claimed_by: by, status: "CLAIMED" });

export async function markAlertPosted(db: Knex, id: number, by: string, posted: { ts: string; at: Date }): Promise<boolean> {
  const n = await ours(db, id, by).update({ status: "POSTED", ts: posted.ts, posted_at: posted.at, claimed_until: null, error: null });
  return n === 1;
}

/** Slack asked to wait (rate limited) or could not be reached: the claim waits until `until`, then any replica retries. */
export async function postponeAlert(db: Knex, id: number, by: string, retry: { until: Date; reason: string }): Promise<void> {
  await ours(db, id, by).update({ claimed_until: retry.until, error: storableError(retry.reason) });
}

export async function markAlertFailed(db: Knex, id: number, by: string, reason: string): Promise<void> {
  await ours(db, id, by).update({ status: "FAILED", claimed_until: null, error: storableError(reason) });
}

/**
 * Alert rows and shown decisions older than `before`: past every lookback (sources, decisions), so nothing reads them
 * again. A claim still held is kept. Returns the alert rows deleted.
 */
export async function pruneAlerts(db: Knex, before: Date): Promise<number> {
  await db("ops_alert_updates").where("created_at", "<", before).del();
  return db("ops_alerts").whereNot({ status: "CLAIMED" }).where("created_at", "<", before).del();
}
