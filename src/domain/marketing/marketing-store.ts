// SQL for the marketing read models: the intake funnel, feed activity and the content search log.
// Every query ranges over an indexed created_at and aggregates in the database; none returns raw rows.
import type { Knex } from "knex";
import type { IntakeStatus } from "../vocabulary.ts";
import { EVAL_SOURCE } from "../vocabulary.ts";

export interface Window {
  /** Inclusive. */
  start: Date;
  /** Exclusive, so a window and the one before it never share a row. */
  end: Date;
}

/** Intakes created in the window, per current status (intake_requests_created_idx). */
export async function intakeCountsByStatus(db: Knex, window: Window) {
  return db("intake_requests")
    .where("created_at", ">=", window.start)
    .andWhere("created_at", "<", window.end)
    .groupBy("status")
    .select<{ status: IntakeStatus; n: number }[]>("status", db.raw("count(*)::int as n"));
}

/**
 * For the intakes created in the window that ended REJECTED or CLOSED, the furthest stage their status
 * history shows they reached (2 = BOOKED, 1 = QUALIFIED, null = neither), counted per status.
 * The lateral aggregate is never flattened into a join, so each terminal intake costs one probe of
 * intake_status_history_intake_idx instead of a scan of the whole history table.
 */
export async function terminalIntakeStages(db: Knex, window: Window) {
  return db
    .from("intake_requests as i")
    .joinRaw(
      `cross join lateral (
         select max(case h.to_status when 'BOOKED' then 2 when 'QUALIFIED' then 1 end) as stage
         from intake_status_history h
         where h.intake_id = i.id and h.to_status in ('QUALIFIED', 'BOOKED')
       ) reached`,
    )
    .whereIn("i.status", ["REJECTED", "CLOSED"])
    .andWhere("i.created_at", ">=", window.start)
    .andWhere("i.created_at", "<", window.end)
    .groupBy("i.status", "reached.stage")
    .select<{ status: "REJECTED" | "CLOSED"; stage: 1 | 2 | null; n: number }[]>(
      "i.status",
      "reached.stage",
      db.raw("count(*)::int as n"),
    );
}

export interface ActivityGroupRow {
  event_type: string;
  /** Every event of this type in the window. */
  n_all: number;
  /** Those marked metadata.source = "EVAL" (synthetic). */
  n_eval: number;
  last_at_all: Date;
  last_at_real: Date | null;
}

/** Feed events in the window grouped by type, EVAL ones counted apart (feed_events_created_idx). */
export async function feedActivityByType(db: Knex, window: Window, maxGroups: number): Promise<ActivityGroupRow[]> {
  return db("feed_events")
    .where("created_at", ">=", window.start)
    .andWhere("created_at", "<", window.end)
    .groupBy("event_type")
    .orderByRaw("count(*) desc, event_type")
    .limit(maxGroups)
    .select<ActivityGroupRow[]>(
      "event_type",
      db.raw("count(*)::int as n_all"),
      db.raw("(count(*) filter (where metadata->>'source' = ?))::int as n_eval", [EVAL_SOURCE]),
      db.raw("max(created_at) as last_at_all"),
      db.raw("max(created_at) filter (where metadata->>'source' is distinct from ?) as last_at_real", [EVAL_SOURCE]),
    );
}

export interface SearchQueryRow {
  query: string;
  searches: number;
  avg_results: number;
  zero_result_searches: number;
}

// Normalised once here so every figure groups the same way ("Glaze " and "glaze" are one query).
const normalisedQuery = "lower(btrim(query))";

/** Totals of the search log in the window (content_search_log_created_idx). */
export async function searchTotals(db: Knex, window: Window) {
  const row = await db("content_search_log")
    .where("created_at", ">=", window.start)
    .andWhere("created_at", "<", window.end)
    .first<{ searches: number; distinct_queries: number; zero_result_searches: number }>(
      db.raw("count(*)::int as searches"),
      db.raw(`count(distinct ${normalisedQuery})::int as distinct_queries`),
      db.raw("(count(*) filter (where results_count = 0))::int as zero_result_searches"),
    );
  return row ?? { searches: 0, distinct_queries: 0, zero_result_searches: 0 };
}

/** The most searched queries in the window; `zeroOnly` keeps only searches that found nothing. */
export async function topSearchQueries(db: Knex, window: Window, limit: number, options: { zeroOnly?: boolean } = {}) {
  const q = db("content_search_log").where("created_at", ">=", window.start).andWhere("created_at", "<", window.end);
  if (options.zeroOnly) q.andWhere("results_count", 0);
  return q
    .groupByRaw(normalisedQuery)
    .orderByRaw(`count(*) desc, ${normalisedQuery}`)
    .limit(limit)
    .select<SearchQueryRow[]>(
      db.raw(`${normalisedQuery} as query`),
      db.raw("count(*)::int as searches"),
      db.raw("round(avg(results_count), 1) as avg_results"),
      db.raw("(count(*) filter (where results_count = 0))::int as zero_result_searches"),
    );
}

/** When the newest search was logged at all (a backward walk of the created_at index), or null. */
export async function latestSearchAt(db: Knex): Promise<Date | null> {
  const row = await db("content_search_log").first<{ at: Date | null }>(db.raw("max(created_at) as at"));
  return row?.at ?? null;
}
