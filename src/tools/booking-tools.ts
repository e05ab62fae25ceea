// Bookings and availability: the three calendar tools (seed 001 §5.3).
import { z } from "zod";
import type { SlotRow } from "../domain/bookings/availability-store.ts";
import {
  MAX_SLOT_HOURS,
  MIN_SLOT_MINUTES,
  addSlot,
  assertCancellable,
  cancelSlot,
  getCalendar,
  requireSlot,
  slotMinutes,
} from "../domain/bookings/booking-service.ts";
import { executionSummary } from "../domain/record-change.ts";
import { SLOT_STATUSES } from "../domain/vocabulary.ts";
import { POLICY } from "./policy.ts";
import { entityId, humanText, iso, pageLimit } from "./schema-helpers.ts";
import { changePreview, spanText } from "./change-view.ts";
import { defineTool } from "./tool.ts";
import { MINUTE_MS } from "../domain/clock.ts";

const ISO_INSTANT = z.iso.datetime({ offset: true });

/**
 * ISO 8601 with seconds and an offset or Z: a local time without an offset would be ambiguous. Validated by zod's
 * datetime check, shown to the model as `format: date-time` without the check's 450-character regex (the time
 * rules are in the system prompt).
 */
const instant = (what: string) =>
  z
    .string()
    .refine((v) => ISO_INSTANT.safeParse(v).success, {
      message: `${what} must be ISO 8601 with seconds and a timezone offset or Z, e.g. 2026-12-01T15:00:00-05:00`,
    })
    .meta({ format: "date-time" });

/** A booked slot names the prospect as they wrote their name. */
const SLOT_UNTRUSTED = ["contact_name"] as const;

const slotView = (s: SlotRow) => ({
  id: s.id,
  start_at: iso(s.start_at),
  end_at: iso(s.end_at),
  duration_minutes: slotMinutes(s),
  status: s.status,
  booking:
    s.booking_id === null
      ? null
      : { booking_id: s.booking_id, intake_id: s.intake_id, contact_name: s.contact_name, status: s.booking_status },
});

export const listBookingsTool = defineTool({
  name: "list_bookings",
  group: "bookings",
  description:
    "List availability slots starting in a window (default the next 14 days), by start time. Each: id, start_at, end_at, " +
    "minutes, status (OPEN = free, BOOKED = taken, CANCELLED) and its confirmed booking (booking id, intake id, contact name) " +
    "or null; plus `total` and `counts_by_status` for the window. Slot ids work with cancel_availability_slot, intake ids " +
    "with get_intake_detail.",
  input: z.strictObject({
    from: instant("from").optional().describe("Window start; omit for now."),
    days: z.number().int().min(1).max(90).default(14).describe("Days ahead of `from`."),
    status: z.enum(SLOT_STATUSES).optional().describe("Only this status; omit for all."),
    limit: pageLimit(50, 200),
  }),
  effect: POLICY.read,
  untrusted: SLOT_UNTRUSTED,
  async run(args, ctx) {
    const from = args.from ? new Date(args.from) : ctx.clock.now();
    const { to, rows, total, countsByStatus } = await getCalendar(ctx, { from, days: args.days, status: args.status, limit: args.limit });
    return {
      filter: { from: iso(from), to: iso(to), days: args.days, status: args.status ?? "any" },
      total,
      returned: rows.length,
      counts_by_status: countsByStatus,
      slots: rows.map(slotView),
    };
  },
});

export const addAvailabilitySlotTool = defineTool({
  name: "add_availability_slot",
  group: "bookings",
  description:
    `Add an OPEN availability slot. It must start in the future, last ${MIN_SLOT_MINUTES} minutes to ${MAX_SLOT_HOURS} hours and ` +
    "not overlap an OPEN or BOOKED slot (the error names the one it overlaps). Returns the new slot and its id.",
  input: z.strictObject({
    start_at: instant("start_at").describe("Slot start."),
    end_at: instant("end_at").describe("Slot end, after start_at."),
  }),
  effect: POLICY.add_availability_slot,
  untrusted: SLOT_UNTRUSTED,
  async preview(args) {
    const minutes = Math.round((Date.parse(args.end_at) - Date.parse(args.start_at)) / MINUTE_MS);
    return changePreview(
      {
        action: `Add an open availability slot, ${spanText(args.start_at, args.end_at)} (${minutes} min)`,
        changes: [{ field: "status", before: "no slot", after: "OPEN" }],
        destructive: false,
      },
      {},
    );
  },
  async run(args, ctx) {
    const { slot, change } = await addSlot(ctx, ctx.actor, { start: new Date(args.start_at), end: new Date(args.end_at) });
    return { slot: slotView(slot), workflow_executions: executionSummary(change.executions) };
  },
});

export const cancelAvailabilitySlotTool = defineTool({
  name: "cancel_availability_slot",
  group: "bookings",
  description:
    "Cancel an OPEN availability slot (id from list_bookings): it leaves the calendar for good and can no longer be booked. " +
    "Needs confirmation. A BOOKED slot is refused at once: its booking must be cancelled or moved first.",
  input: z.strictObject({
    slot_id: entityId("slot", "from list_bookings"),
    reason: humanText("reason", 1000).optional().describe("Why; kept in the audit log."),
  }),
  effect: POLICY.cancel_availability_slot,
  lock: async (args, ctx) => void (await requireSlot(ctx.db, args.slot_id, { forUpdate: true })),
  untrusted: [...SLOT_UNTRUSTED, "reason"],
  async preview(args, ctx) {
    const slot = await requireSlot(ctx.db, args.slot_id);
    assertCancellable(slot);
    return changePreview(
      {
        action: `Cancel availability slot #${slot.id}, ${spanText(slot.start_at, slot.end_at)} (${slotMinutes(slot)} min)`,
        changes: [{ field: "status", before: slot.status, after: "CANCELLED" }],
        destructive: true,
      },
      { slot_id: slot.id, status: slot.status },
      args.reason ? [{ label: "The reason, as proposed", text: args.reason }] : [],
    );
  },
  async run(args, ctx) {
    const { slot, change } = await cancelSlot(ctx, ctx.actor, { slotId: args.slot_id, reason: args.reason ?? null });
    return {
      slot: slotView(slot),
      reason: args.reason ?? null,
      cancelled_at: iso(slot.updated_at),
      workflow_executions: executionSummary(change.executions),
    };
  },
});

export const bookingTools = [listBookingsTool, addAvailabilitySlotTool, cancelAvailabilitySlotTool];
