// Seeds the demo studio's availability: published session slots (past, today, next two weeks) and their bookings.
import { AUDIT_ACTIONS, FEED_EVENT_TYPES, type SlotStatus } from "../domain/vocabulary.ts";
import { DAY_MS, HOUR_MS, daysAgo, recordChange, staffActor, type DemoActor, type DemoContext } from "./demo-context.ts";
import type { SlotSpec } from "./demo-intakes.ts";
import { localWeekday } from "./local-time.ts";
import { slotEnd, slotStart, type PlannedBooking } from "./demo-pipeline.ts";

/** Session shapes the studio publishes: morning wheel, afternoon handbuilding, evening wheel. */
const SESSION_TIMES: [hour: number, minute: number, minutes: number][] = [
  [10, 0, 90],
  [14, 0, 60],
  [18, 30, 90],
];
const PAST_UNBOOKED: SlotSpec[] = [
  { day: -8, hour: 10, minute: 0, minutes: 90 },
  { day: -3, hour: 14, minute: 0, minutes: 60 },
];
const CANCEL_REASONS = ["Hana is off sick.", "Clashes with the Saturday craft market stall."];
/** Priya publishes the timetable in batches, this many days ago. */
const PUBLISHED_DAYS_AGO = [40, 26, 13.2, 2.5];

interface SlotPlan {
  start: Date;
  end: Date;
  status: SlotStatus;
  createdAt: Date;
  booking?: PlannedBooking;
  cancelled?: { at: Date; reason: string; by: string };
}

/** The latest timetable batch at least a day before the session (and before its booking). */
function publishedAt(ctx: DemoContext, start: Date, bookedAt?: Date): Date {
  const batches = PUBLISHED_DAYS_AGO.map((d) => daysAgo(ctx, d));
  const before = batches.filter((b) => b.getTime() <= start.getTime() - DAY_MS).at(-1) ?? new Date(start.getTime() - 7 * DAY_MS);
  return bookedAt && bookedAt <= before ? new Date(bookedAt.getTime() - 2 * HOUR_MS) : before;
}

function planSlots(ctx: DemoContext, bookings: PlannedBooking[]): SlotPlan[] {
  const slots: SlotPlan[] = bookings.map((booking) => {
    const start = slotStart(ctx, booking.slot);
    return {
      start,
      end: slotEnd(ctx, booking.slot),
      status: booking.cancelled ? "CANCELLED" : "BOOKED",
      createdAt: publishedAt(ctx, start, booking.bookedAt),
      booking,
      ...(booking.cancelled ? { cancelled: { ...booking.cancelled, by: "maya" } } : {}),
    };
  });
  const taken = (start: Date) => slots.some((s) => Math.abs(s.start.getTime() - start.getTime()) < 3 * HOUR_MS);
  const add = (spec: SlotSpec) => {
    const start = slotStart(ctx, spec);
    if (!taken(start)) slots.push({ start, end: slotEnd(ctx, spec), status: "OPEN", createdAt: publishedAt(ctx, start) });
  };
  PAST_UNBOOKED.forEach(add);
  const generated: SlotSpec[] = [];
  for (let day = 1; day <= 13; day++) {
    const weekday = localWeekday(ctx.now, day, ctx.timeZone);
    if (weekday === 0 || weekday === 1) continue; // closed Sunday and Monday
    const times = ctx.rng.shuffle(SESSION_TIMES).slice(0, ctx.rng.int(1, 2));
    for (const [hour, minute, minutes] of times) generated.push({ day, hour, minute, minutes });
  }
  generated.sort((a, b) => a.day - b.day || a.hour - b.hour).forEach(add);

  // Two future sessions called off in the last couple of days.
  const open = slots.filter((s) => s.status === "OPEN" && s.start > ctx.now);
  for (const reason of CANCEL_REASONS) {
    const slot = open.splice(ctx.rng.int(0, open.length - 1), 1)[0];
    if (!slot) break;
    const earliest = Math.max(slot.createdAt.getTime(), ctx.now.getTime() - 2 * DAY_MS) + HOUR_MS;
    const at = new Date(earliest + ctx.rng.float() * (ctx.now.getTime() - HOUR_MS - earliest));
    slot.status = "CANCELLED";
    slot.cancelled = { at, reason, by: ctx.rng.pick(["priya", "maya"]) };
  }
  return slots.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.start.getTime() - b.start.getTime());
}

export async function seedAvailability(ctx: DemoContext, bookings: PlannedBooking[]): Promise<void> {
  const slots = planSlots(ctx, bookings);
  const rows = (await ctx
    .trx("maestro_availability")
    .insert(
      slots.map((s, i) => ({
        start_at: s.start,
        end_at: s.end,
        status: s.status,
        // A batch is entered in one sitting: a few seconds apart.
        created_at: new Date(s.createdAt.getTime() + i * 2_000),
        updated_at: s.cancelled?.at ?? s.booking?.bookedAt ?? s.createdAt,
      })),
    )
    .returning(["id"])) as { id: number }[];

  const monthAgo = new Date(ctx.now.getTime() - 30 * DAY_MS);
  for (const [i, slot] of slots.entries()) {
    const id = rows[i]!.id;
    const target = { type: "availability", id };
    const when = { start_at: slot.start.toISOString(), end_at: slot.end.toISOString() };
    if (slot.createdAt >= monthAgo) {
      recordChange(ctx, {
        at: new Date(slot.createdAt.getTime() + i * 2_000),
        actor: staffActor(ctx, "priya", slot.createdAt, { agentShare: 0.3 }),
        action: AUDIT_ACTIONS.availabilityAdd,
        target,
        details: when,
        event: { type: FEED_EVENT_TYPES.availabilityAdded, metadata: { availability_id: id, ...when } },
      });
    }
    if (slot.booking) await seedBooking(ctx, id, slot);
    if (slot.cancelled) {
      recordChange(ctx, {
        at: slot.cancelled.at,
        actor: staffActor(ctx, slot.cancelled.by, slot.cancelled.at, { gated: true }),
        action: AUDIT_ACTIONS.availabilityCancel,
        target,
        details: { ...when, reason: slot.cancelled.reason },
        event: { type: FEED_EVENT_TYPES.availabilityCancelled, metadata: { availability_id: id, ...when, reason: slot.cancelled.reason } },
      });
    }
  }
}

async function seedBooking(ctx: DemoContext, availabilityId: number, slot: SlotPlan): Promise<void> {
  const booking = slot.booking!;
  const [row] = (await ctx
    .trx("bookings")
    .insert({
      availability_id: availabilityId,
      intake_id: booking.intake.id,
      status: slot.cancelled ? "CANCELLED" : "CONFIRMED",
      created_at: booking.bookedAt,
    })
    .returning(["id"])) as { id: number }[];
  const meta = {
    booking_id: row!.id,
    availability_id: availabilityId,
    intake_id: booking.intake.id,
    contact_name: booking.intake.contactName,
    audience: booking.intake.audience,
    start_at: slot.start.toISOString(),
  };
  const target = { type: "booking", id: row!.id };
  recordChange(ctx, {
    at: booking.bookedAt,
    actor: booking.actor,
    target,
    event: { type: FEED_EVENT_TYPES.bookingConfirmed, metadata: meta },
  });
  if (slot.cancelled) {
    const actor: DemoActor = staffActor(ctx, slot.cancelled.by, slot.cancelled.at, { gated: true });
    recordChange(ctx, {
      at: new Date(slot.cancelled.at.getTime() + 1_000),
      actor,
      target,
      event: { type: FEED_EVENT_TYPES.bookingCancelled, metadata: { ...meta, reason: slot.cancelled.reason } },
    });
  }
}
