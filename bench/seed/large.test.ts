// seedLarge at scale 0.001: on PostgreSQL it builds a small but whole studio; on the embedded engine it refuses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "../../src/config.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "../../src/testing/test-database.ts";
import { LargeSeedNeedsPostgresError, seedLarge, type LargeSeedResult } from "./large.ts";
import { DatabaseNotEmptyError } from "../../src/seed/reset-studio-data.ts";

const NOW = new Date("2026-11-24T15:00:00Z");

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const rows = async <T = Record<string, unknown>>(sql: string) => ((await db.knex.raw(sql)) as { rows: T[] }).rows;

// Which tests exist depends on the engine the run selects; none is ever skipped.
if (testDatabaseUrl()) {
  describe(`seedLarge (${testEngine()})`, () => {
    let result: LargeSeedResult;
    const lines: string[] = [];

    beforeAll(async () => {
      result = await seedLarge(db.knex, { scale: 0.001, now: NOW, adminSlackIds: ["U07OWNER01"], log: (line) => lines.push(line) });
    }, 120_000);

    it("fills every studio table, scaled down, and logs one line per table", () => {
      const s = result.summary;
      expect(s).toMatchObject({
        roles: 4,
        users: 20,
        contacts: 50,
        intake_requests: 100,
        content_search_log: 20,
        audit_log: 100,
        feed_events: 1_000,
      });
      expect(s.intake_status_history).toBeGreaterThanOrEqual(150);
      expect(s.workflow_executions).toBeGreaterThanOrEqual(100);
      expect(s.workflow_executions).toBeLessThanOrEqual(400);
      expect(s.role_requests).toBeGreaterThanOrEqual(10);
      expect(s.maestro_availability).toBe(20);
      expect(s.workflow_rules).toBe(20);
      for (const table of ["users", "contacts", "intake_requests", "feed_events", "workflow_executions", "audit_log", "analyze"]) {
        expect(
          lines.some((l) => l.startsWith(table) && /\d+\.\d s/.test(l)),
          table,
        ).toBe(true);
      }
      expect(result.steps.map((st) => st.table)).toContain("feed_events");
    });

    it("keeps the rows consistent: history chains, bookings, executions, pending requests", async () => {
      expect(
        await rows(`select i.id from intake_requests i where i.status <> (
        select h.to_status from intake_status_history h where h.intake_id = i.id order by h.created_at desc, h.id desc limit 1)`),
      ).toEqual([]);
      expect(
        await rows(`select b.id from bookings b join maestro_availability a on a.id = b.availability_id join intake_requests i on i.id = b.intake_id
        where a.status <> 'BOOKED' or i.status not in ('BOOKED', 'CLOSED')`),
      ).toEqual([]);
      expect(
        await rows(`select x.id from workflow_executions x join workflow_rules r on r.id = x.rule_id join feed_events e on e.id = x.feed_event_id
        where r.trigger_event_type <> e.event_type or (x.status = 'FAILED') <> (x.error is not null)`),
      ).toEqual([]);
      expect(await rows("select status, count(*)::int as n from role_requests where status = 'PENDING' group by 1")).toEqual([
        { status: "PENDING", n: 4 },
      ]);
      expect(await rows("select distinct status from workflow_executions order by 1")).toEqual([
        { status: "FAILED" },
        { status: "SKIPPED" },
        { status: "SUCCESS" },
      ]);
      expect(await rows("select id from users where slack_user_id = 'U07OWNER01'")).toHaveLength(1);
    });

    it("spreads the studio over two years with ids following time", async () => {
      const [span] = await rows<{ days: number }>(
        "select extract(day from max(created_at) - min(created_at))::int as days from feed_events",
      );
      expect(span!.days).toBeGreaterThan(600);
      expect(
        await rows(`select id from (select id, created_at, lag(created_at) over (order by id) as before from feed_events) f
        where created_at < before`),
      ).toEqual([]);
      expect(
        (await rows<{ n: number }>("select count(*)::int as n from feed_events where metadata->>'source' = 'EVAL'"))[0]!.n,
      ).toBeGreaterThan(0);
    });

    it("has analyzed the tables", async () => {
      const [stats] = await rows<{ analyzed: number }>(
        "select count(*)::int as analyzed from pg_stat_user_tables where relname in ('feed_events', 'intake_requests') and last_analyze is not null",
      );
      expect(stats!.analyzed).toBe(2);
    });

    it("refuses a non-empty database, and reseeds with reset", async () => {
      await expect(seedLarge(db.knex, { scale: 0.001, now: NOW })).rejects.toBeInstanceOf(DatabaseNotEmptyError);
      const again = await seedLarge(db.knex, { scale: 0.001, now: NOW, reset: true });
      expect(again.summary.intake_requests).toBe(100);
      expect((await rows<{ id: number }>("select min(id)::int as id from intake_requests"))[0]!.id).toBe(1);
    }, 120_000);

    it("rejects a scale that is not a positive number", async () => {
      await expect(seedLarge(db.knex, { scale: 0 })).rejects.toThrow(/scale/);
    });
  });
} else {
  describe(`seedLarge (${testEngine()})`, () => {
    it("refuses the embedded engine with a message that says to set DATABASE_URL", async () => {
      await expect(seedLarge(db.knex, { scale: 0.001 })).rejects.toBeInstanceOf(LargeSeedNeedsPostgresError);
      await expect(seedLarge(db.knex, { scale: 0.001, reset: true })).rejects.toThrow(/needs PostgreSQL: set DATABASE_URL/);
      expect(await rows("select 1 from users limit 1")).toEqual([]);
    });
  });
}
