// The calendar rules: reading slots with their bookings, adding a slot that fits, cancelling one nobody holds.
import type { Knex } from "knex";
import type { Actor } from "../actor.ts";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../clock.ts";
import type { DomainContext } from "../context.ts";
import { conflict, invalidInput, notFound } from "../errors.ts";
import { recordChange, type RecordedChange } from "../record-change.ts";
import { AUDIT_ACTIONS, FEED_EVENT_TYPES, SLOT_STATUSES, type SlotStatus } from "../vocabulary.ts";
import {
  countSlotsByStatus,
  findOverlapping,
  findSlot,
  insertSlot,
  listSlots,
  lockCalendar,
  setSlotStatus,
  type SlotRow,
} from "./availability-store.ts";

export const MIN_SLOT_MINUTES = 15;
export const MAX_SLOT_HOURS = 12;

export const slotMinutes = (slot: { start_at: Date; end_at: Date }) =>
  Math.round((slot.end_at.getTime() - slot.start_at.getTime()) / MINUTE_MS);

/** "slot 12 (2026-12-01T15:00:00.000Z–2026-12-01T16:00:00.000Z)": how messages name a slot. */
export const describeSlot = (slot: { id: number; start_at: Date; end_at: Date }) =>
  `slot ${slot.id} (${slot.start_at.toISOString()}–${slot.end_at.toISOString()})`;

export async function requireSlot(db: Knex, id: number, options: { forUpdate?: boolean } = {}): Promise<SlotRow> {
  const slot = await findSlot(db, id, options);
  if (!slot) throw notFound(`Availability slot ${id}`, "find_slot");
  return slot;
}

export async function getCalendar(ctx: DomainContext, query: { from: Date; days: number; status?: SlotStatus; limit: number }) {
  const window = { from: query.from, to: new Date(query.from.getTime() + query.days * DAY_MS) };
  const [rows, counts] = await Promise.all([
    listSlots(ctx.db, { ...window, status: query.status, limit: query.limit }),
    countSlotsByStatus(ctx.db, window),
  ]);
  const countsByStatus = Object.fromEntries(SLOT_STATUSES.map((s) => [s, counts.find((c) => c.status === s)?.n ?? 0])) as Record<
    SlotStatus,
    number
  >;
  const total = query.status ? countsByStatus[query.status] : Object.values(countsByStatus).reduce((a, b) => a + b, 0);
  return { ...window, rows, total, countsByStatus };
}

export async function addSlot(ctx: DomainContext, actor: Actor, span: { start: Date; end: Date }) {
  const minutes = (span.end.getTime() - span.start.getTime()) / MINUTE_MS;
  if (minutes <= 0) throw invalidInput("end_at must be after start_at; nothing was added.");
  if (minutes < MIN_SLOT_MINUTES) throw invalidInput(`A slot must last at least ${MIN_SLOT_MINUTES} minutes; this one lasts ${minutes}.`);
  if (minutes > MAX_SLOT_HOURS * 60) {
    throw invalidInput(`A slot may last at most ${MAX_SLOT_HOURS} hours; this one lasts ${(minutes / 60).toFixed(1)} hours.`);
  }
  const now = ctx.clock.now();
  if (span.start.getTime() < now.getTime()) {
    throw invalidInput(`start_at ${span.start.toISOString()} is in the past (it is now ${now.toISOString()}); slots are for the future.`);
  }
  return ctx.db.transaction(async (trx) => {
    // Two concurrent adds must not both pass the overlap check.
    await lockCalendar(trx);
    const [clash] = await findOverlapping(trx, { ...span, lookbackMs: MAX_SLOT_HOURS * HOUR_MS });
    if (clash) {
      throw conflict(
        `It overlaps ${clash.status} ${describeSlot(clash)}; nothing was added. Pick another time or cancel that slot first.`,
        {
          slot_id: clash.id,
        },
      );
    }
    const at = ctx.clock.now();
    const slot = await insertSlot(trx, span, at);
    const change = await recordChange(
      trx,
      {
        actor,
        action: AUDIT_ACTIONS.availabilityAdd,
        target: { type: "availability_slot", id: slot.id },
        details: { start_at: slot.start_at.toISOString(), end_at: slot.end_at.toISOString() },
        event: {
          type: FEED_EVENT_TYPES.availabilityAdded,
          metadata: {
            slot_id: slot.id,
            start_at: slot.start_at.toISOString(),
            end_at: slot.end_at.toISOString(),
            duration_minutes: slotMinutes(slot),
          },
        },
      },
      at,
    );
    return { slot, change };
  });
}

/** Throws when the slot can never be cancelled now; used by the confirmation card and by the run. */
export function assertCancellable(slot: SlotRow): void {
  if (slot.status === "BOOKED" || slot.booking_id !== null) {
    const holder =
      slot.booking_id === null
        ? "" // BOOKED without a confirmed booking row: still someone's time, so refuse all the same
        : ` by ${slot.contact_name ?? "an unknown contact"} (intake ${slot.intake_id ?? "unknown"})`;
    throw conflict(`${capitalize(describeSlot(slot))} is booked${holder}; cancel or move the booking first. Nothing was changed.`, {
      slot_id: slot.id,
      status: slot.status,
      booking_id: slot.booking_id,
    });
  }
  if (slot.status === "CANCELLED") {
    throw conflict(`${capitalize(describeSlot(slot))} is already CANCELLED; nothing was changed.`, {
      slot_id: slot.id,
      status: slot.status,
    });
  }
}

export const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export async function cancelSlot(
  ctx: DomainContext,
  actor: Actor,
  input: { slotId: number; reason: string | null },
): Promise<{ slot: SlotRow; change: RecordedChange }> {
  return ctx.db.transaction(async (trx) => {
    const slot = await requireSlot(trx, input.slotId, { forUpdate: true });
    assertCancellable(slot);
    const at = ctx.clock.now();
    if (!(await setSlotStatus(trx, slot.id, "OPEN", "CANCELLED", at))) {
      // Changed between our read and our update: report its state now.
      assertCancellable(await requireSlot(trx, slot.id));
      throw conflict(`${capitalize(describeSlot(slot))} changed while cancelling; nothing was changed. Try again.`);
    }
    const change = await recordChange(
      trx,
      {
        actor,
        action: AUDIT_ACTIONS.availabilityCancel,
        target: { type: "availability_slot", id: slot.id },
        details: {
          start_at: slot.start_at.toISOString(),
          end_at: slot.end_at.toISOString(),
          from_status: slot.status,
          reason: input.reason,
        },
        event: {
          type: FEED_EVENT_TYPES.availabilityCancelled,
          metadata: { slot_id: slot.id, start_at: slot.start_at.toISOString(), end_at: slot.end_at.toISOString(), reason: input.reason },
        },
      },
      at,
    );
    return { slot: { ...slot, status: "CANCELLED", updated_at: at }, change };
  });
}
