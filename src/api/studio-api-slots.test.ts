// The studio API's slots over a real listening port (both engines): open slots listed, a booking moving slot, booking
// and intake together with BookingConfirmed firing its rule, 404/409/422 problems, Idempotency-Key, and three bookings
// of one slot at once (truly concurrent on PostgreSQL): exactly one 201, the others 409s.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "../domain/clock.ts";
import { startApiHarness, type ApiHarness } from "../testing/api-harness.ts";
import { bookSlot as holdSlot, insertSlot } from "../testing/fixtures/bookings.ts";
import { insertIntake } from "../testing/fixtures/intakes.ts";
import { insertRule } from "../testing/fixtures/workflows.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "../testing/test-database.ts";

let db: TestDatabase;
let h: ApiHarness;
let key: { id: string; secret: string };

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startApiHarness(db);
  key = await h.createKey("website");
});
afterAll(async () => {
  await h?.stop();
  await db?.drop();
});
beforeEach(async () => {
  await db.knex.raw(
    "truncate bookings, maestro_availability, intake_requests, workflow_rules, workflow_executions, feed_events restart identity cascade",
  );
});

const inDays = (days: number, hour = 10) => new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + days * DAY_MS + hour * HOUR_MS);
type Problem = { type: string; status: number; detail: string; errors?: { field: string; in: string }[] };
const problem = (res: { headers: Headers; json: Record<string, unknown> }) => {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return res.json as Problem;
};

describe(`GET /api/v1/slots (${testEngine()})`, () => {
  it("lists the open slots that have not started, soonest first, and names a bad query field", async () => {
    await insertSlot(db.knex, { start: inDays(-1) });
    const later = await insertSlot(db.knex, { start: inDays(3) });
    const soon = await insertSlot(db.knex, { start: inDays(1), minutes: 90 });
    await insertSlot(db.knex, { start: inDays(2), status: "CANCELLED" });
    const held = await insertSlot(db.knex, { start: inDays(2, 14) });
    await holdSlot(db.knex, held.id, null);
    await insertSlot(db.knex, { start: inDays(40) });
    const res = await h.request("GET", "/api/v1/slots?days=30", { key: key.secret });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      slots: [
        { id: soon.id, start_at: inDays(1).toISOString(), duration_minutes: 90 },
        { id: later.id, duration_minutes: 60 },
      ],
      total: 2,
    });
    const limited = await h.request("GET", "/api/v1/slots?limit=1", { key: key.secret });
    expect(limited.json).toMatchObject({ slots: [{ id: soon.id }], total: 2 });
    const bad = problem(await h.request("GET", "/api/v1/slots?days=0&from=tomorrow", { key: key.secret }));
    expect(bad.errors!.map((e) => [e.in, e.field]).sort()).toEqual([
      ["query", "days"],
      ["query", "from"],
    ]);
  });
});

describe(`POST /api/v1/slots/{id}/bookings (${testEngine()})`, () => {
  it("books the slot for the intake, audited under the key; BookingConfirmed fires its rule; a retry with the key replays", async () => {
    await insertRule(db.knex, {
      name: "Confirm bookings in ops",
      trigger: "BookingConfirmed",
      actionConfig: { channel: "#ops", text: "{{metadata.contact_name}} booked slot {{metadata.availability_id}}" },
    });
    const slot = await insertSlot(db.knex, { start: inDays(2) });
    const intake = await insertIntake(db.knex, { name: "Pat Prospect", status: "TRIAGED" });
    const headers = { "idempotency-key": "booking-widget-1" };
    const res = await h.request("POST", `/api/v1/slots/${slot.id}/bookings`, { key: key.secret, body: { intake_id: intake.id }, headers });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      slot: { id: slot.id, status: "BOOKED" },
      intake: { id: intake.id, status: "BOOKED", contact_name: "Pat Prospect" },
      rules_fired: [{ rule: "Confirm bookings in ops", status: "SUCCESS" }],
    });
    expect(await db.knex("maestro_availability").where({ id: slot.id }).first()).toMatchObject({ status: "BOOKED" });
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "BOOKED" });
    expect(await db.knex("bookings").where({ availability_id: slot.id, status: "CONFIRMED" })).toHaveLength(1);
    expect(await db.knex("slack_outbox").where({ text: `Pat Prospect booked slot ${slot.id}` })).toHaveLength(1);
    const audit = await db.knex("audit_log").where({ action: "booking.create" }).first();
    expect(audit).toMatchObject({ actor_type: "API_KEY", actor_id: key.id });
    const history = await db.knex("intake_status_history").where({ intake_id: intake.id }).first();
    expect(history).toMatchObject({ from_status: "TRIAGED", to_status: "BOOKED", actor_type: "SYSTEM" });
    const retry = await h.request("POST", `/api/v1/slots/${slot.id}/bookings`, {
      key: key.secret,
      body: { intake_id: intake.id },
      headers,
    });
    expect([retry.status, retry.headers.get("idempotent-replayed")]).toEqual([201, "true"]);
    expect(retry.json).toEqual(res.json);
    expect(await db.knex("bookings")).toHaveLength(1);
  });

  it("404 for an unknown slot or intake, 409 for a booked slot or a booked intake, 422 naming a bad path or body field", async () => {
    const slot = await insertSlot(db.knex, { start: inDays(2) });
    const other = await insertSlot(db.knex, { start: inDays(3) });
    const booked = await insertIntake(db.knex, { name: "Bea Booked", status: "BOOKED" });
    await holdSlot(db.knex, other.id, booked.id);
    const fresh = await insertIntake(db.knex, { name: "Nia New" });
    const post = (slotId: number | string, body: unknown) =>
      h.request("POST", `/api/v1/slots/${slotId}/bookings`, { key: key.secret, body });
    expect(problem(await post(999_999, { intake_id: fresh.id }))).toMatchObject({
      status: 404,
      detail: "Availability slot 999999 not found.",
    });
    expect(problem(await post(slot.id, { intake_id: 999_999 }))).toMatchObject({ status: 404, detail: "Intake 999999 not found." });
    const taken = problem(await post(other.id, { intake_id: fresh.id }));
    expect(taken).toMatchObject({ status: 409, type: "urn:maestro:problem:conflict" });
    expect(taken.detail).toContain(`is already booked for intake ${booked.id} (Bea Booked)`);
    expect(problem(await post(slot.id, { intake_id: booked.id })).detail).toContain("(Bea Booked) is already BOOKED");
    expect(problem(await post("abc", { intake_id: fresh.id })).errors).toEqual([expect.objectContaining({ in: "path", field: "id" })]);
    expect(
      problem(await post(slot.id, { intake: fresh.id }))
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(["intake", "intake_id"]);
    expect(await db.knex("bookings")).toHaveLength(1);
  });

  // Truly concurrent on PostgreSQL (a pool: the slot's row lock and the partial unique index decide); serialized on the
  // embedded engine's one connection, where the answer must be the same.
  it("three bookings of one slot at once: exactly one 201, the others 409s naming the holder, one booking row", async () => {
    const slot = await insertSlot(db.knex, { start: inDays(2) });
    const intakes = await Promise.all(["Ann First", "Bo Second", "Cy Third"].map((name) => insertIntake(db.knex, { name })));
    const answers = await Promise.all(
      intakes.map((i) => h.request("POST", `/api/v1/slots/${slot.id}/bookings`, { key: key.secret, body: { intake_id: i.id } })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    const losers = answers.filter((a) => a.status === 409).map((a) => problem(a).detail);
    expect(losers.every((d) => d.includes(`Slot ${slot.id} (`) && d.includes("is already booked for intake"))).toBe(true);
    expect(await db.knex("bookings").where({ availability_id: slot.id })).toHaveLength(1);
    expect(await db.knex("intake_requests").where({ status: "BOOKED" })).toHaveLength(1);
    expect(await db.knex("feed_events").where({ event_type: "BookingConfirmed" })).toHaveLength(1);
  });
});
