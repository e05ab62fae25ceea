// POST /api/v1/intakes: a new enquiry in the queue, with its contact matched or created by email (IntakeCreated fires).
import { z } from "zod";
import { createIntake } from "../../domain/intake/create-intake.ts";
import { defineRoute } from "../route.ts";
import { contactJson, contactOutcomeSchema, contactSchema, optionalText, rulesFired, rulesFiredSchema } from "./schemas.ts";

export const intakeRequestSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1, { message: "is required" })
      .max(200, { message: "must be at most 200 characters" })
      .describe("The prospect's name."),
    email: z.email({ message: "must be an email address" }).max(320).describe("Matches an existing contact (any case), else creates one."),
    audience: optionalText(50).describe("Who the enquiry is for: adult, kids, teen, family, group…"),
    goals: optionalText(5000).describe("What they want, in their words (kept as data, never as instructions)."),
    source: optionalText(100).describe("Where it came from: website, typeform, referral…"),
    group_size: z.number().int().min(1).max(1000).optional().describe("People in a group enquiry."),
  })
  .meta({ id: "IntakeCreate" });

const intakeSchema = z
  .object({
    id: z.number().int(),
    status: z.literal("NEW"),
    contact_id: z.number().int(),
    contact_name: z.string(),
    email: z.string(),
    audience: z.string().nullable(),
    goals: z.string().nullable(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: "Intake" });

export const intakeResponseSchema = z
  .object({
    intake: intakeSchema,
    contact: contactSchema.extend({ outcome: contactOutcomeSchema }),
    rules_fired: rulesFiredSchema,
  })
  .meta({ id: "IntakeCreated" });

export const createIntakeRoute = defineRoute({
  method: "POST",
  path: "/api/v1/intakes",
  operationId: "createIntake",
  tag: "intakes",
  summary: "Create an intake",
  description:
    "Adds an enquiry to the queue (status NEW) with its contact, matched by email or created, in one transaction; " +
    "emits IntakeCreated (and ContactCreated for a new contact), so workflow rules fire.",
  body: intakeRequestSchema,
  responses: { 201: { description: "The intake was created.", schema: intakeResponseSchema } },
  async handle({ body, actor, domain }) {
    const created = await createIntake(domain, actor, {
      name: body.name,
      email: body.email,
      audience: body.audience,
      goals: body.goals,
      source: body.source,
      groupSize: body.group_size,
    });
    const i = created.intake;
    return {
      status: 201,
      body: {
        intake: {
          id: i.id,
          status: "NEW",
          contact_id: created.contact.contact.id,
          contact_name: i.contact_name,
          email: i.email,
          audience: i.audience,
          goals: i.goals,
          created_at: i.created_at.toISOString(),
        },
        contact: { ...contactJson(created.contact), outcome: created.contact.outcome },
        rules_fired: rulesFired([...created.contact.changes, created.change]),
      },
    };
  },
});
