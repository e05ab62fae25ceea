// Booking a slot for an intake on a real database (both engines): everything moves together (slot, booking, intake,
// history, audit, BookingConfirmed and IntakeStatusChanged with their rules), two bookings of one slot end in one, and
// every refusal writes nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bookSlot as holdSlot, insertSlot } from "../../testing/fixtures/bookings.ts";
import { insertIntake, writeFootprint } from "../../testing/fixtures/intakes.ts";
import { insertRule } from "../../testing/fixtures/workflows.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "../../testing/test-database.ts";
import type { Actor } from "../actor.ts";
import { HOUR_MS, manualClock } from "../clock.ts";
import type { DomainContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { bookSlotForIntake } from "./book-slot.ts";

let db: TestDatabase;
let ctx: DomainContext;
const NOW = new Date("2026-12-02T10:00:00.000Z");
const clock = manualClock(NOW);
const website: Actor = { type: "SYSTEM", userId: null, name: "API key “website”", path: "system" };
const tomorrow = new Date(NOW.getTime() + 24 * HOUR_MS);

beforeAll(async () => {
  db = await createTestDatabase();
  ctx = { db: db.knex, clock };
});
afterAll(() => db?.drop());
beforeEach(async () => {
  clock.set(NOW);
  await db.knex.raw(
    "truncate bookings, maestro_availability, intake_requests, intake_status_history, feed_events, workflow_executions, workflow_rules, slack_outbox, audit_log restart identity cascade",
  );
});

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe(`bookSlotForIntake (${testEngine()})`, () => {
  it("books the slot, writes the booking, moves the intake to BOOKED and fires BookingConfirmed and IntakeStatusChanged rules", async () => {
    const slot = await insertSlot(db.knex, { start: tomorrow });
    const intake = await insertIntake(db.knex, { name: "Pat Prospect", status: "QUALIFIED" });
    await insertRule(db.knex, {
      trigger: "BookingConfirmed",
      actionConfig: { channel: "#ops", text: "{{metadata.contact_name}} booked {{metadata.start_at}}" },
    });
    await insertRule(db.knex, { trigger: "IntakeStatusChanged", condition: { field: "metadata.to_status", op: "eq", value: "BOOKED" } });
    const booked = await bookSlotForIntake(ctx, website, { slotId: slot.id, intakeId: intake.id });
    expect(booked.booking).toMatchObject({ availability_id: slot.id, intake_id: intake.id, status: "CONFIRMED" });
    expect(booked.slot).toMatchObject({ status: "BOOKED", booking_id: booked.booking.id, contact_name: "Pat Prospect" });
    expect(booked.intake.status).toBe("BOOKED");
    expect(await db.knex("maestro_availability").where({ id: slot.id }).first()).toMatchObject({ status: "BOOKED" });
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "BOOKED" });
    const history = await db.knex("intake_status_history").where({ intake_id: intake.id });
    expect(history).toMatchObject([{ from_status: "QUALIFIED", to_status: "BOOKED", actor_type: "SYSTEM" }]);
    expect(booked.change.event).toMatchObject({ event_type: "BookingConfirmed", subject_type: "booking" });
    expect(booked.change.event!.metadata).toMatchObject({
      availability_id: slot.id,
      intake_id: intake.id,
      start_at: tomorrow.toISOString(),
    });
    expect(booked.change.executions.map((e) => e.status)).toEqual(["SUCCESS"]);
    expect(booked.statusChange.executions.map((e) => e.status)).toEqual(["SUCCESS"]);
    expect((await db.knex("slack_outbox").orderBy("id")).map((r) => r.text)).toContain(`Pat Prospect booked ${tomorrow.toISOString()}`);
    const audit = await db.knex("audit_log").orderBy("id").select("action", "details");
    expect(audit.map((a) => a.action)).toEqual(["intake.status_update", "booking.create"]);
    expect(audit[1].details).toMatchObject({ actor_name: "API key “website”" });
  });

  it("two bookings of the same slot at once: exactly one wins, the other is a conflict naming the holder", async () => {
    const slot = await insertSlot(db.knex, { start: tomorrow });
    const first = await insertIntake(db.knex, { name: "Ann First" });
    const second = await insertIntake(db.knex, { name: "Bo Second" });
    const results = await Promise.allSettled([
      bookSlotForIntake(ctx, website, { slotId: slot.id, intakeId: first.id }),
      bookSlotForIntake(ctx, website, { slotId: slot.id, intakeId: second.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = (results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason as DomainError;
    expect(lost.code).toBe("conflict");
    expect(lost.message).toMatch(
      new RegExp(`^Slot ${slot.id} \\(.*\\) is already booked for intake \\d+ \\((Ann First|Bo Second)\\); pick another open slot`),
    );
    expect(await db.knex("bookings")).toHaveLength(1);
    expect(await db.knex("intake_requests").where({ status: "BOOKED" })).toHaveLength(1);
    expect(await db.knex("feed_events").where({ event_type: "BookingConfirmed" })).toHaveLength(1);
  });

  it("refuses, writing nothing: a booked, cancelled or started slot; an intake already booked, closed or rejected; unknown ids", async () => {
    const held = await insertSlot(db.knex, { start: tomorrow });
    const holder = await insertIntake(db.knex, { name: "Hal Holder", status: "BOOKED" });
    await holdSlot(db.knex, held.id, holder.id);
    const cancelled = await insertSlot(db.knex, { start: new Date(tomorrow.getTime() + 2 * HOUR_MS), status: "CANCELLED" });
    const past = await insertSlot(db.knex, { start: new Date(NOW.getTime() - HOUR_MS) });
    const open = await insertSlot(db.knex, { start: new Date(tomorrow.getTime() + 4 * HOUR_MS) });
    const fresh = await insertIntake(db.knex, { name: "Nia New" });
    const closed = await insertIntake(db.knex, { name: "Cy Closed", status: "CLOSED" });
    const rejected = await insertIntake(db.knex, { name: "Rae Rejected", status: "REJECTED" });
    const before = await writeFootprint(db.knex);
    const cases: [number, number, string, string][] = [
      [held.id, fresh.id, "conflict", "is already booked for intake"],
      [cancelled.id, fresh.id, "conflict", "is CANCELLED; pick another open slot"],
      [past.id, fresh.id, "conflict", "has already started"],
      [open.id, holder.id, "conflict", "(Hal Holder) is already BOOKED"],
      [open.id, closed.id, "conflict", "(Cy Closed) is CLOSED; only staff can reopen it"],
      [open.id, rejected.id, "conflict", "is REJECTED"],
      [999_999, fresh.id, "not_found", "Availability slot 999999 not found"],
      [open.id, 999_999, "not_found", "Intake 999999 not found"],
    ];
    for (const [slotId, intakeId, code, words] of cases) {
      const error = await refusal(bookSlotForIntake(ctx, website, { slotId, intakeId }));
      expect([error.code, error.message]).toEqual([code, expect.stringContaining(words)]);
    }
    expect(await writeFootprint(db.knex)).toEqual(before);
  });
});
