// The read models of migration 004 against the tables they summarise: after every kind of write (single and bulk,
// in one transaction, rolled back to a savepoint, through a foreign key's action, TRUNCATE) each counter equals a
// direct count and each intake's reached_stage equals what its status history shows.
import type { Knex } from "knex";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertContact, insertIntake } from "../testing/fixtures/intakes.ts";
import { actorFor, insertStaff, insertUser } from "../testing/fixtures/people.ts";
import { insertRoleRequest } from "../testing/fixtures/roles.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "../testing/test-database.ts";
import { systemClock } from "./clock.ts";
import { updateStatus } from "./intake/intake-service.ts";

let db: TestDatabase;
let owners: number[];

beforeAll(async () => {
  db = await createTestDatabase();
  owners = [(await insertStaff(db.knex, "Olive Owner")).id, (await insertStaff(db.knex, "Otto Owner")).id];
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw(
    "truncate intake_requests, intake_status_history, contacts, role_requests, audit_log, feed_events, workflow_executions, workflow_rules restart identity cascade",
  );
});

/** Each counter table as `key → n` without its zero rows, beside the same figures counted from the table itself. */
const COUNTERS = [
  ["intake_request_counts", "intake_requests", "status || ':' || coalesce(owner_user_id::text, '-')"],
  ["role_request_counts", "role_requests", "status"],
  ["contact_counts", "contacts", "status || ':' || coalesce(lower(source), '-')"],
] as const;

async function keyed(q: Knex, sql: string): Promise<Record<string, number>> {
  const { rows } = await q.raw<{ rows: { k: string; n: number }[] }>(sql);
  return Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
}

async function expectReadModelsMatch(q: Knex = db.knex): Promise<void> {
  for (const [counts, table, key] of COUNTERS) {
    // The counter's key columns hold the same expressions (contact_counts.source is already lower-cased).
    const counterKey = key.replace("lower(source)", "source");
    const kept = await keyed(q, `select ${counterKey} as k, sum(n) as n from ${counts} group by 1 having sum(n) <> 0`);
    const direct = await keyed(q, `select ${key} as k, count(*) as n from ${table} group by 1`);
    expect(kept, `${counts} against ${table}`).toEqual(direct);
  }
  const { rows } = await q.raw<{ rows: { id: number }[] }>(
    `select i.id from intake_requests i
     where i.reached_stage is distinct from (select max(case h.to_status when 'BOOKED' then 2 when 'QUALIFIED' then 1 end)
       from intake_status_history h where h.intake_id = i.id and h.to_status in ('QUALIFIED', 'BOOKED'))`,
  );
  expect(rows, "intakes whose reached_stage disagrees with their history").toEqual([]);
}

const history = (intakeId: number, from: string, to: string) => ({
  intake_id: intakeId,
  from_status: from,
  to_status: to,
  actor_type: "SYSTEM",
});
const stageOf = async (id: number) =>
  (await db.knex("intake_requests").where({ id }).first<{ reached_stage: number | null }>("reached_stage"))!.reached_stage;

describe(`read models (${testEngine()})`, () => {
  it("count single inserts, status and owner moves, a touch that moves nothing, and deletes", async () => {
    const a = await insertIntake(db.knex, { status: "NEW" });
    const b = await insertIntake(db.knex, { status: "NEW", ownerUserId: owners[0] });
    await insertContact(db.knex, { status: "NEW", source: "Website" });
    await insertContact(db.knex, { status: "ACTIVE", source: "website" });
    const requester = await insertUser(db.knex);
    const request = await insertRoleRequest(db.knex, { userId: requester.id });
    await expectReadModelsMatch();

    await db.knex("intake_requests").where({ id: a.id }).update({ status: "TRIAGED", owner_user_id: owners[1] });
    await db.knex("intake_requests").where({ id: b.id }).update({ updated_at: new Date() });
    await db.knex("contacts").update({ status: "CONTACTED", source: "Referral" }).where({ status: "NEW" });
    await db.knex("role_requests").where({ id: request.id }).update({ status: "APPROVED", decided_at: new Date() });
    await expectReadModelsMatch();
    expect(await keyed(db.knex, "select status as k, n from role_request_counts where n <> 0")).toEqual({ APPROVED: 1 });

    await db.knex("intake_requests").where({ id: b.id }).del();
    await db.knex("contacts").where({ status: "ACTIVE" }).del();
    await expectReadModelsMatch();
  });

  it("count bulk statements as one aggregate each: INSERT … SELECT, a multi-row move and a multi-row delete", async () => {
    await db.knex.raw(
      `insert into intake_requests (contact_name, status, owner_user_id)
       select 'Bulk ' || g, (array['NEW', 'TRIAGED', 'QUALIFIED', 'BOOKED', 'CLOSED', 'REJECTED'])[1 + g % 6],
         case when g % 3 = 0 then null else ?::int end
       from generate_series(1, 300) g`,
      [owners[0]!],
    );
    await db.knex.raw(
      "insert into contacts (name, status, source) select 'C' || g, 'NEW', case when g % 4 = 0 then null else 'Src' || g % 3 end from generate_series(1, 200) g",
    );
    await expectReadModelsMatch();
    await db.knex.raw("update intake_requests set status = 'CLOSED', owner_user_id = null where status in ('NEW', 'BOOKED')");
    await db.knex.raw("update contacts set source = upper(source) where id % 2 = 0");
    await db.knex.raw("delete from intake_requests where id % 5 = 0");
    await expectReadModelsMatch();
  });

  it("stay exact inside a transaction, forget what a rolled-back savepoint or transaction did, and count a deleted owner's intakes as unassigned", async () => {
    await db.knex.transaction(async (trx) => {
      const x = await insertIntake(trx, { status: "NEW", ownerUserId: owners[0] });
      await trx("intake_requests").where({ id: x.id }).update({ status: "QUALIFIED" });
      await expectReadModelsMatch(trx);
      await trx
        .transaction(async (savepoint) => {
          await insertIntake(savepoint, { status: "BOOKED" });
          await savepoint("intake_requests").where({ id: x.id }).update({ status: "REJECTED" });
          throw new Error("roll back to the savepoint");
        })
        .catch(() => undefined);
      await expectReadModelsMatch(trx);
    });
    await expectReadModelsMatch();
    expect(await keyed(db.knex, "select status as k, sum(n) as n from intake_request_counts group by 1 having sum(n) <> 0")).toEqual({
      QUALIFIED: 1,
    });

    await db.knex
      .transaction(async (trx) => {
        await insertIntake(trx, { status: "NEW" });
        await insertContact(trx);
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await expectReadModelsMatch();

    // users → intake_requests.owner_user_id is ON DELETE SET NULL: the foreign key's own update moves the count.
    const leaving = await insertUser(db.knex, { name: "Leaving Owner" });
    await insertIntake(db.knex, { status: "TRIAGED", ownerUserId: leaving.id });
    await db.knex("users").where({ id: leaving.id }).del();
    await expectReadModelsMatch();
  });

  it("keep up with a status change made through the domain service, in its transaction with audit, feed and rules", async () => {
    const staff = await insertStaff(db.knex, "Sam Changer");
    const contact = await insertContact(db.knex, { status: "NEW" });
    const intake = await insertIntake(db.knex, { status: "NEW", contactId: contact.id });
    // Rules in the same transaction (each in a savepoint) assign an owner and move the contact: more statements.
    await db.knex("workflow_rules").insert([
      {
        name: "assign",
        trigger_event_type: "IntakeStatusChanged",
        action_type: "ASSIGN_OWNER",
        action_config: JSON.stringify({ user_id: owners[1] }),
      },
      {
        name: "qualify contact",
        trigger_event_type: "IntakeStatusChanged",
        action_type: "SET_CONTACT_STATUS",
        action_config: JSON.stringify({ status: "QUALIFIED" }),
      },
    ]);
    await updateStatus({ db: db.knex, clock: systemClock }, actorFor(staff), { intakeId: intake.id, newStatus: "QUALIFIED" });
    await expectReadModelsMatch();
    expect(await stageOf(intake.id)).toBe(1);
    expect(await keyed(db.knex, "select status || ':' || owner_user_id as k, n from intake_request_counts where n <> 0")).toEqual({
      [`QUALIFIED:${owners[1]}`]: 1,
    });
    expect(await keyed(db.knex, "select status as k, n from contact_counts where n <> 0")).toEqual({ QUALIFIED: 1 });
  });

  it("are reset by TRUNCATE (also through CASCADE) and count again from there", async () => {
    const requester = await insertUser(db.knex);
    await insertRoleRequest(db.knex, { userId: requester.id });
    const contact = await insertContact(db.knex);
    const intake = await insertIntake(db.knex, { status: "BOOKED", ownerUserId: owners[0], contactId: contact.id });
    await db.knex("intake_status_history").insert(history(intake.id, "NEW", "BOOKED"));
    await db.knex.raw("truncate intake_status_history");
    expect(await stageOf(intake.id)).toBeNull();
    // intake_requests.contact_id references contacts: CASCADE truncates the intakes too.
    await db.knex.raw("truncate contacts, role_requests cascade");
    for (const [counts] of COUNTERS) {
      const { rows } = await db.knex.raw<{ rows: { n: number }[] }>(`select count(*)::int as n from ${counts}`);
      expect(rows[0]!.n, counts).toBe(0);
    }
    await expectReadModelsMatch();
    await insertIntake(db.knex, { status: "NEW" });
    await insertContact(db.knex, { source: "Flyer" });
    await insertRoleRequest(db.knex, { userId: requester.id });
    await expectReadModelsMatch();
  });

  it("raise reached_stage with the history, ignore notes, and recompute it when history is corrected or removed", async () => {
    const intake = await insertIntake(db.knex, { status: "CLOSED" });
    const other = await insertIntake(db.knex, { status: "REJECTED" });
    await db.knex("intake_status_history").insert([history(intake.id, "NEW", "NEW"), history(other.id, "NEW", "TRIAGED")]);
    expect([await stageOf(intake.id), await stageOf(other.id)]).toEqual([null, null]);
    await db.knex("intake_status_history").insert([history(intake.id, "NEW", "QUALIFIED"), history(other.id, "TRIAGED", "QUALIFIED")]);
    expect([await stageOf(intake.id), await stageOf(other.id)]).toEqual([1, 1]);
    // One statement, several entries of one intake: the furthest wins, and a later QUALIFIED never lowers it.
    await db.knex("intake_status_history").insert([history(intake.id, "QUALIFIED", "BOOKED"), history(intake.id, "BOOKED", "QUALIFIED")]);
    expect(await stageOf(intake.id)).toBe(2);
    await expectReadModelsMatch();

    await db.knex("intake_status_history").where({ intake_id: intake.id, to_status: "BOOKED" }).del();
    expect(await stageOf(intake.id)).toBe(1);
    await db.knex("intake_status_history").where({ intake_id: other.id, to_status: "QUALIFIED" }).update({ to_status: "BOOKED" });
    expect(await stageOf(other.id)).toBe(2);
    await db.knex("intake_status_history").where({ intake_id: other.id }).update({ intake_id: intake.id });
    expect([await stageOf(intake.id), await stageOf(other.id)]).toEqual([2, null]);
    await expectReadModelsMatch();
  });

  // Two sessions at once exist only on PostgreSQL (the embedded engine runs one): elsewhere this test does not
  // exist rather than being skipped.
  if (testEngine() === "postgres") {
    it("let concurrent transactions move intakes between the same statuses in opposite directions", async () => {
      const ids: number[] = [];
      for (let i = 0; i < 8; i++) ids.push((await insertIntake(db.knex, { status: i < 4 ? "NEW" : "TRIAGED", ownerUserId: owners[0] })).id);
      // One moves NEW → TRIAGED while the other moves TRIAGED → NEW: both touch the same two counter rows, in the same
      // (key) order, and each holds them while it goes on.
      const mover = (mine: number[], to: string) =>
        db.knex.transaction(async (trx) => {
          await trx("intake_requests").whereIn("id", mine).update({ status: to });
          await new Promise((resolve) => setTimeout(resolve, 50));
          await trx("intake_requests").whereIn("id", mine).update({ status: "QUALIFIED" });
        });
      await Promise.all([mover(ids.slice(0, 4), "TRIAGED"), mover(ids.slice(4), "NEW")]);
      await expectReadModelsMatch();
      expect(await keyed(db.knex, "select status as k, sum(n) as n from intake_request_counts group by 1 having sum(n) <> 0")).toEqual({
        QUALIFIED: 8,
      });
    });
  }
});
