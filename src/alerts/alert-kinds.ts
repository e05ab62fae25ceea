// The kinds of ops alert: what makes one (a committed feed event or a failed run), how far back a drain looks, and which
// decisions (feed events on the same item) update a posted alert in place.
import type { Knex } from "knex";
import { decisionsOnAlerts, ruleTogglesOnFailureAlerts, type AlertToUpdate } from "../domain/alerts/alert-burst-store.ts";
import { unalertedFailures, unalertedFeedEvents, type AlertKind, type AlertSource } from "../domain/alerts/alert-store.ts";
import { DAY_MS, HOUR_MS } from "../domain/clock.ts";
import { FEED_EVENT_TYPES } from "../domain/vocabulary.ts";

export const ALERT_KINDS = ["intake", "role_request", "workflow_failure"] as const satisfies readonly AlertKind[];

interface KindRules {
  /** Items not alerted yet, oldest first. */
  sources(db: Knex, since: Date, limit: number): Promise<AlertSource[]>;
  /**
   * How old an item may be and still get an alert: covers a drain that was down for a while, yet a channel switched on
   * today is not flooded with last month. A failure counts from its run (a delivery may fail hours later).
   */
  lookbackMs: number;
  /** Posted alerts whose item a later feed event changed (a status change, a decision, its rule switched off). */
  decisions(db: Knex, since: Date, limit: number): Promise<AlertToUpdate[]>;
}

/** Feed events about the alerted item itself (its subject). */
const onSubject =
  (kind: AlertKind, subjectType: string, eventTypes: readonly string[]) =>
  (db: Knex, since: Date, limit: number): Promise<AlertToUpdate[]> =>
    decisionsOnAlerts(db, { kind, subjectType, eventTypes, since, limit });

export const KINDS: Record<AlertKind, KindRules> = {
  intake: {
    sources: (db, since, limit) => unalertedFeedEvents(db, FEED_EVENT_TYPES.intakeCreated, since, limit),
    lookbackMs: HOUR_MS,
    decisions: onSubject("intake", "intake", [FEED_EVENT_TYPES.intakeStatusChanged, FEED_EVENT_TYPES.intakeAssigned]),
  },
  role_request: {
    sources: (db, since, limit) => unalertedFeedEvents(db, FEED_EVENT_TYPES.roleRequested, since, limit),
    lookbackMs: HOUR_MS,
    decisions: onSubject("role_request", "role_request", [FEED_EVENT_TYPES.roleApproved, FEED_EVENT_TYPES.roleRejected]),
  },
  workflow_failure: {
    sources: unalertedFailures,
    lookbackMs: DAY_MS,
    // The rule switched off (or on) anywhere: its failures' alerts drop (or offer again) Disable rule.
    decisions: (db, since, limit) => ruleTogglesOnFailureAlerts(db, { eventType: FEED_EVENT_TYPES.workflowRuleToggled, since, limit }),
  },
};

/** Decisions are looked for this far back: an alert posted yesterday still loses its buttons when decided today. */
export const DECISION_LOOKBACK_MS = 2 * DAY_MS;

/** More alerts of one kind than this within BURST_WINDOW_MS are folded into one summary. */
export const BURST_LIMIT = 3;
export const BURST_WINDOW_MS = 60_000;
