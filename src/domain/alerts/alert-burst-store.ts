// SQL for folding a burst of alerts of one kind into one summary message, and for the decisions shown on posted alerts.
// The kind's burst row is also the lock that serializes deciding "post one by one or fold" across replicas.
import type { Knex } from "knex";
import type { AlertKind } from "./alert-store.ts";

export interface BurstRow {
  kind: AlertKind;
  channel: string | null;
  ts: string | null;
  count: number;
  started_at: Date | null;
  last_at: Date | null;
}

/** Locks the kind's burst row until the transaction ends (created on first use). */
export async function lockBurst(trx: Knex, kind: AlertKind): Promise<BurstRow> {
  await trx("ops_alert_bursts").insert({ kind, count: 0 }).onConflict("kind").ignore();
  const row = await trx("ops_alert_bursts").where({ kind }).forUpdate().first<BurstRow>();
  return { ...row, count: Number(row.count) };
}

/** Adds `n` to the open burst; or, `start`, begins a new one (its summary not posted yet: ts null). Returns the count. */
export async function addToBurst(
  trx: Knex,
  kind: AlertKind,
  add: { n: number; at: Date; start: boolean; channel: string },
): Promise<number> {
  const update = add.start
    ? { count: add.n, started_at: add.at, last_at: add.at, ts: null, channel: add.channel }
    : { count: trx.raw("count + ?", [add.n]), last_at: add.at };
  const [row] = await trx("ops_alert_bursts").where({ kind }).update(update).returning("count");
  return Number((row as { count: number }).count);
}

/** Records the summary message a burst is shown in; false when a newer burst began meanwhile. */
export async function setBurstMessage(db: Knex, kind: AlertKind, startedAt: Date, ts: string): Promise<boolean> {
  return (await db("ops_alert_bursts").where({ kind, started_at: startedAt }).update({ ts })) === 1;
}

export async function readBurst(db: Knex, kind: AlertKind): Promise<BurstRow | undefined> {
  const row = await db("ops_alert_bursts").where({ kind }).first<BurstRow | undefined>();
  return row && { ...row, count: Number(row.count) };
}

export interface AlertToUpdate {
  feedEventId: number;
  alertId: number;
  subjectId: number;
  channel: string;
  ts: string;
}

/** Decisions (feed events of `eventTypes`) since `since` on items with a posted alert of `kind`, not yet shown on it. */
export async function decisionsOnAlerts(
  db: Knex,
  query: { kind: AlertKind; subjectType: string; eventTypes: readonly string[]; since: Date; limit: number },
): Promise<AlertToUpdate[]> {
  const { rows } = await db.raw(
    `select f.id as feed_event_id, a.id as alert_id, a.subject_id, a.channel, a.ts
       from feed_events f
       join ops_alerts a on a.kind = ? and a.status = 'POSTED' and a.ts is not null
        and a.subject_id = (case when f.subject_id ~ '^[0-9]{1,18}$' then f.subject_id::bigint end)
      where f.event_type in (${query.eventTypes.map(() => "?").join(", ")}) and f.subject_type = ? and f.created_at >= ?
        and not exists (select 1 from ops_alert_updates u where u.feed_event_id = f.id)
      order by f.id limit ?`,
    [query.kind, ...query.eventTypes, query.subjectType, query.since, query.limit],
  );
  return (rows as Record<string, string | number>[]).map((r) => ({
    feedEventId: Number(r.feed_event_id),
    alertId: Number(r.alert_id),
    subjectId: Number(r.subject_id),
    channel: String(r.channel),
    ts: String(r.ts),
  }));
}

/** Claims showing one decision on its alert: only one replica gets true. */
export async function claimAlertUpdate(db: Knex, update: AlertToUpdate, at: Date): Promise<boolean> {
  const rows = await db("ops_alert_updates")
    .insert({ feed_event_id: update.feedEventId, alert_id: update.alertId, created_at: at })
    .onConflict("feed_event_id")
    .ignore()
    .returning("feed_event_id");
  return rows.length === 1;
}

/** The posted alert of an item, if any (a click elsewhere updates it at once, before the drain notices the decision). */
export async function findPostedAlert(db: Knex, kind: AlertKind, subjectId: number): Promise<{ channel: string; ts: string } | undefined> {
  return db("ops_alerts")
    .where({ kind, subject_id: subjectId, status: "POSTED" })
    .whereNotNull("ts")
    .orderBy("id", "desc")
    .first<{ channel: string; ts: string } | undefined>("channel", "ts");
}

/** Rules switched on or off (WorkflowRuleToggled) since `since` whose failed runs have a posted alert, not yet shown on it. */
export async function ruleTogglesOnFailureAlerts(
  db: Knex,
  query: { eventType: string; since: Date; limit: number },
): Promise<AlertToUpdate[]> {
  const { rows } = await db.raw(
    `select f.id as feed_event_id, a.id as alert_id, a.subject_id, a.channel, a.ts
       from feed_events f
       join workflow_executions e on e.rule_id = (case when f.subject_id ~ '^[0-9]{1,18}$' then f.subject_id::bigint end)
       join ops_alerts a on a.kind = 'workflow_failure' and a.status = 'POSTED' and a.ts is not null and a.subject_id = e.id
      where f.event_type = ? and f.subject_type = 'workflow_rule' and f.created_at >= ?
        and not exists (select 1 from ops_alert_updates u where u.feed_event_id = f.id)
      order by f.id, a.id limit ?`,
    [query.eventType, query.since, query.limit],
  );
  return (rows as Record<string, string | number>[]).map((r) => ({
    feedEventId: Number(r.feed_event_id),
    alertId: Number(r.alert_id),
    subjectId: Number(r.subject_id),
    channel: String(r.channel),
    ts: String(r.ts),
  }));
}
