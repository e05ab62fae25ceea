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

/**
 * Intakes created in the window, counted per current status and, for those that ended REJECTED or CLOSED, per the
 * furthest stage their status history shows they reached (2 = BOOKED, 1 = QUALIFIED, null = neither; always null for
 * the other statuses). The stage is intake_requests.reached_stage, kept by triggers on intake_status_history
 * (migration 004), so this is one index-only range scan of intake_requests_created_stage_idx: no history probe per
 * intake.
 */
export async function intakeStagesByStatus(db: Knex, window: Window) {
  return db("intake_requests as i")
    .where("i.created_at", ">=", window.start)
    .andWhere("i.created_at", "<", window.end)
    .groupBy("i.status", "stage")
    .select<{ status: IntakeStatus; stage: 1 | 2 | null; n: number }[]>(
      "i.status",
      db.raw("case when i.status in ('REJECTED', 'CLOSED') then i.reached_stage end as stage"),
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

export interface SearchLogSummary {
  totals: { searches: number; distinct_queries: number; zero_result_searches: number };
  /** The most searched queries. */
  top: SearchQueryRow[];
  /** The queries searched most often without a result; `searches` counts those searches only. */
  zeroResult: SearchQueryRow[];
}

/**
 * The search log of the window in one statement and one range scan of content_search_log_created_idx: the searches
 * grouped by normalised query once, then the top queries (carrying the totals over every group, computed before the
 * limit) and the top zero-result queries read from those groups.
 */
export async function searchLogSummary(db: Knex, window: Window, limit: number, zeroLimit: number): Promise<SearchLogSummary> {
  type Row = SearchQueryRow & {
    kind: "top" | "zero";
    total_searches: number | null;
    distinct_queries: number | null;
    total_zero: number | null;
  };
  const { rows } = await db.raw<{ rows: Row[] }>(
    `with grouped as (
       select ${normalisedQuery} as query, count(*)::int as searches, round(avg(results_count), 1) as avg_results,
         (count(*) filter (where results_count = 0))::int as zero_result_searches
       from content_search_log where created_at >= ? and created_at < ?
       group by ${normalisedQuery}
     )
     (select 'top' as kind, query, searches, avg_results, zero_result_searches,
        (sum(searches) over ())::int as total_searches, (count(*) over ())::int as distinct_queries,
        (sum(zero_result_searches) over ())::int as total_zero
      from grouped order by searches desc, query limit ?)
     union all
     (select 'zero', query, zero_result_searches, 0, zero_result_searches, null, null, null
      from grouped where zero_result_searches > 0 order by zero_result_searches desc, query limit ?)`,
    [window.start, window.end, limit, zeroLimit],
  );
  const row = (r: Row): SearchQueryRow => ({
    query: r.query,
    searches: r.searches,
    avg_results: r.avg_results,
    zero_result_searches: r.zero_result_searches,
  });
  const top = rows.filter((r) => r.kind === "top");
  return {
    totals: {
      searches: top[0]?.total_searches ?? 0,
      distinct_queries: top[0]?.distinct_queries ?? 0,
      zero_result_searches: top[0]?.total_zero ?? 0,
    },
    top: top.map(row),
    zeroResult: rows.filter((r) => r.kind === "zero").map(row),
  };
}

/** When the newest search was logged at all (a backward walk of the created_at index), or null. */
export async function latestSearchAt(db: Knex): Promise<Date | null> {
  const row = await db("content_search_log").first<{ at: Date | null }>(db.raw("max(created_at) as at"));
  return row?.at ?? null;
}

export interface SearchRow {
  id: number;
  query: string;
  results_count: number;
  created_at: Date;
}

export async function insertSearch(trx: Knex, search: { query: string; resultsCount: number }, at: Date): Promise<SearchRow> {
  const [row] = await trx("content_search_log")
    .insert({ query: search.query, results_count: search.resultsCount, created_at: at })
    .returning(["id", "query", "results_count", "created_at"]);
  return row as SearchRow;
}
