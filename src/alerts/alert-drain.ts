// Posts what is new to the ops channel, once across replicas: each kind's new items are claimed under the kind's lock,
// then posted one by one, or — more than a few within a minute — folded into one summary that counts them.
import type { WebClient } from "@slack/web-api";
import type { Knex } from "knex";
import { addToBurst, lockBurst, readBurst, setBurstMessage } from "../domain/alerts/alert-burst-store.ts";
import {
  claimAlerts,
  countRecentAlerts,
  markAlertFailed,
  markAlertPosted,
  postponeAlert,
  type AlertKind,
  type ClaimedAlert,
} from "../domain/alerts/alert-store.ts";
import type { Clock } from "../domain/clock.ts";
import type { Logger } from "../logger.ts";
import { burstSummary } from "../slack/blocks/alerts.ts";
import type { TimeOptions } from "../slack/blocks/format.ts";
import { deliveryVerdict } from "../slack/delivery-client.ts";
import { renderAlert } from "./alert-render.ts";
import { BURST_LIMIT, BURST_WINDOW_MS, KINDS } from "./alert-kinds.ts";

export interface AlertDeps {
  db: Knex;
  clock: Clock;
  logger: Logger;
  /** The delivery client: a rate-limited post comes back with its Retry-After (slack/delivery-client.ts). */
  client: WebClient;
  instanceId: string;
  channel: string;
  timeZone: string;
}

/** New items looked at per kind per drain (a burst beyond it is folded over the next drains). */
const BATCH = 500;
/** A claim outlives the slowest post by a margin; after it, another replica takes the alert over. */
export const ALERT_LEASE_MS = 60_000;
/** Posts tried per alert before it is given up (FAILED, with Slack's reason). */
export const ALERT_MAX_ATTEMPTS = 5;

export const timeOf = (deps: Pick<AlertDeps, "clock" | "timeZone">): TimeOptions => ({ timeZone: deps.timeZone, now: deps.clock.now() });

type Plan =
  | { post: ClaimedAlert[] }
  | { post: []; burst: { start: boolean; added: number; count: number; startedAt: Date; ts: string | null } };

/** Under the kind's lock: claims the new items, to post one by one or to fold into the kind's burst. */
async function planKind(deps: AlertDeps, kind: AlertKind): Promise<Plan | null> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const burst = await lockBurst(trx, kind);
    const sources = await KINDS[kind].sources(trx, new Date(now.getTime() - KINDS[kind].lookbackMs), BATCH);
    if (!sources.length) return null;
    const windowStart = new Date(now.getTime() - BURST_WINDOW_MS);
    const open = burst.started_at !== null && burst.last_at !== null && burst.last_at >= windowStart;
    const fold = open || (await countRecentAlerts(trx, kind, windowStart)) + sources.length > BURST_LIMIT;
    const claimed = await claimAlerts(trx, {
      kind,
      channel: deps.channel,
      sources,
      status: fold ? "FOLDED" : "CLAIMED",
      by: deps.instanceId,
      now,
      leaseUntil: new Date(now.getTime() + ALERT_LEASE_MS),
    });
    if (!fold || !claimed.length) return { post: fold ? [] : claimed };
    const count = await addToBurst(trx, kind, { n: claimed.length, at: now, start: !open, channel: deps.channel });
    return {
      post: [],
      burst: { start: !open, added: claimed.length, count, startedAt: open ? burst.started_at! : now, ts: open ? burst.ts : null },
    };
  });
}

/** Posts a claimed alert; Slack's refusal is kept on the row, a rate limit or a fault postpones it (bounded). */
export async function postAlert(deps: AlertDeps, alert: ClaimedAlert): Promise<boolean> {
  const { db, instanceId: by } = deps;
  const rendered = await renderAlert(db, alert.kind, alert.subject_id, timeOf(deps));
  if (!rendered) {
    await markAlertFailed(db, alert.id, by, "the item no longer exists");
    return false;
  }
  try {
    const posted = await deps.client.chat.postMessage({ channel: alert.channel, text: rendered.text, blocks: rendered.blocks });
    return markAlertPosted(db, alert.id, by, { ts: String(posted.ts), at: deps.clock.now() });
  } catch (error) {
    const verdict = deliveryVerdict(error, alert.attempts);
    const retry = verdict.retry && alert.attempts < ALERT_MAX_ATTEMPTS;
    if (verdict.retry && retry) {
      await postponeAlert(db, alert.id, by, { until: new Date(deps.clock.now().getTime() + verdict.waitMs), reason: verdict.reason });
    } else await markAlertFailed(db, alert.id, by, verdict.reason);
    deps.logger.warn({ alertId: alert.id, kind: alert.kind, reason: verdict.reason, retry }, "alerts.post.failed");
    return false;
  }
}

/** Posts a new burst's summary, or updates the open one with its count as it is after this drain's items. */
async function showBurst(deps: AlertDeps, kind: AlertKind, burst: Extract<Plan, { burst: unknown }>["burst"]): Promise<void> {
  const time = timeOf(deps);
  if (burst.start) {
    const summary = burstSummary(kind, burst.count, burst.startedAt, time);
    const posted = await deps.client.chat.postMessage({ channel: deps.channel, text: summary.text, blocks: summary.blocks });
    await setBurstMessage(deps.db, kind, burst.startedAt, String(posted.ts));
  }
  // Another replica may have added to the burst while the summary was being posted: show the count as it is now.
  const now = await readBurst(deps.db, kind);
  if (!now?.ts || now.started_at?.getTime() !== burst.startedAt.getTime() || (burst.start && now.count === burst.count)) return;
  const summary = burstSummary(kind, now.count, burst.startedAt, time);
  await deps.client.chat.update({ channel: now.channel ?? deps.channel, ts: now.ts, text: summary.text, blocks: summary.blocks });
}

/** One kind's new items: claimed, then posted or folded. Returns how many were posted and folded. */
export async function drainKind(deps: AlertDeps, kind: AlertKind): Promise<{ posted: number; folded: number }> {
  const plan = await planKind(deps, kind);
  if (!plan) return { posted: 0, folded: 0 };
  if ("burst" in plan) {
    await showBurst(deps, kind, plan.burst).catch((error: unknown) => deps.logger.warn({ err: error, kind }, "alerts.burst.failed"));
    return { posted: 0, folded: plan.burst.added };
  }
  let posted = 0;
  for (const alert of plan.post) if (await postAlert(deps, alert)) posted += 1;
  return { posted, folded: 0 };
}
