// Capturing a call's SQL and explaining it with its own bindings, on the engine the run selects.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testEngine, type TestDatabase } from "../src/testing/test-database.ts";
import { checkPlan } from "./plan-check.ts";
import { captureQueries, explain, isSelect, toRaw } from "./query-capture.ts";

describe("toRaw", () => {
  it("turns $n placeholders back into knex bindings in order, and escapes literal question marks", () => {
    expect(toRaw({ sql: "select $1::int + $2::int, $1::int, '{}'::jsonb ? 'x'", bindings: [1, 2] })).toEqual({
      sql: "select ?::int + ?::int, ?::int, '{}'::jsonb \\? 'x'",
      bindings: [1, 2, 1],
    });
  });

  it("knows a SELECT (or WITH) from a write", () => {
    expect(isSelect("  select 1")).toBe(true);
    expect(isSelect("with x as (select 1) select * from x")).toBe(true);
    expect(isSelect("insert into t values (1)")).toBe(false);
  });
});

describe(`captureQueries and explain (${testEngine()})`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("records what ran during the call only, and explains it as it ran", async () => {
    await db.knex("users").count();
    const { result, queries } = await captureQueries(db.knex, () =>
      db.knex("feed_events").where("created_at", ">=", new Date(0)).andWhere("event_type", "RoleApproved").limit(5).select("id"),
    );
    expect(result).toEqual([]);
    expect(queries).toHaveLength(1);
    expect(queries[0]!.sql).toMatch(/\$1/);
    const finding = checkPlan(await explain(db.knex, queries[0]!));
    expect(finding.scans.some((s) => s.includes("feed_events"))).toBe(true);
    await db.knex("users").count();
    expect(queries).toHaveLength(1);
  });
});
