// Perf pin (npm run test:perf): the indexes of migration 004 answer the statements they were made for without a heap
// visit: with sequential and bitmap scans off, each statement's scan of its table is an Index Only Scan of that index.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureQueries, explain } from "../query-capture.ts";
import { checkPlan } from "../plan-check.ts";
import { insertStatusPath } from "../../src/testing/fixtures/activity.ts";
import { insertContact, insertIntake } from "../../src/testing/fixtures/intakes.ts";
import { insertAdmin, insertStaff } from "../../src/testing/fixtures/people.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "../../src/testing/test-database.ts";
import { contactSummary } from "../../src/domain/contacts/contact-store.ts";
import { liveAdminCount } from "../../src/domain/diagnostics/studio-checks.ts";
import { intakeStagesByStatus } from "../../src/domain/marketing/marketing-store.ts";
import { listRulesWithStats } from "../../src/domain/workflows/rule-store.ts";

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  for (let i = 0; i < 30; i++) {
    const intake = await insertIntake(db.knex, { status: i % 3 ? "CLOSED" : "NEW", createdAt: daysAgo(i) });
    await insertStatusPath(db.knex, intake.id, i % 3 ? ["NEW", "QUALIFIED", "CLOSED"] : ["NEW"], daysAgo(i));
    await insertContact(db.knex, { createdAt: daysAgo(i), source: i % 2 ? "Website" : "flyer" });
  }
  const [rule] = await db
    .knex("workflow_rules")
    .insert({ name: "r", trigger_event_type: "X", action_type: "NOTIFY_SLACK" })
    .returning("id");
  for (let i = 0; i < 30; i++) {
    await db.knex("workflow_executions").insert({
      rule_id: (rule as { id: number }).id,
      status: i % 4 ? "SUCCESS" : "FAILED",
      rule_snapshot: "{}",
      event_payload: "{}",
      created_at: daysAgo(i / 24),
    });
  }
  for (let i = 0; i < 5; i++) await insertStaff(db.knex, `Staff ${i}`);
  await insertAdmin(db.knex);
  // The visibility map is what lets a scan skip the heap: set it, as autovacuum would.
  await db.knex.raw("vacuum analyze intake_requests, contacts, workflow_executions, role_assignments");
});
afterAll(() => db?.drop());

/** The scans of the statements `run` sends, planned with only index scans allowed. */
async function scansOf(run: () => Promise<unknown>): Promise<string[]> {
  const { queries } = await captureQueries(db.knex, run);
  // `set local` holds for this transaction's connection only, which explains every statement.
  return db.knex.transaction(async (trx) => {
    await trx.raw("set local enable_seqscan = off");
    await trx.raw("set local enable_bitmapscan = off");
    const scans: string[] = [];
    for (const query of queries) scans.push(...checkPlan(await explain(trx, query)).scans);
    return scans;
  });
}

describe(`covering indexes (${testEngine()})`, () => {
  it("answer the funnel, the new contacts, the rules' last day and the live admins from the index alone", async () => {
    expect(await scansOf(() => intakeStagesByStatus(db.knex, { start: daysAgo(20), end: new Date() }))).toContain(
      "Index Only Scan using intake_requests_created_stage_idx on intake_requests",
    );
    expect(await scansOf(() => contactSummary(db.knex, { since: daysAgo(20), topSources: 5 }))).toContain(
      "Index Only Scan using contacts_created_status_source_idx on contacts",
    );
    expect(await scansOf(() => listRulesWithStats(db.knex, { since: daysAgo(1), limit: 10 }))).toContain(
      "Index Only Scan using workflow_executions_created_rule_status_idx on workflow_executions",
    );
    expect(await scansOf(async () => db.knex.raw("select ? as n", [liveAdminCount(db.knex)]))).toContain(
      "Index Only Scan using role_assignments_live_role_idx on role_assignments",
    );
  });
});
