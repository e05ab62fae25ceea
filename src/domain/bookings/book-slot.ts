// Booking an open slot for an intake, in one transaction: the slot BOOKED, a CONFIRMED booking, the intake BOOKED (an
// advance along its lifecycle), and BookingConfirmed with IntakeStatusChanged firing their rules. Two bookings of one
// slot: exactly one wins, the other is a conflict naming who holds it.
import type { Actor } from "../actor.ts";
import type { DomainContext } from "../context.ts";
import { conflict } from "../errors.ts";
import { changeStatusIn, requireIntake } from "../intake/intake-service.ts";
import type { IntakeRow } from "../intake/intake-store.ts";
import { classifyTransition } from "../intake/transitions.ts";
import { recordChange, type RecordedChange } from "../record-change.ts";
import { AUDIT_ACTIONS, FEED_EVENT_TYPES } from "../vocabulary.ts";
import type { SlotRow } from "./availability-store.ts";
import { setSlotStatus } from "./availability-store.ts";
import { capitalize, describeSlot, requireSlot } from "./booking-service.ts";
import { insertConfirmedBooking, type BookingRow } from "./booking-store.ts";

export interface SlotBooked {
  booking: BookingRow;
  slot: SlotRow;
  intake: IntakeRow;
  /** BookingConfirmed's audit row, event and the rules it ran. */
  change: RecordedChange;
  /** IntakeStatusChanged (to BOOKED): its audit row, event and rules. */
  statusChange: RecordedChange;
}

/** Throws unless the slot can be booked now: OPEN and not started. */
function assertBookable(slot: SlotRow, now: Date): void {
  const named = capitalize(describeSlot(slot));
  if (slot.status === "BOOKED" || slot.booking_id !== null) {
    const holder = slot.intake_id === null ? "" : ` for intake ${slot.intake_id}${slot.contact_name ? ` (${slot.contact_name})` : ""}`;
    throw conflict(`${named} is already booked${holder}; pick another open slot. Nothing was booked.`, {
      slot_id: slot.id,
      status: "BOOKED",
    });
  }
  if (slot.status !== "OPEN") {
    throw conflict(`${named} is ${slot.status}; pick another open slot. Nothing was booked.`, { slot_id: slot.id, status: slot.status });
  }
  if (slot.start_at.getTime() <= now.getTime()) {
    throw conflict(`${named} has already started; pick a future open slot. Nothing was booked.`, { slot_id: slot.id, status: slot.status });
  }
}

/** Throws unless moving the intake to BOOKED is an advance (NEW, TRIAGED, QUALIFIED): anything else is a staff decision. */
function assertIntakeBookable(intake: IntakeRow): void {
  const kind = classifyTransition(intake.status, "BOOKED").kind;
  if (kind === "advance") return;
  const why =
    kind === "same"
      ? "is already BOOKED; cancel its booking in Maestro before booking another slot"
      : `is ${intake.status}; only staff can reopen it in Maestro`;
  throw conflict(`Intake ${intake.id} (${intake.contact_name}) ${why}. Nothing was booked.`, {
    intake_id: intake.id,
    status: intake.status,
  });
}

export async function bookSlotForIntake(
  ctx: DomainContext,
  actor: Actor,
  input: { slotId: number; intakeId: number },
): Promise<SlotBooked> {
  return ctx.db.transaction(async (trx) => {
    // Slot first, then intake, always in this order: two bookings wait on each other instead of deadlocking.
    const slot = await requireSlot(trx, input.slotId, { forUpdate: true });
    const intake = await requireIntake(trx, input.intakeId, { forUpdate: true });
    const at = ctx.clock.now();
    assertBookable(slot, at);
    assertIntakeBookable(intake);
    const booking = (await setSlotStatus(trx, slot.id, "OPEN", "BOOKED", at))
      ? await insertConfirmedBooking(trx, { slotId: slot.id, intakeId: intake.id }, at)
      : null;
    if (!booking) {
      // Booked between our read and our write: say by whom.
      assertBookable(await requireSlot(trx, slot.id), at);
      throw conflict(`${capitalize(describeSlot(slot))} changed while booking it; nothing was booked. Try again.`, { slot_id: slot.id });
    }
    const statusChange = await changeStatusIn(trx, actor, intake, { newStatus: "BOOKED", note: `Booked ${describeSlot(slot)}.` }, at);
    const when = { start_at: slot.start_at.toISOString(), end_at: slot.end_at.toISOString() };
    const change = await recordChange(
      trx,
      {
        actor,
        action: AUDIT_ACTIONS.bookingCreate,
        target: { type: "booking", id: booking.id },
        details: { availability_id: slot.id, intake_id: intake.id, ...when },
        event: {
          type: FEED_EVENT_TYPES.bookingConfirmed,
          metadata: {
            booking_id: booking.id,
            availability_id: slot.id,
            intake_id: intake.id,
            contact_id: intake.contact_id,
            contact_name: intake.contact_name,
            email: intake.email,
            audience: intake.audience,
            ...when,
          },
        },
      },
      at,
    );
    const bookedSlot: SlotRow = {
      ...slot,
      status: "BOOKED",
      updated_at: at,
      booking_id: booking.id,
      booking_status: "CONFIRMED",
      intake_id: intake.id,
      contact_name: intake.contact_name,
    };
    return { booking, slot: bookedSlot, intake: statusChange.intake, change, statusChange: statusChange.change };
  });
}
