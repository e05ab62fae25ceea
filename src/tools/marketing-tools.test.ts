// The four marketing tools on a real database: figures, windows, zeros and nulls, EVAL exclusion, and no writes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../domain/actor.ts";
import { DAY_MS, manualClock } from "../domain/clock.ts";
import { percent } from "../domain/marketing/marketing-service.ts";
import type { IntakeStatus } from "../domain/vocabulary.ts";
import { insertFeedEvents, insertSearches, insertStatusPath, readFootprint } from "../testing/fixtures/activity.ts";
import { insertContact, insertIntake } from "../testing/fixtures/intakes.ts";
import { actorFor, insertStaff } from "../testing/fixtures/people.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { toolContext } from "../testing/tool-context.ts";
import { executeTool } from "./execute.ts";
import { marketingTools } from "./marketing-tools.ts";
import { createRegistry } from "./registry.ts";

const registry = createRegistry(marketingTools);
const NOW = new Date("2026-11-20T12:00:00.000Z");
const clock = manualClock(NOW);
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY_MS);
let db: TestDatabase;
let actor: Actor;

beforeAll(async () => {
  db = await createTestDatabase();
  actor = actorFor(await insertStaff(db.knex, "Sam Staff"));
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw("truncate intake_requests, intake_status_history, contacts, feed_events, content_search_log restart identity cascade");
});

const run = (name: string, args: unknown) => executeTool(registry, name, args, toolContext(db, actor, { clock }));

/** Runs a read tool and proves it wrote nothing. */
async function read(name: string, args: unknown): Promise<Record<string, unknown>> {
  const before = await readFootprint(db.knex);
  const outcome = await run(name, args);
  expect(await readFootprint(db.knex)).toEqual(before);
  if (!outcome.ok) throw new Error(`${name} failed: ${outcome.error.code} ${outcome.error.message}`);
  expect(outcome.effect.effect).toBe("read");
  return outcome.result;
}

async function expectInvalid(name: string, argsList: unknown[]) {
  const before = await readFootprint(db.knex);
  for (const args of argsList) {
    const outcome = await run(name, args);
    expect(outcome, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  }
  expect(await readFootprint(db.knex)).toEqual(before);
}

async function intakeWithPath(path: IntakeStatus[], createdAt: Date) {
  const intake = await insertIntake(db.knex, { status: path[path.length - 1]!, createdAt });
  await insertStatusPath(db.knex, intake.id, path, createdAt);
  return intake;
}

describe("percent", () => {
  it("rounds to one decimal and is null, never NaN or 0, without a denominator", () => {
    expect(percent(4, 9)).toBe(44.4);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(0, 5)).toBe(0);
    expect(percent(0, 0)).toBeNull();
    expect(percent(3, 0)).toBeNull();
  });
});

describe("get_funnel_stats", () => {
  it("counts the window by status, reads the history of closed and rejected intakes, and compares with the window before", async () => {
    // The current 30 days: 9 intakes.
    await intakeWithPath(["NEW"], daysAgo(1));
    await intakeWithPath(["NEW"], daysAgo(30)); // exactly at the window's start: inside
    await intakeWithPath(["NEW", "TRIAGED"], daysAgo(3));
    await intakeWithPath(["NEW", "TRIAGED", "QUALIFIED"], daysAgo(4));
    await intakeWithPath(["NEW", "QUALIFIED", "BOOKED"], daysAgo(5));
    await intakeWithPath(["NEW", "QUALIFIED", "BOOKED", "CLOSED"], daysAgo(6));
    await intakeWithPath(["NEW", "TRIAGED", "CLOSED"], daysAgo(7)); // closed early
    await intakeWithPath(["NEW", "QUALIFIED", "REJECTED"], daysAgo(8));
    await intakeWithPath(["NEW", "REJECTED"], daysAgo(9));
    // The 30 days before: 2 intakes (one a millisecond before the current window starts).
    await intakeWithPath(["NEW"], new Date(daysAgo(30).getTime() - 1));
    await intakeWithPath(["NEW", "BOOKED"], daysAgo(45)); // skipped ahead: booking implies qualified
    // Outside both windows.
    await intakeWithPath(["NEW", "QUALIFIED", "BOOKED", "CLOSED"], daysAgo(90));

    const result = await read("get_funnel_stats", {});
    expect(result).toMatchObject({
      window: { days: 30, start: daysAgo(30).toISOString(), end: NOW.toISOString() },
      total_intakes: 9,
      counts_by_status: { NEW: 2, TRIAGED: 1, QUALIFIED: 1, REJECTED: 2, BOOKED: 1, CLOSED: 2 },
      stages: { reached_qualified: 4, reached_booked: 2, closed_after_booking: 1, closed_without_booking: 1, rejected_after_qualifying: 1 },
      rates: { new_to_qualified_pct: 44.4, qualified_to_booked_pct: 50, new_to_booked_pct: 22.2, rejection_pct: 22.2 },
      previous_window: {
        start: daysAgo(60).toISOString(),
        end: daysAgo(30).toISOString(),
        total_intakes: 2,
        counts_by_status: { NEW: 1, TRIAGED: 0, QUALIFIED: 0, REJECTED: 0, BOOKED: 1, CLOSED: 0 },
        rates: { new_to_qualified_pct: 50, qualified_to_booked_pct: 100, new_to_booked_pct: 50, rejection_pct: 0 },
      },
      change_vs_previous: {
        total_intakes: 7,
        total_intakes_pct: 350,
        new_to_qualified_points: -5.6,
        qualified_to_booked_points: -50,
        rejection_points: 22.2,
      },
    });
    expect(Object.keys(result.counts_by_status as object)).toEqual(["NEW", "TRIAGED", "QUALIFIED", "REJECTED", "BOOKED", "CLOSED"]);
    expect(result.definitions).toMatchObject({ qualified_to_booked_pct: "reached_booked / reached_qualified" });
    expect(result).not.toHaveProperty("note");
  });

  it("honours a shorter window", async () => {
    await intakeWithPath(["NEW"], daysAgo(2));
    await intakeWithPath(["NEW", "QUALIFIED"], daysAgo(10));
    const result = await read("get_funnel_stats", { days: 7 });
    expect(result).toMatchObject({
      total_intakes: 1,
      previous_window: { total_intakes: 1 },
      change_vs_previous: { total_intakes: 0, total_intakes_pct: 0 },
    });
  });

  it("gives null rates, not 0 or NaN, when a denominator is zero, and says the window is empty", async () => {
    const empty = await read("get_funnel_stats", { days: 30 });
    expect(empty).toMatchObject({
      total_intakes: 0,
      counts_by_status: { NEW: 0, TRIAGED: 0, QUALIFIED: 0, REJECTED: 0, BOOKED: 0, CLOSED: 0 },
      rates: { new_to_qualified_pct: null, qualified_to_booked_pct: null, new_to_booked_pct: null, rejection_pct: null },
      previous_window: { rates: { new_to_qualified_pct: null } },
      change_vs_previous: { total_intakes: 0, total_intakes_pct: null, new_to_qualified_points: null, qualified_to_booked_points: null },
      note: "No intakes were created in the last 30 days.",
    });
    expect(JSON.stringify(empty)).not.toMatch(/NaN/);

    await intakeWithPath(["NEW"], daysAgo(1));
    const onlyNew = await read("get_funnel_stats", { days: 30 });
    expect(onlyNew).toMatchObject({
      rates: { new_to_qualified_pct: 0, qualified_to_booked_pct: null, new_to_booked_pct: 0, rejection_pct: 0 },
      change_vs_previous: { total_intakes: 1, total_intakes_pct: null },
    });
  });

  it("rejects bad arguments and writes nothing", async () => {
    await expectInvalid("get_funnel_stats", [{ days: 0 }, { days: 366 }, { days: 1.5 }, { days: "30" }, { since: "2026-01-01" }]);
  });
});

describe("get_recent_activity", () => {
  beforeEach(async () => {
    await insertFeedEvents(db.knex, [
      { type: "IntakeCreated", at: daysAgo(1) },
      { type: "IntakeCreated", at: daysAgo(2) },
      { type: "IntakeCreated", at: daysAgo(6.9) },
      { type: "IntakeStatusChanged", at: daysAgo(3) },
      { type: "IntakeStatusChanged", at: daysAgo(4) },
      { type: "IntakeStatusChanged", at: daysAgo(0.5), eval: true },
      { type: "TriageTicket", at: daysAgo(0.2), eval: true },
      { type: "RoleApproved", at: daysAgo(5) },
      { type: "IntakeCreated", at: daysAgo(10) }, // before the window
      { type: "ContactCreated", at: new Date(NOW.getTime() + 60_000) }, // after now
    ]);
  });

  it("groups real events by type, most frequent first, and says how many EVAL events were left out", async () => {
    const result = await read("get_recent_activity", {});
    expect(result).toEqual({
      window: { days: 7, start: daysAgo(7).toISOString(), end: NOW.toISOString() },
      include_eval: false,
      total: 6,
      event_types_total: 3,
      event_types: [
        { event_type: "IntakeCreated", count: 3, last_at: daysAgo(1).toISOString() },
        { event_type: "IntakeStatusChanged", count: 2, last_at: daysAgo(3).toISOString() },
        { event_type: "RoleApproved", count: 1, last_at: daysAgo(5).toISOString() },
      ],
      eval_events_left_out: 2,
      note: "2 synthetic EVAL events left out.",
    });
  });

  it("counts EVAL events in when asked", async () => {
    const result = await read("get_recent_activity", { days: 7, include_eval: true });
    expect(result).toMatchObject({
      total: 8,
      event_types: [
        { event_type: "IntakeCreated", count: 3 },
        { event_type: "IntakeStatusChanged", count: 3, last_at: daysAgo(0.5).toISOString() },
        { event_type: "RoleApproved", count: 1 },
        { event_type: "TriageTicket", count: 1 },
      ],
      eval_events_included: 2,
    });
  });

  it("says plainly when nothing happened", async () => {
    await db.knex("feed_events").del();
    await insertFeedEvents(db.knex, [{ type: "TriageTicket", at: daysAgo(1), eval: true }]);
    const result = await read("get_recent_activity", { days: 3 });
    expect(result).toMatchObject({ total: 0, event_types: [], eval_events_left_out: 1 });
    expect(result.note).toBe("No real feed events in the last 3 days. 1 synthetic EVAL event left out.");
  });

  it("rejects bad arguments and writes nothing", async () => {
    await expectInvalid("get_recent_activity", [{ days: 91 }, { days: 0 }, { include_eval: "yes" }, { event_type: "IntakeCreated" }]);
  });
});

describe("get_contact_summary", () => {
  beforeEach(async () => {
    await insertContact(db.knex, { name: "A", status: "NEW", source: "website", createdAt: daysAgo(2) });
    await insertContact(db.knex, { name: "B", status: "NEW", source: "referral", createdAt: daysAgo(40) });
    await insertContact(db.knex, { name: "C", status: "CONTACTED", source: "Referral", createdAt: daysAgo(3) });
    await insertContact(db.knex, { name: "D", status: "ACTIVE", source: "referral", createdAt: daysAgo(4) });
    await insertContact(db.knex, { name: "E", status: "ACTIVE", source: "instagram", createdAt: daysAgo(5) });
    await insertContact(db.knex, { name: "F", status: "ACTIVE", source: "website", createdAt: daysAgo(6) });
    await db.knex("contacts").insert({ name: "G", status: "ACTIVE", source: null, created_at: daysAgo(100) });
  });

  it("counts every status (zeros included), new contacts and the top sources", async () => {
    const result = await read("get_contact_summary", {});
    expect(result).toEqual({
      filter: { source: "any" },
      total: 7,
      counts_by_status: { NEW: 2, CONTACTED: 1, QUALIFIED: 0, ACTIVE: 4, CHURNED: 0 },
      new_last_30_days: 5,
      top_sources: [
        { source: "referral", contacts: 3 },
        { source: "website", contacts: 2 },
        { source: "instagram", contacts: 1 },
        { source: "(not recorded)", contacts: 1 },
      ],
    });
  });

  it("filters by source without regard to case", async () => {
    const result = await read("get_contact_summary", { source: "REFERRAL" });
    expect(result).toMatchObject({
      filter: { source: "REFERRAL" },
      total: 3,
      counts_by_status: { NEW: 1, CONTACTED: 1, QUALIFIED: 0, ACTIVE: 1, CHURNED: 0 },
      new_last_30_days: 2,
    });
  });

  it("says plainly when there are no contacts", async () => {
    expect(await read("get_contact_summary", { source: "tiktok" })).toMatchObject({
      total: 0,
      top_sources: [],
      note: 'No contacts have the source "tiktok".',
    });
    await db.knex("contacts").del();
    expect(await read("get_contact_summary", {})).toMatchObject({
      total: 0,
      counts_by_status: { NEW: 0, CONTACTED: 0, QUALIFIED: 0, ACTIVE: 0, CHURNED: 0 },
      new_last_30_days: 0,
      note: "There are no contacts yet.",
    });
  });

  it("rejects bad arguments and writes nothing", async () => {
    await expectInvalid("get_contact_summary", [
      { source: "" },
      { source: "   " },
      { source: 5 },
      { status: "NEW" },
      { source: "x".repeat(101) },
    ]);
  });
});

describe("get_content_search_log", () => {
  it("ranks normalised queries with averages, zero-result counts and the queries that found nothing", async () => {
    await insertSearches(db.knex, [
      { query: "Glaze ", results: 3, at: daysAgo(1) },
      { query: "glaze", results: 5, at: daysAgo(2) },
      { query: "  GLAZE", results: 0, at: daysAgo(3) },
      { query: "kiln repair", results: 0, at: daysAgo(4) },
      { query: "Kiln Repair", results: 0, at: daysAgo(5) },
      { query: "wheel", results: 4, at: daysAgo(6) },
      { query: "ancient", results: 0, at: daysAgo(40) }, // before the window
    ]);
    const result = await read("get_content_search_log", {});
    expect(result).toEqual({
      window: { days: 30, start: daysAgo(30).toISOString(), end: NOW.toISOString() },
      total_searches: 6,
      distinct_queries: 3,
      zero_result_searches: 3,
      top_queries: [
        { query: "glaze", searches: 3, avg_results: 2.7, zero_result_searches: 1 },
        { query: "kiln repair", searches: 2, avg_results: 0, zero_result_searches: 2 },
        { query: "wheel", searches: 1, avg_results: 4, zero_result_searches: 0 },
      ],
      zero_result_queries: [
        { query: "kiln repair", searches: 2 },
        { query: "glaze", searches: 1 },
      ],
    });

    const limited = await read("get_content_search_log", { days: 60, limit: 1 });
    expect(limited).toMatchObject({ total_searches: 7, distinct_queries: 4, top_queries: [{ query: "glaze" }] });
    expect((limited.zero_result_queries as unknown[]).length).toBe(3);
  });

  it("says plainly when the log is empty, and when only older searches exist", async () => {
    const empty = await read("get_content_search_log", {});
    expect(empty).toMatchObject({ total_searches: 0, distinct_queries: 0, top_queries: [], zero_result_queries: [] });
    expect(empty.note).toBe("The content search log is empty: no search has ever been logged.");

    await insertSearches(db.knex, [{ query: "raku", results: 2, at: daysAgo(50) }]);
    const recent = await read("get_content_search_log", { days: 7 });
    expect(recent).toMatchObject({ total_searches: 0, top_queries: [] });
    expect(recent.note).toBe(
      `The content search log is empty for the last 7 days: nobody searched. The latest logged search was at ${daysAgo(50).toISOString()}.`,
    );
  });

  it("rejects bad arguments and writes nothing", async () => {
    await expectInvalid("get_content_search_log", [{ limit: 0 }, { limit: 51 }, { days: 366 }, { days: -1 }, { query: "glaze" }]);
  });
});
