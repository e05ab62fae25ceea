// The demo's site searches, and the writers that flush planned feed events, history and audit rows in time order.
import { FEED_EVENT_TYPES } from "../domain/vocabulary.ts";
import { DAY_MS, type DemoContext, type PlannedHistory } from "./demo-context.ts";

/** [query, results it finds, how often people type it]. Zero-result queries are what the studio does not offer (yet). */
const SEARCHES: [query: string, results: number, weight: number][] = [
  ["wheel throwing beginner", 12, 6],
  ["glaze workshop", 5, 4],
  ["gift card", 3, 4],
  ["christmas gift voucher", 3, 3],
  ["kids pottery class", 4, 3],
  ["open studio membership", 6, 3],
  ["handbuilding course", 7, 2],
  ["mug making workshop", 4, 2],
  ["date night pottery", 2, 2],
  ["private lesson", 2, 2],
  ["raku firing", 0, 2],
  ["kiln rental", 0, 2],
  ["team building", 3, 1],
  ["birthday party pottery", 2, 1],
  ["sgraffito", 0, 1],
  ["parking", 0, 1],
  ["porcelain", 1, 1],
  ["cancellation policy", 1, 1],
];
const SEARCH_COUNT = 40;

export async function seedSearches(ctx: DemoContext): Promise<void> {
  const weighted = SEARCHES.map(([query, results, weight]) => [[query, results], weight] as const);
  const rows = Array.from({ length: SEARCH_COUNT }, () => {
    const [query, results] = ctx.rng.weighted(weighted);
    const created_at = new Date(ctx.now.getTime() - ctx.rng.between(10 / 1440, 30) * DAY_MS);
    return { query, results_count: results, created_at };
  }).sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
  await ctx.trx("content_search_log").insert(rows);
  for (const row of rows) {
    ctx.events.push({
      event_type: FEED_EVENT_TYPES.contentSearched,
      actor_type: "SYSTEM",
      actor_id: null,
      subject_type: null,
      subject_id: null,
      metadata: { path: "system", query: row.query, results_count: row.results_count },
      created_at: row.created_at,
    });
  }
}

const byTime = <T extends { created_at: Date }>(rows: T[]) => [...rows].sort((a, b) => a.created_at.getTime() - b.created_at.getTime());

/** Inserts the planned feed events oldest first and records their ids on the plan. */
export async function insertEvents(ctx: DemoContext): Promise<void> {
  const events = byTime(ctx.events);
  const rows = (await ctx
    .trx("feed_events")
    .insert(events.map(({ id: _id, metadata, ...e }) => ({ ...e, metadata: JSON.stringify(metadata) })))
    .returning(["id"])) as { id: number }[];
  events.forEach((e, i) => (e.id = rows[i]!.id));
}

/** Inserts the planned history oldest first; returns each planned row's id. */
export async function insertHistory(ctx: DemoContext): Promise<Map<PlannedHistory, number>> {
  const history = byTime(ctx.history);
  const rows = (await ctx.trx("intake_status_history").insert(history).returning(["id"])) as { id: number }[];
  return new Map(history.map((h, i) => [h, rows[i]!.id]));
}

export async function insertAudit(ctx: DemoContext): Promise<void> {
  const audit = byTime(ctx.audit);
  if (audit.length) await ctx.trx("audit_log").insert(audit.map((a) => ({ ...a, details: JSON.stringify(a.details) })));
}
