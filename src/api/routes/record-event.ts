// POST /api/v1/events: a custom feed event (e.g. TriageTicket) from the studio's other systems, run through the workflow
// rules listening to it. The domain's own checks (name, Maestro's own types, metadata size) name the bad field here.
import { z } from "zod";
import { DomainError } from "../../domain/errors.ts";
import { assertCustomEvent, MAX_CUSTOM_EVENT_METADATA_BYTES, recordCustomEvent } from "../../domain/feed/record-custom-event.ts";
import { defineRoute } from "../route.ts";
import { rulesFiredSchema } from "./schemas.ts";
import { executionSummary } from "../../domain/record-change.ts";

export const eventCreateSchema = z
  .strictObject({
    event_type: z
      .string({ message: "must be text" })
      .describe("Your event's name, e.g. TriageTicket: what a workflow rule's trigger names."),
    subject_type: z.string().trim().min(1).max(50).optional().describe("What the event is about, e.g. ticket."),
    subject_id: z
      .union([z.string().trim().min(1).max(100), z.number().int()])
      .optional()
      .describe("Its id in your system, e.g. T-42."),
    metadata: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        `Anything rules should see (conditions and templates read metadata.*); at most ${MAX_CUSTOM_EVENT_METADATA_BYTES} bytes as JSON.`,
      ),
  })
  .superRefine((body, ctx) => {
    try {
      assertCustomEvent({ eventType: body.event_type, metadata: body.metadata });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const field = typeof error.details.field === "string" ? error.details.field : "event_type";
      ctx.addIssue({ code: "custom", message: error.message, path: field.split(".") });
    }
  })
  .meta({ id: "EventCreate" });

export const eventResponseSchema = z
  .object({
    event: z.object({
      id: z.number().int(),
      event_type: z.string(),
      subject_type: z.string().nullable(),
      subject_id: z.string().nullable(),
      created_at: z.iso.datetime(),
    }),
    rules_fired: rulesFiredSchema,
  })
  .meta({ id: "EventRecorded" });

export const recordEventRoute = defineRoute({
  method: "POST",
  path: "/api/v1/events",
  operationId: "recordEvent",
  tag: "events",
  summary: "Record a custom event",
  description:
    "Writes a feed event of your own type and runs the enabled workflow rules whose trigger names it, in one transaction. " +
    "Maestro's own event types (IntakeCreated, BookingConfirmed, …) are refused: they are written when that change happens.",
  body: eventCreateSchema,
  responses: { 201: { description: "The event was recorded and its rules ran.", schema: eventResponseSchema } },
  async handle({ body, actor, domain }) {
    const { event, executions } = await recordCustomEvent(domain, actor, {
      eventType: body.event_type,
      subjectType: body.subject_type ?? null,
      subjectId: body.subject_id ?? null,
      metadata: body.metadata,
    });
    return {
      status: 201,
      body: {
        event: {
          id: event.id,
          event_type: event.event_type,
          subject_type: event.subject_type,
          subject_id: event.subject_id,
          created_at: event.created_at.toISOString(),
        },
        rules_fired: executionSummary(executions),
      },
    };
  },
});
