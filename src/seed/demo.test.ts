// seedDemo on a real database: counts, every status, referential integrity, today's session, admins,
// determinism, and the refusal to seed over an existing studio.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACTION_TYPES,
  AUDIT_ACTIONS,
  BOOKING_STATUSES,
  CHANGE_PATHS,
  CONTACT_STATUSES,
  EXECUTION_STATUSES,
  FEED_EVENT_TYPES,
  INTAKE_STATUSES,
  ROLE_REQUEST_STATUSES,
  SLOT_STATUSES,
  STAFF_ROLES,
} from "../domain/vocabulary.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "../testing/test-database.ts";
import type { SeedSummary } from "./count-rows.ts";
import { migrations } from "../../migrations/index.ts";
import { seedDemo } from "./demo.ts";
import { atLocalTime } from "./local-time.ts";
import {
  BOT_TABLES,
  DatabaseNotEmptyError,
  INSTALLATION_TABLES,
  READ_MODEL_TABLES,
  STUDIO_TABLES,
  resetStudioData,
} from "./reset-studio-data.ts";
import { DAY_MS, MINUTE_MS } from "../domain/clock.ts";

const NOW = new Date("2026-11-24T15:00:00Z");
const ADMINS = ["U07OWNER01", "U07SECOND2"];

let db: TestDatabase;
let summary: SeedSummary;

beforeAll(async () => {
  db = await createTestDatabase();
  summary = await seedDemo(db.knex, { adminSlackIds: ADMINS, now: NOW });
});
afterAll(async () => {
  await db?.drop();
});

const rows = async <T = Record<string, unknown>>(sql: string, bindings: unknown[] = []) =>
  ((await db.knex.raw(sql, bindings as never)) as { rows: T[] }).rows;
const distinct = async (table: string, column: string) =>
  (await rows<{ v: string }>(`select distinct ${column} as v from ${table} order by 1`)).map((r) => r.v);

describe(`seedDemo (${testEngine()})`, () => {
  it("fills every table within the expected ranges", () => {
    const within: Record<string, [number, number]> = {
      users: [15, 25],
      roles: [4, 4],
      role_assignments: [15, 30],
      role_requests: [8, 12],
      contacts: [20, 40],
      intake_requests: [28, 35],
      intake_status_history: [60, 140],
      maestro_availability: [18, 35],
      bookings: [5, 15],
      workflow_rules: [5, 10],
      workflow_executions: [35, 100],
      feed_events: [150, 250],
      audit_log: [25, 80],
      content_search_log: [40, 40],
    };
    for (const [table, [min, max]] of Object.entries(within)) {
      expect(summary[table], table).toBeGreaterThanOrEqual(min);
      expect(summary[table], table).toBeLessThanOrEqual(max);
    }
  });

  it("has every status of every status column", async () => {
    expect(await distinct("intake_requests", "status")).toEqual([...INTAKE_STATUSES].sort());
    expect(await distinct("contacts", "status")).toEqual([...CONTACT_STATUSES].sort());
    expect(await distinct("role_requests", "status")).toEqual([...ROLE_REQUEST_STATUSES].sort());
    expect(await distinct("maestro_availability", "status")).toEqual([...SLOT_STATUSES].sort());
    expect(await distinct("bookings", "status")).toEqual([...BOOKING_STATUSES].sort());
    expect(await distinct("workflow_executions", "status")).toEqual([...EXECUTION_STATUSES].sort());
    expect(await distinct("contacts", "source")).toEqual(["event", "instagram", "referral", "walk-in", "website"]);
  });

  it("has a queue worth working: new enquiries (some stale), long goals, all from the last 30 days", async () => {
    const intakes = await rows<{ status: string; goals: string; created_at: Date; owner_user_id: number | null }>(
      "select * from intake_requests",
    );
    const fresh = intakes.filter((i) => i.status === "NEW");
    expect(fresh.length).toBeGreaterThanOrEqual(5);
    expect(fresh.filter((i) => NOW.getTime() - i.created_at.getTime() > 3 * DAY_MS).length).toBeGreaterThanOrEqual(2);
    expect(intakes.filter((i) => i.goals.length > 300).length).toBeGreaterThanOrEqual(2);
    expect(intakes.every((i) => i.created_at.getTime() >= NOW.getTime() - 30 * DAY_MS && i.created_at < NOW)).toBe(true);
    expect(intakes.filter((i) => i.owner_user_id !== null).length).toBeGreaterThanOrEqual(10);
    // Owners must be staff: the tools refuse to assign anyone else.
    const notStaff = await rows(`select i.id from intake_requests i where i.owner_user_id is not null and not exists (
      select 1 from role_assignments ra join roles r on r.id = ra.role_id
      where ra.user_id = i.owner_user_id and ra.revoked_at is null and r.name in ('ADMIN', 'STAFF'))`);
    expect(notStaff).toEqual([]);
  });

  it("gives every intake a history chain from NEW to its current status", async () => {
    const intakes = await rows<{ id: number; status: string; created_at: Date }>("select id, status, created_at from intake_requests");
    const history = await rows<{
      intake_id: number;
      from_status: string;
      to_status: string;
      actor_type: string;
      actor_id: number | null;
      created_at: Date;
    }>("select * from intake_status_history order by intake_id, created_at, id");
    for (const intake of intakes) {
      const chain = history.filter((h) => h.intake_id === intake.id);
      expect(chain.length, `intake ${intake.id}`).toBeGreaterThan(0);
      expect(chain[0]!.from_status).toBe("NEW");
      expect(chain[0]!.created_at.getTime()).toBeGreaterThanOrEqual(intake.created_at.getTime());
      chain.slice(1).forEach((row, i) => expect(row.from_status, `intake ${intake.id} step ${i + 1}`).toBe(chain[i]!.to_status));
      expect(chain.at(-1)!.to_status, `intake ${intake.id}`).toBe(intake.status);
    }
    expect(new Set(history.map((h) => h.actor_type))).toEqual(new Set(["USER", "AGENT", "SYSTEM"]));
    expect(history.every((h) => (h.actor_type === "SYSTEM") === (h.actor_id === null))).toBe(true);
    expect(history.some((h) => h.from_status === h.to_status && h.actor_type !== "SYSTEM")).toBe(true);
  });

  it("books every BOOKED slot exactly once, for a booked or closed intake", async () => {
    const bad = await rows(`select b.id from bookings b
      join maestro_availability a on a.id = b.availability_id
      left join intake_requests i on i.id = b.intake_id
      where b.status = 'CONFIRMED' and (a.status <> 'BOOKED' or i.id is null or i.status not in ('BOOKED', 'CLOSED'))`);
    expect(bad).toEqual([]);
    const unbooked = await rows(`select a.id from maestro_availability a where a.status = 'BOOKED'
      and (select count(*) from bookings b where b.availability_id = a.id and b.status = 'CONFIRMED') <> 1`);
    expect(unbooked).toEqual([]);
    const bookedIntakes = await rows(`select i.id from intake_requests i where i.status = 'BOOKED'
      and not exists (select 1 from bookings b where b.intake_id = i.id and b.status = 'CONFIRMED')`);
    expect(bookedIntakes).toEqual([]);
  });

  it("has a booked session today and about twenty in the next two weeks, in studio hours", async () => {
    const start = atLocalTime(NOW, 0, 0, 0, "UTC");
    const today = await rows(
      `select a.id from maestro_availability a join bookings b on b.availability_id = a.id and b.status = 'CONFIRMED'
      where a.status = 'BOOKED' and a.start_at >= ? and a.start_at < ?`,
      [start, new Date(start.getTime() + DAY_MS)],
    );
    expect(today.length).toBeGreaterThanOrEqual(1);
    const slots = await rows<{ start_at: Date; end_at: Date; status: string }>("select * from maestro_availability");
    const upcoming = slots.filter((s) => s.start_at >= start && s.start_at.getTime() < start.getTime() + 15 * DAY_MS);
    expect(upcoming.length).toBeGreaterThanOrEqual(15);
    expect(slots.some((s) => s.start_at < start)).toBe(true);
    for (const s of slots) {
      expect([60, 90]).toContain((s.end_at.getTime() - s.start_at.getTime()) / MINUTE_MS);
      expect(s.start_at.getUTCHours()).toBeGreaterThanOrEqual(10);
      expect(s.end_at.getUTCHours()).toBeLessThanOrEqual(20);
    }
  });

  it("maps the configured Slack ids to admins and keeps the fixed test users", async () => {
    const roleOf = async (slackId: string) =>
      (
        await rows<{ name: string }>(
          `select r.name from users u join role_assignments ra on ra.user_id = u.id and ra.revoked_at is null
        join roles r on r.id = ra.role_id where u.slack_user_id = ? order by 1`,
          [slackId],
        )
      ).map((r) => r.name);
    expect(await roleOf(ADMINS[0]!)).toEqual(["ADMIN"]);
    expect(await roleOf(ADMINS[1]!)).toEqual(["ADMIN"]);
    expect(await roleOf("U0STAFF01")).toEqual(["STAFF"]);
    expect(await roleOf("U0MEMBER1")).toEqual(["MEMBER"]);
    const member = await roleOf("U0MEMBER1");
    expect(member.some((r) => (STAFF_ROLES as readonly string[]).includes(r))).toBe(false);
    // A former staff member: the grant exists but is revoked.
    expect(await roleOf("U0FORMER1")).toEqual([]);
    expect(
      await rows(
        "select 1 from users u join role_assignments ra on ra.user_id = u.id where u.slack_user_id = 'U0FORMER1' and ra.revoked_at is not null",
      ),
    ).toHaveLength(1);
  });

  it("has pending role requests (for ADMIN and STAFF among them) and decided ones that match the grants", async () => {
    const requests = await rows<{
      status: string;
      role: string;
      decided_by: number | null;
      decision_reason: string | null;
      user_id: number;
      reason: string;
    }>("select rr.*, r.name as role from role_requests rr join roles r on r.id = rr.requested_role_id");
    const pending = requests.filter((r) => r.status === "PENDING");
    expect(pending.length).toBeGreaterThanOrEqual(3);
    expect(pending.map((r) => r.role)).toEqual(expect.arrayContaining(["ADMIN", "STAFF"]));
    expect(requests.every((r) => r.reason.length > 10)).toBe(true);
    expect(requests.filter((r) => r.status === "REJECTED").every((r) => (r.decision_reason ?? "").length > 10)).toBe(true);
    const ungranted = await rows(`select rr.id from role_requests rr where rr.status = 'APPROVED' and not exists (
      select 1 from role_assignments ra where ra.user_id = rr.user_id and ra.role_id = rr.requested_role_id and ra.revoked_at is null)`);
    expect(ungranted).toEqual([]);
    const deciderNotStaff = await rows(`select rr.id from role_requests rr where rr.status <> 'PENDING' and not exists (
      select 1 from role_assignments ra join roles r on r.id = ra.role_id
      where ra.user_id = rr.decided_by and ra.revoked_at is null and r.name in ('ADMIN', 'STAFF'))`);
    expect(deciderNotStaff).toEqual([]);
  });

  it("has rules in the condition language, one disabled, and executions that replay real events", async () => {
    const rules = await rows<{
      id: number;
      name: string;
      enabled: boolean;
      trigger_event_type: string;
      action_type: string;
      condition: unknown;
    }>("select * from workflow_rules");
    expect(rules.filter((r) => !r.enabled)).toHaveLength(1);
    expect(rules.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        "welcome-email-on-intake",
        "onboarding-notification",
        "triage-ticket-note",
        "role-approved-notify",
        "churn-winback",
      ]),
    );
    const eventTypes = Object.values(FEED_EVENT_TYPES) as string[];
    for (const rule of rules) {
      expect(eventTypes).toContain(rule.trigger_event_type);
      expect(ACTION_TYPES).toContain(rule.action_type);
      const ops = JSON.stringify(rule.condition ?? {}).match(/"op":"(\w+)"/g) ?? [];
      for (const op of ops) expect(["eq", "neq", "in", "exists", "gt", "gte", "lt", "lte"]).toContain(op.slice(6, -1));
    }
    const mismatched = await rows(`select x.id from workflow_executions x
      left join workflow_rules r on r.id = x.rule_id left join feed_events e on e.id = x.feed_event_id
      where r.id is null or e.id is null or r.trigger_event_type <> e.event_type
         or x.rule_snapshot->>'name' <> r.name or (x.event_payload->>'id')::bigint <> e.id or x.created_at < e.created_at`);
    expect(mismatched).toEqual([]);
    const since = new Date(NOW.getTime() - 14 * DAY_MS);
    expect(await rows("select id from workflow_executions where created_at < ?", [since])).toEqual([]);
    const failedToday = await rows<{ error: string }>("select error from workflow_executions where status = 'FAILED' and created_at >= ?", [
      new Date(NOW.getTime() - DAY_MS),
    ]);
    expect(failedToday.length).toBeGreaterThanOrEqual(3);
    expect(failedToday.every((f) => f.error.length > 10)).toBe(true);
    expect(failedToday.map((f) => f.error).join("\n")).toMatch(/contact not found: intake \d+ has no contact/);
  });

  it("keeps workflow side effects consistent with the rows they touched", async () => {
    const assigned = await rows(`select x.id from workflow_executions x join workflow_rules r on r.id = x.rule_id
      join intake_requests i on i.id = (x.action_result->>'intake_id')::int
      where r.action_type = 'ASSIGN_OWNER' and x.status = 'SUCCESS' and i.owner_user_id <> (x.action_result->>'owner_user_id')::int`);
    expect(assigned).toEqual([]);
    const notes = await rows(`select x.id from workflow_executions x join workflow_rules r on r.id = x.rule_id
      where r.action_type = 'ADD_INTAKE_NOTE' and x.status = 'SUCCESS' and not exists (
        select 1 from intake_status_history h where h.id = (x.action_result->>'history_id')::int and h.actor_type = 'SYSTEM')`);
    expect(notes).toEqual([]);
    const outboxes = await rows(`select x.id from workflow_executions x join workflow_rules r on r.id = x.rule_id
      where x.status = 'SUCCESS' and r.action_type in ('SEND_EMAIL', 'NOTIFY_SLACK') and (x.action_result->>'outbox_id') is null`);
    expect(outboxes).toEqual([]);
  });

  it("writes 30 days of feed events of known types about real rows, some of them EVAL", async () => {
    const events = await rows<{
      id: number;
      event_type: string;
      subject_type: string | null;
      subject_id: string | null;
      metadata: Record<string, unknown>;
      created_at: Date;
    }>("select * from feed_events order by id");
    const eventTypes = Object.values(FEED_EVENT_TYPES) as string[];
    expect(events.every((e) => eventTypes.includes(e.event_type))).toBe(true);
    expect(events.every((e) => e.created_at.getTime() >= NOW.getTime() - 30 * DAY_MS && e.created_at < NOW)).toBe(true);
    expect(events.filter((e) => e.metadata.source === "EVAL").length).toBeGreaterThanOrEqual(2);
    expect(new Set(events.map((e) => e.event_type)).size).toBeGreaterThanOrEqual(12);
    // Ids follow time, as in a live feed.
    events.slice(1).forEach((e, i) => expect(e.created_at.getTime()).toBeGreaterThanOrEqual(events[i]!.created_at.getTime()));
    const tables: Record<string, string> = {
      intake: "intake_requests",
      contact: "contacts",
      booking: "bookings",
      availability: "maestro_availability",
      role_request: "role_requests",
      workflow_rule: "workflow_rules",
    };
    for (const [subject, table] of Object.entries(tables)) {
      const dangling = await rows(
        `select e.id from feed_events e where e.subject_type = ? and not exists (select 1 from ${table} t where t.id::text = e.subject_id)`,
        [subject],
      );
      expect(dangling, subject).toEqual([]);
    }
    expect(events.filter((e) => e.subject_type !== null && !(e.subject_type in tables))).toEqual([]);
  });

  it("audits changes with known actions, paths and real people", async () => {
    const audit = await rows<{ action: string; actor_type: string; actor_id: string; details: { path: string } }>(
      "select * from audit_log",
    );
    const actions = Object.values(AUDIT_ACTIONS) as string[];
    expect(audit.every((a) => actions.includes(a.action))).toBe(true);
    expect(audit.every((a) => (CHANGE_PATHS as readonly string[]).includes(a.details.path))).toBe(true);
    expect(new Set(audit.map((a) => a.action)).size).toBeGreaterThanOrEqual(6);
    const strangers = await rows("select a.id from audit_log a where not exists (select 1 from users u where u.id::text = a.actor_id)");
    expect(strangers).toEqual([]);
  });

  it("logs site searches over the month, some finding nothing", async () => {
    const searches = await rows<{ query: string; results_count: number; created_at: Date }>("select * from content_search_log");
    expect(searches.filter((s) => s.results_count === 0).length).toBeGreaterThanOrEqual(1);
    expect(new Set(searches.map((s) => s.query)).size).toBeGreaterThanOrEqual(8);
    expect(searches.every((s) => s.created_at.getTime() >= NOW.getTime() - 30 * DAY_MS)).toBe(true);
  });

  // The tests below reseed the same database, so they run last and in order.
  it("refuses to seed over an existing studio, pointing at --reset", async () => {
    const attempt = seedDemo(db.knex, { adminSlackIds: ADMINS, now: NOW });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseNotEmptyError);
    await expect(seedDemo(db.knex, { adminSlackIds: ADMINS, now: NOW })).rejects.toThrow(/--reset/);
  });

  it("resets every studio and bot table (and only those), then seeds the same studio again for the same now", async () => {
    const before = await snapshot();
    const tables = (
      await rows<{ t: string }>(
        "select table_name as t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'knex%'",
      )
    ).map((r) => r.t);
    expect(tables.sort()).toEqual([...STUDIO_TABLES, ...BOT_TABLES, ...READ_MODEL_TABLES, ...INSTALLATION_TABLES].sort());

    await db.knex("slack_token_revocations").insert({ reason: "tokens_revoked", revoked_at: NOW });
    await resetStudioData(db.knex);
    for (const table of [...STUDIO_TABLES, ...BOT_TABLES, ...READ_MODEL_TABLES]) {
      expect(await rows(`select 1 from ${table} limit 1`), table).toEqual([]);
    }
    expect(await rows("select reason from slack_token_revocations")).toEqual([{ reason: "tokens_revoked" }]); // the install's state
    await db.knex("slack_token_revocations").delete();
    expect((await rows("select count(*)::int as n from knex_migrations"))[0]).toEqual({ n: migrations.length }); // untouched

    expect(await seedDemo(db.knex, { adminSlackIds: ADMINS, now: NOW })).toEqual(summary);
    expect(await snapshot()).toEqual(before);
  });

  it("seeds in one transaction with --reset, with a default admin and the studio's own time zone", async () => {
    const zone = "America/Los_Angeles";
    await seedDemo(db.knex, { adminSlackIds: [], now: NOW, timeZone: zone, reset: true });
    const admin = await rows(`select u.id from users u join role_assignments ra on ra.user_id = u.id join roles r on r.id = ra.role_id
      where u.slack_user_id = 'U0MAESTRO1' and r.name = 'ADMIN' and ra.revoked_at is null`);
    expect(admin).toHaveLength(1);
    const start = atLocalTime(NOW, 0, 0, 0, zone);
    const today = await rows("select id from maestro_availability where status = 'BOOKED' and start_at >= ? and start_at < ?", [
      start,
      atLocalTime(NOW, 1, 0, 0, zone),
    ]);
    expect(today.length).toBeGreaterThanOrEqual(1);
    expect(start.getTime()).not.toBe(atLocalTime(NOW, 0, 0, 0, "UTC").getTime());
  });
});

/** What "the same studio" means: goals, history and events, without ids. */
async function snapshot() {
  return {
    goals: (await rows<{ goals: string }>("select goals from intake_requests order by id")).map((r) => r.goals),
    history: await rows("select from_status, to_status, note, actor_type, created_at from intake_status_history order by id"),
    events: await rows("select event_type, actor_type, subject_type, created_at from feed_events order by id"),
    executions: await rows("select status, error, duration_ms, created_at from workflow_executions order by id"),
  };
}
