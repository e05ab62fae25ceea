// POST /api/v1/slots/:id/bookings: books an open slot for an intake (slot BOOKED, a booking, the intake BOOKED);
// BookingConfirmed and IntakeStatusChanged fire. A slot someone else booked first is a 409.
import { z } from "zod";
import { bookSlotForIntake } from "../../domain/bookings/book-slot.ts";
import { invalidFields } from "../problem.ts";
import { defineRoute } from "../route.ts";
import { rulesFired, rulesFiredSchema } from "./schemas.ts";

export const bookingCreateSchema = z
  .strictObject({
    intake_id: z
      .number({ message: "must be a number" })
      .int()
      .positive()
      .describe("The intake the slot is booked for (from POST /api/v1/intakes)."),
  })
  .meta({ id: "BookingCreate" });

export const bookingResponseSchema = z
  .object({
    booking: z.object({ id: z.number().int(), status: z.literal("CONFIRMED"), created_at: z.iso.datetime() }),
    slot: z.object({ id: z.number().int(), status: z.literal("BOOKED"), start_at: z.iso.datetime(), end_at: z.iso.datetime() }),
    intake: z.object({ id: z.number().int(), status: z.literal("BOOKED"), contact_name: z.string() }),
    rules_fired: rulesFiredSchema,
  })
  .meta({ id: "BookingCreated" });

/** The slot id of the path, or a 422 naming it. */
function slotIdOf(params: Record<string, string>): number {
  const id = Number(params.id);
  if (/^[1-9]\d{0,9}$/.test(params.id ?? "") && Number.isSafeInteger(id)) return id;
  throw invalidFields([{ in: "path", field: "id", pointer: "/id", detail: "must be a slot id (a positive whole number)" }]);
}

export const bookSlotRoute = defineRoute({
  method: "POST",
  path: "/api/v1/slots/:id/bookings",
  operationId: "bookSlot",
  tag: "slots",
  summary: "Book an open slot for an intake",
  description:
    "In one transaction: the slot becomes BOOKED, a CONFIRMED booking is written and the intake moves to BOOKED; emits " +
    "BookingConfirmed and IntakeStatusChanged, so workflow rules fire. Two bookings of one slot: exactly one wins, the other " +
    "gets a 409; so does a slot not OPEN or already started, and an intake already booked, closed or rejected.",
  body: bookingCreateSchema,
  responses: { 201: { description: "The slot was booked.", schema: bookingResponseSchema } },
  async handle({ body, params, actor, domain }) {
    const booked = await bookSlotForIntake(domain, actor, { slotId: slotIdOf(params), intakeId: body.intake_id });
    return {
      status: 201,
      body: {
        booking: { id: booked.booking.id, status: "CONFIRMED", created_at: booked.booking.created_at.toISOString() },
        slot: {
          id: booked.slot.id,
          status: "BOOKED",
          start_at: booked.slot.start_at.toISOString(),
          end_at: booked.slot.end_at.toISOString(),
        },
        intake: { id: booked.intake.id, status: "BOOKED", contact_name: booked.intake.contact_name },
        rules_fired: rulesFired([booked.statusChange, booked.change]),
      },
    };
  },
});
