// Live alerts in the ops channel (OPS_CHANNEL, the kinds in OPS_ALERTS): one drain, run by the scheduler every few
// seconds on every replica, posts what is new once, takes over claims a dead replica left, and updates posted alerts
// whose item was decided anywhere (a DM card, a list, the digest, the API, a rule).
import type { WebClient } from "@slack/web-api";
import type { Knex } from "knex";
import { claimAlertUpdate, type AlertToUpdate } from "../domain/alerts/alert-burst-store.ts";
import { claimStaleAlert, type AlertKind } from "../domain/alerts/alert-store.ts";
import type { Clock } from "../domain/clock.ts";
import type { Logger } from "../logger.ts";
import { ALERT_LEASE_MS, drainKind, postAlert, timeOf, type AlertDeps } from "./alert-drain.ts";
import { DECISION_LOOKBACK_MS, KINDS } from "./alert-kinds.ts";
import { updateAlert } from "./alert-render.ts";

export interface AlertsResult {
  posted: number;
  folded: number;
  updated: number;
}

export interface OpsAlerts {
  channel: string;
  kinds: readonly AlertKind[];
  /** Posts, folds and updates what is due; the scheduler calls it every 10 seconds. */
  drain(): Promise<AlertsResult>;
  /** Shows an item's state now on its alert message (after a click on the alert itself). */
  update(at: { channel: string; ts: string }, kind: AlertKind, subjectId: number): Promise<boolean>;
}

/** Decisions shown per kind per drain. */
const UPDATE_BATCH = 50;
/** Stale claims taken over per drain. */
const STALE_BATCH = 20;

async function takeOverStale(deps: AlertDeps): Promise<number> {
  let posted = 0;
  for (let i = 0; i < STALE_BATCH; i++) {
    const now = deps.clock.now();
    const alert = await claimStaleAlert(deps.db, { by: deps.instanceId, now, leaseUntil: new Date(now.getTime() + ALERT_LEASE_MS) });
    if (!alert) break;
    if (await postAlert(deps, alert)) posted += 1;
  }
  return posted;
}

/**
 * Re-renders each posted alert whose item a decision changed, once per alert however many decisions. Each decision event
 * is claimed once across replicas; one event may change several alerts (a rule's toggle, all its failures' alerts).
 */
async function showDecisions(deps: AlertDeps, kind: AlertKind): Promise<number> {
  const since = new Date(deps.clock.now().getTime() - DECISION_LOOKBACK_MS);
  const found = await KINDS[kind].decisions(deps.db, since, UPDATE_BATCH);
  const events = new Map<number, boolean>();
  const mine = new Map<number, AlertToUpdate>();
  for (const d of found) {
    if (!events.has(d.feedEventId)) events.set(d.feedEventId, await claimAlertUpdate(deps.db, d, deps.clock.now()));
    if (events.get(d.feedEventId)) mine.set(d.alertId, d);
  }
  let updated = 0;
  for (const d of mine.values()) {
    try {
      if (await updateAlert({ db: deps.db, client: deps.client, time: timeOf(deps) }, d, kind, d.subjectId)) updated += 1;
    } catch (error) {
      deps.logger.warn({ err: error, alertId: d.alertId }, "alerts.update.failed");
    }
  }
  return updated;
}

/** Undefined without OPS_CHANNEL: no alerts, and nothing is read or written for them. */
export function createOpsAlerts(
  settings: { channel?: string; kinds: readonly AlertKind[]; timeZone: string },
  deps: { db: Knex; clock: Clock; logger: Logger; client: WebClient; instanceId: string },
): OpsAlerts | undefined {
  const { channel, kinds } = settings;
  if (!channel || !kinds.length) return undefined;
  const alertDeps: AlertDeps = { ...deps, channel, timeZone: settings.timeZone };
  return {
    channel,
    kinds,
    async drain() {
      const result: AlertsResult = { posted: await takeOverStale(alertDeps), folded: 0, updated: 0 };
      for (const kind of kinds) {
        const { posted, folded } = await drainKind(alertDeps, kind);
        result.posted += posted;
        result.folded += folded;
        result.updated += await showDecisions(alertDeps, kind);
      }
      if (result.posted || result.folded || result.updated) deps.logger.info({ ...result, channel }, "alerts.drain");
      return result;
    },
    update: (at, kind, subjectId) => updateAlert({ db: deps.db, client: deps.client, time: timeOf(alertDeps) }, at, kind, subjectId),
  };
}
