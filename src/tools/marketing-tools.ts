// Marketing intelligence: the four read tools over the funnel, activity, contacts and searches (seed 001 §5.5).
import { z } from "zod";
import { getActivity, getContactSummary, getFunnel, getSearchLog, type FunnelFigures } from "../domain/marketing/marketing-service.ts";
import { POLICY } from "./policy.ts";
import { dayWindow, iso, pageLimit, truncate } from "./schema-helpers.ts";
import { defineTool } from "./tool.ts";

const windowView = (days: number, w: { start: Date; end: Date }) => ({ days, start: iso(w.start), end: iso(w.end) });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** How each funnel figure is computed, sent with every result. */
export const FUNNEL_DEFINITIONS = {
  cohort:
    "Intakes created in the window, by their status now. Open intakes count in every denominator, so the newest window reads lower until they move on.",
  reached_qualified: "Now QUALIFIED or BOOKED, plus REJECTED/CLOSED intakes whose status history shows a move to QUALIFIED or BOOKED.",
  reached_booked: "Now BOOKED, plus REJECTED/CLOSED intakes whose status history shows a move to BOOKED.",
  closed_without_booking: "CLOSED with no move to BOOKED in the status history: closed early (or closed before history was kept).",
  new_to_qualified_pct: "reached_qualified / total_intakes",
  qualified_to_booked_pct: "reached_booked / reached_qualified",
  new_to_booked_pct: "reached_booked / total_intakes",
  rejection_pct: "REJECTED / total_intakes",
  null: "A rate is null when its denominator is 0 (nothing to divide by), never 0%.",
};

const ratesView = (f: FunnelFigures) => ({
  new_to_qualified_pct: f.rates.newToQualified,
  qualified_to_booked_pct: f.rates.qualifiedToBooked,
  new_to_booked_pct: f.rates.newToBooked,
  rejection_pct: f.rates.rejection,
});

const pointsChange = (now: number | null, before: number | null) =>
  now === null || before === null ? null : Math.round((now - before) * 10) / 10;

export const getFunnelStats = defineTool({
  name: "get_funnel_stats",
  group: "marketing",
  description:
    "Intake funnel of the intakes created in the last `days` (30 for 'this month', 7 for 'this week'): how many are in each " +
    "status now, how many reached QUALIFIED and BOOKED, and conversion " +
    "rates in percent (new→qualified, qualified→booked, new→booked, rejection; null when there is nothing to divide by). Also " +
    "the same figures for the equally long window before and the change, for 'up from …'. `definitions` says how each figure " +
    "is computed.",
  input: z.strictObject({ days: dayWindow(30, 365) }),
  effect: POLICY.read,
  async run(args, ctx) {
    const { window, previousWindow, current, previous } = await getFunnel(ctx, args.days);
    const stages = (f: FunnelFigures) => ({
      reached_qualified: f.reachedQualified,
      reached_booked: f.reachedBooked,
      closed_after_booking: f.terminal.closedAfterBooking,
      closed_without_booking: f.terminal.closedAfterQualifying + f.terminal.closedWithoutQualifying,
      rejected_after_qualifying: f.terminal.rejectedAfterQualifying,
    });
    const rates = ratesView(current);
    const previousRates = ratesView(previous);
    return {
      window: windowView(args.days, window),
      total_intakes: current.total,
      counts_by_status: current.countsByStatus,
      stages: stages(current),
      rates,
      previous_window: {
        start: iso(previousWindow.start),
        end: iso(previousWindow.end),
        total_intakes: previous.total,
        counts_by_status: previous.countsByStatus,
        stages: stages(previous),
        rates: previousRates,
      },
      change_vs_previous: {
        total_intakes: current.total - previous.total,
        total_intakes_pct: previous.total === 0 ? null : Math.round(((current.total - previous.total) / previous.total) * 1000) / 10,
        new_to_qualified_points: pointsChange(rates.new_to_qualified_pct, previousRates.new_to_qualified_pct),
        qualified_to_booked_points: pointsChange(rates.qualified_to_booked_pct, previousRates.qualified_to_booked_pct),
        rejection_points: pointsChange(rates.rejection_pct, previousRates.rejection_pct),
      },
      definitions: FUNNEL_DEFINITIONS,
      ...(current.total === 0 ? { note: `No intakes were created in the last ${plural(args.days, "day")}.` } : {}),
    };
  },
});

export const getRecentActivity = defineTool({
  name: "get_recent_activity",
  group: "marketing",
  description:
    "What happened in the studio over the last `days` ('what happened this week?'): feed events by type (e.g. IntakeCreated, " +
    "IntakeStatusChanged, RoleApproved) with the count and latest time of each, most frequent first, and the total. Synthetic " +
    "EVAL events (from trigger_test_workflow) are left out unless include_eval; `eval_events_left_out` counts them. For one " +
    "intake's history use get_intake_detail; for rule runs, list_workflow_executions.",
  input: z.strictObject({
    days: dayWindow(7, 90),
    include_eval: z.boolean().default(false).describe("Count synthetic EVAL test events too."),
  }),
  effect: POLICY.read,
  // Custom event types are named by API clients.
  untrusted: ["event_type"],
  async run(args, ctx) {
    const activity = await getActivity(ctx, { days: args.days, includeEval: args.include_eval, maxGroups: 50 });
    const evalNote = args.include_eval
      ? `${plural(activity.evalEvents, "synthetic EVAL event")} included.`
      : `${plural(activity.evalEvents, "synthetic EVAL event")} left out.`;
    return {
      window: windowView(args.days, activity.window),
      include_eval: args.include_eval,
      total: activity.total,
      event_types_total: activity.groupsTotal,
      event_types: activity.groups.map((g) => ({ event_type: g.eventType, count: g.count, last_at: iso(g.lastAt) })),
      [args.include_eval ? "eval_events_included" : "eval_events_left_out"]: activity.evalEvents,
      note:
        activity.total === 0
          ? `No ${args.include_eval ? "" : "real "}feed events in the last ${plural(args.days, "day")}. ${evalNote}`
          : evalNote,
    };
  },
});

export const getContactSummaryTool = defineTool({
  name: "get_contact_summary",
  group: "marketing",
  description:
    "The contact pipeline: contacts per status (NEW, CONTACTED, QUALIFIED, ACTIVE, CHURNED; zeros included), the total, how " +
    "many were added in the last 30 days, and the top 5 sources (e.g. website, referral) with counts; optionally for one " +
    "source only. Contacts are people; intakes (get_intake_queue, get_funnel_stats) are their requests to join.",
  input: z.strictObject({
    source: z
      .string()
      .trim()
      .min(1, { message: "source must not be empty" })
      .max(100)
      .optional()
      .describe("Only this source, e.g. 'website' (any case)."),
  }),
  effect: POLICY.read,
  // A contact's source is whatever the form or API client sent.
  untrusted: ["source"],
  async run(args, ctx) {
    const summary = await getContactSummary(ctx, { source: args.source, newWithinDays: 30, topSources: 5 });
    return {
      filter: { source: args.source ?? "any" },
      total: summary.total,
      counts_by_status: summary.countsByStatus,
      new_last_30_days: summary.newCount,
      top_sources: summary.sources.map((s) => ({ source: s.source ?? "(not recorded)", contacts: s.n })),
      ...(summary.total === 0
        ? { note: args.source ? `No contacts have the source "${args.source}".` : "There are no contacts yet." }
        : {}),
    };
  },
});

export const getContentSearchLog = defineTool({
  name: "get_content_search_log",
  group: "marketing",
  description:
    "What people searched for in the studio's content search over the last `days`: the top queries (lower-cased and trimmed) " +
    "with searches, average results and searches that found nothing; total and distinct searches; and the top 5 queries that " +
    "found nothing (content gaps worth writing for). An empty log is said plainly in the result: report it, never invent queries.",
  input: z.strictObject({
    days: dayWindow(30, 365),
    limit: pageLimit(10, 50).describe("How many top queries."),
  }),
  effect: POLICY.read,
  // What website visitors typed.
  untrusted: ["query"],
  async run(args, ctx) {
    const log = await getSearchLog(ctx, { days: args.days, limit: args.limit, zeroLimit: 5 });
    const empty = log.totals.searches === 0;
    return {
      window: windowView(args.days, log.window),
      total_searches: log.totals.searches,
      distinct_queries: log.totals.distinct_queries,
      zero_result_searches: log.totals.zero_result_searches,
      top_queries: log.top.map((q) => ({
        query: truncate(q.query, 100),
        searches: q.searches,
        avg_results: q.avg_results,
        zero_result_searches: q.zero_result_searches,
      })),
      zero_result_queries: log.zeroResult.map((q) => ({ query: truncate(q.query, 100), searches: q.searches })),
      ...(empty
        ? {
            note: log.latestEverAt
              ? `The content search log is empty for the last ${plural(args.days, "day")}: nobody searched. The latest logged search was at ${iso(log.latestEverAt)}.`
              : "The content search log is empty: no search has ever been logged.",
          }
        : {}),
    };
  },
});

export const marketingTools = [getFunnelStats, getRecentActivity, getContactSummaryTool, getContentSearchLog];
