// Logging a website search on a real database: the row get_content_search_log reads, its audit row and ContentSearched
// event; bad input refused with the field named.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testEngine, type TestDatabase } from "../../testing/test-database.ts";
import { insertRule } from "../../testing/fixtures/workflows.ts";
import type { Actor } from "../actor.ts";
import { manualClock } from "../clock.ts";
import { DomainError } from "../errors.ts";
import { logSearch } from "./log-search.ts";
import { getSearchLog } from "./marketing-service.ts";

let db: TestDatabase;
const clock = manualClock("2026-12-02T10:00:00.000Z");
const website: Actor = { type: "SYSTEM", userId: null, name: "API key “website”", path: "system" };

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe(`logSearch (${testEngine()})`, () => {
  it("logs the search where the search log report finds it, audited, with ContentSearched firing its rules", async () => {
    const ctx = { db: db.knex, clock };
    await insertRule(db.knex, { trigger: "ContentSearched", condition: { field: "metadata.results_count", op: "eq", value: 0 } });
    await logSearch(ctx, website, { query: "  Raku firing ", resultsCount: 0 });
    const { change } = await logSearch(ctx, website, { query: "raku firing", resultsCount: 0 });
    expect(change.event).toMatchObject({ event_type: "ContentSearched" });
    expect(change.event!.metadata).toMatchObject({ query: "raku firing", results_count: 0 });
    expect(change.executions.map((e) => e.status)).toEqual(["SUCCESS"]);
    expect(change.audit).toMatchObject({ action: "content_search.log", target_type: "content_search" });
    const report = await getSearchLog(ctx, { days: 7, limit: 5, zeroLimit: 5 });
    expect(JSON.stringify(report)).toContain("raku firing");
    expect(await db.knex("content_search_log")).toHaveLength(2);
  });

  it("refuses an empty or overlong query and a negative count, naming the field, and logs nothing", async () => {
    const ctx = { db: db.knex, clock };
    const before = await db.knex("content_search_log");
    for (const [input, field] of [
      [{ query: "   ", resultsCount: 1 }, "query"],
      [{ query: "x".repeat(501), resultsCount: 1 }, "query"],
      [{ query: "mugs", resultsCount: -1 }, "results_count"],
      [{ query: "mugs", resultsCount: 1.5 }, "results_count"],
    ] as const) {
      const error = await logSearch(ctx, website, input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details).toEqual({ field });
    }
    expect(await db.knex("content_search_log")).toHaveLength(before.length);
  });
});
