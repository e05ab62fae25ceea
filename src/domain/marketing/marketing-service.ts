// The marketing figures: the intake funnel and its conversion rates, feed activity, the contact
// pipeline and the content search log — each a few aggregates over an indexed time window.
import { DAY_MS } from "../clock.ts";
import { contactSummary } from "../contacts/contact-store.ts";
import type { DomainContext } from "../context.ts";
import { CONTACT_STATUSES, INTAKE_STATUSES, type ContactStatus, type IntakeStatus } from "../vocabulary.ts";
import { feedActivityByType, intakeStagesByStatus, latestSearchAt, searchLogSummary, type Window } from "./marketing-store.ts";

/** A percentage rounded to one decimal, or null when there is nothing to divide by (never NaN or a fake 0). */
export function percent(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Math.round((numerator / denominator) * 1000) / 10;
}

/** The `days` before now; the query end is a millisecond past now so a row stamped exactly now counts. */
function windowBefore(now: Date, days: number): { shown: { start: Date; end: Date }; query: Window } {
  const start = new Date(now.getTime() - days * DAY_MS);
  return { shown: { start, end: now }, query: { start, end: new Date(now.getTime() + 1) } };
}

export interface FunnelFigures {
  total: number;
  countsByStatus: Record<IntakeStatus, number>;
  /** How the REJECTED and CLOSED intakes got there, from their status history. */
  terminal: {
    closedAfterBooking: number;
    closedAfterQualifying: number;
    closedWithoutQualifying: number;
    rejectedAfterQualifying: number;
  };
  reachedQualified: number;
  reachedBooked: number;
  rates: { newToQualified: number | null; qualifiedToBooked: number | null; newToBooked: number | null; rejection: number | null };
}

async function funnelFor(ctx: DomainContext, window: Window): Promise<FunnelFigures> {
  const stages = await intakeStagesByStatus(ctx.db, window);
  const countsByStatus = Object.fromEntries(
    INTAKE_STATUSES.map((s) => [s, stages.filter((r) => r.status === s).reduce((sum, r) => sum + r.n, 0)]),
  ) as Record<IntakeStatus, number>;
  const stageCount = (status: "REJECTED" | "CLOSED", test: (stage: number | null) => boolean) =>
    stages.filter((r) => r.status === status && test(r.stage === null ? null : Number(r.stage))).reduce((sum, r) => sum + r.n, 0);
  const atLeast = (min: number) => (stage: number | null) => stage !== null && stage >= min;
  const terminal = {
    closedAfterBooking: stageCount("CLOSED", (s) => s === 2),
    closedAfterQualifying: stageCount("CLOSED", (s) => s === 1),
    closedWithoutQualifying: stageCount("CLOSED", (s) => s === null),
    rejectedAfterQualifying: stageCount("REJECTED", atLeast(1)),
  };
  const total = INTAKE_STATUSES.reduce((sum, s) => sum + countsByStatus[s], 0);
  // Booking implies qualification even when the pipeline was skipped ahead (NEW → BOOKED).
  const reachedBooked = countsByStatus.BOOKED + terminal.closedAfterBooking + stageCount("REJECTED", atLeast(2));
  const reachedQualified =
    countsByStatus.QUALIFIED +
    countsByStatus.BOOKED +
    terminal.closedAfterBooking +
    terminal.closedAfterQualifying +
    terminal.rejectedAfterQualifying;
  return {
    total,
    countsByStatus,
    terminal,
    reachedQualified,
    reachedBooked,
    rates: {
      newToQualified: percent(reachedQualified, total),
      qualifiedToBooked: percent(reachedBooked, reachedQualified),
      newToBooked: percent(reachedBooked, total),
      rejection: percent(countsByStatus.REJECTED, total),
    },
  };
}

/** The funnel of intakes created in the last `days`, and of the equally long window before it (the two read at once). */
export async function getFunnel(ctx: DomainContext, days: number) {
  const now = ctx.clock.now();
  const current = windowBefore(now, days);
  const previousQuery: Window = { start: new Date(current.shown.start.getTime() - days * DAY_MS), end: current.shown.start };
  const [currentFigures, previousFigures] = await Promise.all([funnelFor(ctx, current.query), funnelFor(ctx, previousQuery)]);
  return { window: current.shown, previousWindow: previousQuery, current: currentFigures, previous: previousFigures };
}

/** Feed events of the last `days` per type; synthetic EVAL events are left out unless asked for, and counted. */
export async function getActivity(ctx: DomainContext, input: { days: number; includeEval: boolean; maxGroups: number }) {
  const window = windowBefore(ctx.clock.now(), input.days);
  // Fetch a little more than shown: excluding EVAL events can empty a group and reorder the rest.
  const rows = await feedActivityByType(ctx.db, window.query, input.maxGroups + 20);
  const groups = rows
    .map((r) => ({
      eventType: r.event_type,
      count: input.includeEval ? r.n_all : r.n_all - r.n_eval,
      lastAt: input.includeEval ? r.last_at_all : r.last_at_real,
    }))
    .filter((g) => g.count > 0)
    .sort((a, b) => b.count - a.count || a.eventType.localeCompare(b.eventType));
  return {
    window: window.shown,
    groups: groups.slice(0, input.maxGroups),
    groupsTotal: groups.length,
    total: groups.reduce((sum, g) => sum + g.count, 0),
    evalEvents: rows.reduce((sum, r) => sum + r.n_eval, 0),
  };
}

/** Contacts per status (zeros included), new ones in the last 30 days, and the top sources. */
export async function getContactSummary(ctx: DomainContext, input: { source?: string; newWithinDays: number; topSources: number }) {
  const since = new Date(ctx.clock.now().getTime() - input.newWithinDays * DAY_MS);
  const { counts, sources } = await contactSummary(ctx.db, { since, source: input.source, topSources: input.topSources });
  const countsByStatus = Object.fromEntries(CONTACT_STATUSES.map((s) => [s, counts.find((c) => c.status === s)?.n ?? 0])) as Record<
    ContactStatus,
    number
  >;
  return {
    countsByStatus,
    total: counts.reduce((sum, c) => sum + c.n, 0),
    newSince: since,
    newCount: counts.reduce((sum, c) => sum + c.new_since, 0),
    sources,
  };
}

/** The content search log of the last `days`: totals, the top queries, and those that found nothing. */
export async function getSearchLog(ctx: DomainContext, input: { days: number; limit: number; zeroLimit: number }) {
  const window = windowBefore(ctx.clock.now(), input.days);
  const { totals, top, zeroResult } = await searchLogSummary(ctx.db, window.query, input.limit, input.zeroLimit);
  const latestEverAt = totals.searches === 0 ? await latestSearchAt(ctx.db) : null;
  return { window: window.shown, totals, top, zeroResult, latestEverAt };
}
