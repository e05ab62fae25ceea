// GET /api/v1/slots: the open slots a prospect can book, soonest first (started slots are never offered).
import { z } from "zod";
import { getCalendar, slotMinutes } from "../../domain/bookings/booking-service.ts";
import { defineRoute } from "../route.ts";

export const openSlotsQuerySchema = z
  .strictObject({
    from: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }).optional().describe("Earliest start (default: now)."),
    days: z.coerce.number().int().min(1).max(90).default(14).describe("How many days from `from` to look (1–90)."),
    limit: z.coerce.number().int().min(1).max(200).default(50).describe("At most this many slots (1–200)."),
  })
  .meta({ id: "OpenSlotsQuery" });

export const openSlotSchema = z
  .object({
    id: z.number().int(),
    start_at: z.iso.datetime(),
    end_at: z.iso.datetime(),
    duration_minutes: z.number().int(),
  })
  .meta({ id: "OpenSlot" });

export const openSlotsResponseSchema = z
  .object({
    slots: z.array(openSlotSchema),
    total: z.number().int().describe("Open slots in the window, of which `slots` holds the first `limit`."),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
  })
  .meta({ id: "OpenSlots" });

export const listOpenSlotsRoute = defineRoute({
  method: "GET",
  path: "/api/v1/slots",
  operationId: "listOpenSlots",
  tag: "slots",
  summary: "List open slots",
  description: "The slots still OPEN that start in the window, soonest first; book one with POST /api/v1/slots/{id}/bookings.",
  query: openSlotsQuerySchema,
  responses: { 200: { description: "The open slots.", schema: openSlotsResponseSchema } },
  async handle({ query, domain }) {
    const now = domain.clock.now();
    const asked = query.from ? new Date(query.from) : now;
    const from = asked.getTime() < now.getTime() ? now : asked;
    const calendar = await getCalendar(domain, { from, days: query.days, status: "OPEN", limit: query.limit });
    return {
      status: 200,
      body: {
        slots: calendar.rows.map((s) => ({
          id: s.id,
          start_at: s.start_at.toISOString(),
          end_at: s.end_at.toISOString(),
          duration_minutes: slotMinutes(s),
        })),
        total: calendar.total,
        from: calendar.from.toISOString(),
        to: calendar.to.toISOString(),
      },
    };
  },
});
