// The three calendar tools on a real database: the window, adding without overlaps, cancelling only free slots.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../domain/actor.ts";
import { HOUR_MS, manualClock, MINUTE_MS } from "../domain/clock.ts";
import { bookSlot, insertSlot } from "../testing/fixtures/bookings.ts";
import { insertIntake, writeFootprint } from "../testing/fixtures/intakes.ts";
import { actorFor, insertStaff } from "../testing/fixtures/people.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { toolContext } from "../testing/tool-context.ts";
import { bookingTools } from "./booking-tools.ts";
import { executeTool } from "./execute.ts";
import { createRegistry } from "./registry.ts";
import type { Decision } from "./tool.ts";

const registry = createRegistry(bookingTools);
const NOW = new Date("2026-12-01T12:00:00.000Z");
const clock = manualClock(NOW);
const at = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * HOUR_MS);
const button: Decision = { via: "button" };

let db: TestDatabase;
let actor: Actor;
let staffId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  const staff = await insertStaff(db.knex, "Sam Staff");
  staffId = staff.id;
  actor = actorFor(staff, "agent", "run-1");
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw(
    "truncate maestro_availability, bookings, intake_requests, audit_log, feed_events, workflow_executions, workflow_rules, slack_outbox restart identity cascade",
  );
});

const run = (name: string, args: unknown, decision?: Decision) =>
  executeTool(registry, name, args, toolContext(db, actor, { clock, decision }));
const preview = (name: string, args: unknown) => registry.get(name)!.preview!(args as never, { db: db.knex });

describe("list_bookings", () => {
  it("lists the next 14 days by start time with bookings, totals and counts", async () => {
    await insertSlot(db.knex, { start: at(-1) });
    const open = await insertSlot(db.knex, { start: at(24), minutes: 90 });
    const booked = await insertSlot(db.knex, { start: at(48) });
    const intake = await insertIntake(db.knex, { name: "Robin Lee", status: "BOOKED" });
    const booking = await bookSlot(db.knex, booked.id, intake.id);
    await insertSlot(db.knex, { start: at(72), status: "CANCELLED" });
    await insertSlot(db.knex, { start: at(15 * 24) });

    const outcome = await run("list_bookings", {});
    expect(outcome).toMatchObject({ ok: true, effect: { effect: "read" } });
    expect(outcome.ok && outcome.result).toEqual({
      filter: { from: NOW.toISOString(), to: at(14 * 24).toISOString(), days: 14, status: "any" },
      total: 3,
      returned: 3,
      counts_by_status: { OPEN: 1, BOOKED: 1, CANCELLED: 1 },
      slots: [
        {
          id: open.id,
          start_at: at(24).toISOString(),
          end_at: at(25.5).toISOString(),
          duration_minutes: 90,
          status: "OPEN",
          booking: null,
        },
        {
          id: booked.id,
          start_at: at(48).toISOString(),
          end_at: at(49).toISOString(),
          duration_minutes: 60,
          status: "BOOKED",
          booking: { booking_id: booking.id, intake_id: intake.id, contact_name: "Robin Lee", status: "CONFIRMED" },
        },
        expect.objectContaining({ status: "CANCELLED", booking: null }),
      ],
    });
  });

  it("takes a window with an offset, a status filter and a limit; counts cover the whole window", async () => {
    await insertSlot(db.knex, { start: at(48) }); // exactly at `from`: included
    await insertSlot(db.knex, { start: at(49) });
    await insertSlot(db.knex, { start: at(50), status: "CANCELLED" });
    await insertSlot(db.knex, { start: at(48 + 24) }); // exactly at `from + days`: excluded

    // 2026-12-03T07:00:00-05:00 is NOW + 48 hours.
    const outcome = await run("list_bookings", { from: "2026-12-03T07:00:00-05:00", days: 1, status: "OPEN", limit: 1 });
    expect(outcome.ok && outcome.result).toMatchObject({
      filter: { from: at(48).toISOString(), to: at(72).toISOString(), days: 1, status: "OPEN" },
      total: 2,
      returned: 1,
      counts_by_status: { OPEN: 2, BOOKED: 0, CANCELLED: 1 },
      slots: [{ start_at: at(48).toISOString() }],
    });
  });

  it("brings the window's counts when the status filter matches no slot", async () => {
    await insertSlot(db.knex, { start: at(5) });
    await insertSlot(db.knex, { start: at(6), status: "CANCELLED" });
    const outcome = await run("list_bookings", { status: "BOOKED" });
    expect(outcome.ok && outcome.result).toMatchObject({
      total: 0,
      returned: 0,
      slots: [],
      counts_by_status: { OPEN: 1, BOOKED: 0, CANCELLED: 1 },
    });
  });

  it("says empty plainly", async () => {
    const outcome = await run("list_bookings", { status: "BOOKED" });
    expect(outcome.ok && outcome.result).toMatchObject({
      total: 0,
      returned: 0,
      slots: [],
      counts_by_status: { OPEN: 0, BOOKED: 0, CANCELLED: 0 },
    });
  });

  it("rejects bad arguments naming the field", async () => {
    const bad = [
      { from: "2026-12-01" },
      { from: "2026-12-01T10:00:00" },
      { from: "tomorrow" },
      { days: 0 },
      { days: 91 },
      { status: "FREE" },
      { limit: 201 },
      { limit: 0 },
      { surprise: 1 },
    ];
    for (const args of bad) {
      const outcome = await run("list_bookings", args);
      expect(outcome, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    }
    const outcome = await run("list_bookings", { from: "2026-12-01T10:00:00" });
    expect(!outcome.ok && outcome.error.message).toMatch(/from: .*timezone offset/);
  });
});

describe("add_availability_slot", () => {
  it("adds an OPEN slot at once, with the audit row and the AvailabilityAdded event", async () => {
    // 2026-12-02T10:00:00-05:00 is 15:00Z: NOW + 27 hours.
    const outcome = await run("add_availability_slot", { start_at: "2026-12-02T10:00:00-05:00", end_at: "2026-12-02T11:30:00-05:00" });
    expect(outcome).toMatchObject({
      ok: true,
      effect: { effect: "write" },
      result: {
        slot: {
          id: 1,
          start_at: at(27).toISOString(),
          end_at: at(28.5).toISOString(),
          duration_minutes: 90,
          status: "OPEN",
          booking: null,
        },
        workflow_executions: [],
      },
    });
    expect(await db.knex("maestro_availability")).toMatchObject([
      { id: 1, start_at: at(27), end_at: at(28.5), status: "OPEN", created_at: NOW },
    ]);
    expect(await db.knex("audit_log")).toMatchObject([
      {
        action: "availability.add",
        actor_type: "AGENT",
        actor_id: String(staffId),
        target_type: "availability_slot",
        target_id: "1",
        details: { path: "agent", run_id: "run-1", start_at: at(27).toISOString(), end_at: at(28.5).toISOString() },
      },
    ]);
    expect(await db.knex("feed_events")).toMatchObject([
      {
        event_type: "AvailabilityAdded",
        subject_type: "availability_slot",
        subject_id: "1",
        metadata: { slot_id: 1, start_at: at(27).toISOString(), duration_minutes: 90 },
      },
    ]);
  });

  it("refuses an overlap with an OPEN or BOOKED slot, naming it, and allows touching or cancelled ones", async () => {
    const open = await insertSlot(db.knex, { start: at(24) });
    const booked = await insertSlot(db.knex, { start: at(30) });
    await bookSlot(db.knex, booked.id, null);
    const long = await insertSlot(db.knex, { start: at(40), minutes: 12 * 60 });
    await insertSlot(db.knex, { start: at(60), status: "CANCELLED" });
    const before = await writeFootprint(db.knex);

    const clashes: [unknown, number][] = [
      [{ start_at: at(24.5).toISOString(), end_at: at(25.5).toISOString() }, open.id],
      [{ start_at: at(23).toISOString(), end_at: at(26).toISOString() }, open.id],
      [{ start_at: at(30.25).toISOString(), end_at: at(30.75).toISOString() }, booked.id],
      [{ start_at: at(51.5).toISOString(), end_at: at(52.5).toISOString() }, long.id], // inside a 12-hour slot's last hour
    ];
    for (const [args, slotId] of clashes) {
      const outcome = await run("add_availability_slot", args);
      expect(outcome, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: "conflict" } });
      expect(!outcome.ok && outcome.error.message).toMatch(new RegExp(`overlaps (OPEN|BOOKED) slot ${slotId} \\(`));
    }
    const named = await run("add_availability_slot", { start_at: at(24.5).toISOString(), end_at: at(25.5).toISOString() });
    expect(!named.ok && named.error.message).toContain(`slot ${open.id} (${at(24).toISOString()}–${at(25).toISOString()})`);
    expect(await writeFootprint(db.knex)).toEqual(before);

    expect(await run("add_availability_slot", { start_at: at(25).toISOString(), end_at: at(26).toISOString() })).toMatchObject({
      ok: true,
    });
    expect(await run("add_availability_slot", { start_at: at(60).toISOString(), end_at: at(61).toISOString() })).toMatchObject({
      ok: true,
    });
  });

  it("refuses a start in the past, a backwards span, and durations outside 15 minutes to 12 hours", async () => {
    const before = await writeFootprint(db.knex);
    const cases: [Record<string, string>, RegExp][] = [
      [{ start_at: at(-0.5).toISOString(), end_at: at(0.5).toISOString() }, /in the past/],
      [{ start_at: at(5).toISOString(), end_at: at(4).toISOString() }, /end_at must be after start_at/],
      [{ start_at: at(5).toISOString(), end_at: at(5).toISOString() }, /end_at must be after start_at/],
      [{ start_at: at(5).toISOString(), end_at: new Date(at(5).getTime() + 14 * MINUTE_MS).toISOString() }, /at least 15 minutes/],
      [{ start_at: at(5).toISOString(), end_at: new Date(at(17).getTime() + 60_000).toISOString() }, /at most 12 hours/],
    ];
    for (const [args, message] of cases) {
      const outcome = await run("add_availability_slot", args);
      expect(outcome, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
      expect(!outcome.ok && outcome.error.message).toMatch(message);
    }
    expect(await writeFootprint(db.knex)).toEqual(before);

    expect(await run("add_availability_slot", { start_at: at(5).toISOString(), end_at: at(5.25).toISOString() })).toMatchObject({
      ok: true,
    });
    expect(await run("add_availability_slot", { start_at: at(6).toISOString(), end_at: at(18).toISOString() })).toMatchObject({ ok: true });
  });

  it("rejects malformed times and arguments before touching the database", async () => {
    const before = await writeFootprint(db.knex);
    const bad = [
      {},
      { start_at: at(5).toISOString() },
      { start_at: "2026-12-02T10:00:00", end_at: "2026-12-02T11:00:00" },
      { start_at: "2026-12-02", end_at: "2026-12-03" },
      { start_at: "2026-02-30T10:00:00Z", end_at: "2026-02-30T11:00:00Z" },
      { start_at: 1_780_000_000_000, end_at: 1_780_003_600_000 },
      { start_at: at(5).toISOString(), end_at: at(6).toISOString(), status: "BOOKED" },
    ];
    for (const args of bad) {
      const outcome = await run("add_availability_slot", args);
      expect(outcome, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    }
    expect(await writeFootprint(db.knex)).toEqual(before);
  });
});

describe("cancel_availability_slot", () => {
  it("is held for a human, then cancels with the audit row and the AvailabilityCancelled event", async () => {
    const slot = await insertSlot(db.knex, { start: at(24) });
    const before = await writeFootprint(db.knex);
    const held = await run("cancel_availability_slot", { slot_id: slot.id, reason: "Kiln maintenance" });
    expect(held).toMatchObject({ ok: false, effect: { effect: "gated" }, error: { code: "needs_confirmation" } });
    expect(await writeFootprint(db.knex)).toEqual(before);

    const outcome = await run("cancel_availability_slot", { slot_id: slot.id, reason: "Kiln maintenance" }, button);
    expect(outcome).toMatchObject({
      ok: true,
      result: {
        slot: { id: slot.id, status: "CANCELLED", start_at: at(24).toISOString() },
        reason: "Kiln maintenance",
        cancelled_at: NOW.toISOString(),
      },
    });
    expect(await db.knex("maestro_availability").where({ id: slot.id }).first()).toMatchObject({ status: "CANCELLED", updated_at: NOW });
    expect(await db.knex("audit_log")).toMatchObject([
      {
        action: "availability.cancel",
        actor_type: "AGENT",
        actor_id: String(staffId),
        target_type: "availability_slot",
        target_id: String(slot.id),
        details: { path: "agent", from_status: "OPEN", reason: "Kiln maintenance" },
      },
    ]);
    expect(await db.knex("feed_events")).toMatchObject([
      { event_type: "AvailabilityCancelled", subject_id: String(slot.id), metadata: { slot_id: slot.id, reason: "Kiln maintenance" } },
    ]);
  });

  it("previews in plain words with the status it depends on", async () => {
    const slot = await insertSlot(db.knex, { start: at(24), minutes: 45 });
    expect(await preview("cancel_availability_slot", { slot_id: slot.id })).toMatchObject({
      summary: expect.stringMatching(new RegExp(`^Cancel availability slot #${slot.id}, .+ \\(45 min\\): OPEN → CANCELLED$`)),
      change: { changes: [{ field: "status", before: "OPEN", after: "CANCELLED" }], destructive: true },
      quoted: [],
      snapshot: { slot_id: slot.id, status: "OPEN" },
    });
    expect((await preview("cancel_availability_slot", { slot_id: slot.id, reason: "Holiday" })).quoted).toEqual([
      { label: "The reason, as proposed", text: "Holiday" },
    ]);
    await expect(preview("cancel_availability_slot", { slot_id: 999 })).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses a BOOKED slot outright, even with a decision, and the preview posts no card", async () => {
    const slot = await insertSlot(db.knex, { start: at(24) });
    const intake = await insertIntake(db.knex, { name: "Robin Lee", status: "BOOKED" });
    await bookSlot(db.knex, slot.id, intake.id);
    const message = `Slot ${slot.id} (${at(24).toISOString()}–${at(25).toISOString()}) is booked by Robin Lee (intake ${intake.id}); cancel or move the booking first. Nothing was changed.`;

    await expect(preview("cancel_availability_slot", { slot_id: slot.id })).rejects.toMatchObject({ code: "conflict", message });
    const before = await writeFootprint(db.knex);
    const outcome = await run("cancel_availability_slot", { slot_id: slot.id, reason: "Away" }, button);
    expect(outcome).toMatchObject({ ok: false, error: { code: "conflict", message } });
    expect(await writeFootprint(db.knex)).toEqual(before);
    expect(await db.knex("maestro_availability").where({ id: slot.id }).first()).toMatchObject({ status: "BOOKED" });
  });

  it("refuses a slot that is already cancelled, and one that does not exist", async () => {
    const slot = await insertSlot(db.knex, { start: at(24), status: "CANCELLED" });
    await expect(preview("cancel_availability_slot", { slot_id: slot.id })).rejects.toMatchObject({ code: "conflict" });
    const before = await writeFootprint(db.knex);
    const again = await run("cancel_availability_slot", { slot_id: slot.id }, button);
    expect(again).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringMatching(/already CANCELLED/) } });
    const missing = await run("cancel_availability_slot", { slot_id: 4242 }, button);
    expect(missing).toMatchObject({ ok: false, error: { code: "not_found", message: expect.stringMatching(/list_bookings/) } });
    expect(await writeFootprint(db.knex)).toEqual(before);
  });

  it("rejects bad arguments and writes nothing", async () => {
    const slot = await insertSlot(db.knex, { start: at(24) });
    const before = await writeFootprint(db.knex);
    for (const args of [
      {},
      { slot_id: 0 },
      { slot_id: -3 },
      { slot_id: String(slot.id) },
      { slot_id: slot.id, reason: " " },
      { slot_id: slot.id, force: true },
    ]) {
      const outcome = await run("cancel_availability_slot", args, button);
      expect(outcome, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    }
    expect(await writeFootprint(db.knex)).toEqual(before);
  });
});
