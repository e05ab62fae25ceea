// The read-model queries of the marketing tools give the figures the base tables give: the funnel's stages against
// the status history itself, the contact summary against a pass over every contact.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../../seed/random.ts";
import { insertStatusPath } from "../../testing/fixtures/activity.ts";
import { insertContact, insertIntake } from "../../testing/fixtures/intakes.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "../../testing/test-database.ts";
import { contactSummary } from "../contacts/contact-store.ts";
import { CONTACT_STATUSES, type IntakeStatus } from "../vocabulary.ts";
import { intakeStagesByStatus } from "./marketing-store.ts";
import { DAY_MS } from "../clock.ts";

const NOW = new Date("2026-11-20T12:00:00.000Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY_MS);
const PATHS: IntakeStatus[][] = [
  ["NEW"],
  ["NEW", "TRIAGED"],
  ["NEW", "TRIAGED", "QUALIFIED"],
  ["NEW", "QUALIFIED", "BOOKED"],
  ["NEW", "BOOKED", "CLOSED"],
  ["NEW", "TRIAGED", "QUALIFIED", "BOOKED", "CLOSED"],
  ["NEW", "TRIAGED", "QUALIFIED", "CLOSED"],
  ["NEW", "CLOSED"],
  ["NEW", "REJECTED"],
  ["NEW", "QUALIFIED", "REJECTED"],
  ["NEW", "QUALIFIED", "BOOKED", "REJECTED"],
  ["NEW", "QUALIFIED", "BOOKED", "QUALIFIED", "REJECTED"],
];

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  const random = mulberry32(20261122);
  for (let i = 0; i < 90; i++) {
    const path = PATHS[Math.floor(random() * PATHS.length)]!;
    const createdAt = daysAgo(random() * 70);
    const intake = await insertIntake(db.knex, { status: path[path.length - 1]!, createdAt });
    await insertStatusPath(db.knex, intake.id, path, createdAt);
  }
  // Closed before history was kept: no history at all.
  await insertIntake(db.knex, { status: "CLOSED", createdAt: daysAgo(3) });
  for (let i = 0; i < 60; i++) {
    await insertContact(db.knex, {
      status: CONTACT_STATUSES[Math.floor(random() * CONTACT_STATUSES.length)]!,
      source: ["website", "Website", "referral", "Instagram", "flyer"][Math.floor(random() * 5)]!,
      createdAt: daysAgo(random() * 60),
    });
  }
  await db.knex("contacts").insert({ name: "No Source", status: "NEW", source: null, created_at: daysAgo(1) });
});
afterAll(() => db?.drop());

describe(`marketing read models (${testEngine()})`, () => {
  it("count a window's intakes per status and furthest stage exactly as the status history shows them", async () => {
    for (const days of [7, 30, 60]) {
      const window = { start: daysAgo(days), end: new Date(NOW.getTime() + 1) };
      const rows = await intakeStagesByStatus(db.knex, window);
      // What the funnel computed before migration 004: a probe of the history per terminal intake.
      const { rows: fromHistory } = await db.knex.raw<{ rows: { status: string; stage: number | null; n: number }[] }>(
        `select i.status, reached.stage, count(*)::int as n from intake_requests i
         cross join lateral (select max(case h.to_status when 'BOOKED' then 2 when 'QUALIFIED' then 1 end) as stage
           from intake_status_history h
           where i.status in ('REJECTED', 'CLOSED') and h.intake_id = i.id and h.to_status in ('QUALIFIED', 'BOOKED')) reached
         where i.created_at >= ? and i.created_at < ? group by i.status, reached.stage`,
        [window.start, window.end],
      );
      const key = (r: { status: string; stage: number | null; n: number }) =>
        `${r.status}/${r.stage === null ? "-" : Number(r.stage)}=${r.n}`;
      expect(rows.map(key).sort(), `${days} days`).toEqual(fromHistory.map(key).sort());
      expect(rows.length).toBeGreaterThan(2);
    }
  });

  it("summarise contacts per status, new ones and top sources exactly as a pass over every contact does", async () => {
    const since = daysAgo(30);
    for (const source of [undefined, "WEBSITE", "flyer", "tiktok"]) {
      const summary = await contactSummary(db.knex, { since, source, topSources: 10 });
      const filter = source === undefined ? "" : "where lower(source) = lower(?)";
      const { rows } = await db.knex.raw<{ rows: { status: string; n: number; new_since: number }[] }>(
        `select status, count(*)::int as n, (count(*) filter (where created_at >= ?))::int as new_since from contacts ${filter} group by status`,
        [since, ...(source === undefined ? [] : [source])],
      );
      const byStatus = (r: { status: string; n: number; new_since: number }) => `${r.status}:${r.n}:${r.new_since}`;
      expect(summary.counts.map(byStatus).sort(), String(source)).toEqual(rows.map(byStatus).sort());
      const { rows: sources } = await db.knex.raw<{ rows: { source: string | null; n: number }[] }>(
        `select lower(source) as source, count(*)::int as n from contacts ${filter} group by 1 order by 2 desc, 1 nulls last`,
        source === undefined ? [] : [source],
      );
      expect(summary.sources, String(source)).toEqual(sources);
    }
  });
});
