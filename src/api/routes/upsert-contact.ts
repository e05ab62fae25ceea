// PUT /api/v1/contacts: a contact upserted by email (any case): 201 when created, 200 when updated or unchanged.
import { z } from "zod";
import { upsertContact } from "../../domain/contacts/upsert-contact.ts";
import { CONTACT_STATUSES } from "../../domain/vocabulary.ts";
import { defineRoute } from "../route.ts";
import { contactJson, contactOutcomeSchema, contactSchema, optionalText, rulesFired, rulesFiredSchema } from "./schemas.ts";

export const contactRequestSchema = z
  .strictObject({
    email: z.email({ message: "must be an email address" }).max(320).describe("The contact's key: matched whatever its case."),
    name: optionalText(200).describe(
      "Required to create a contact in practice (else the part before the @); replaces the name when given.",
    ),
    status: z.enum(CONTACT_STATUSES, { message: `must be one of: ${CONTACT_STATUSES.join(", ")}` }).optional(),
    source: optionalText(100).describe("Where the contact came from: website, import, referral…"),
  })
  .meta({ id: "ContactUpsert" });

export const contactResponseSchema = z
  .object({
    contact: contactSchema,
    outcome: contactOutcomeSchema,
    changed: z.array(z.enum(["name", "email", "status", "source"])).describe("The fields an update changed."),
    rules_fired: rulesFiredSchema,
  })
  .meta({ id: "ContactUpserted" });

export const upsertContactRoute = defineRoute({
  method: "PUT",
  path: "/api/v1/contacts",
  operationId: "upsertContact",
  tag: "contacts",
  summary: "Create or update a contact by email",
  description:
    "Finds the contact by email (any case) and updates the fields given, or creates it; emits ContactCreated or " +
    "ContactStatusChanged, so workflow rules fire.",
  body: contactRequestSchema,
  responses: {
    200: { description: "The contact existed: updated, or unchanged.", schema: contactResponseSchema },
    201: { description: "The contact was created.", schema: contactResponseSchema },
  },
  async handle({ body, actor, domain }) {
    const upsert = await upsertContact(domain, actor, body);
    return {
      status: upsert.outcome === "created" ? 201 : 200,
      body: { contact: contactJson(upsert), outcome: upsert.outcome, changed: upsert.changed, rules_fired: rulesFired(upsert.changes) },
    };
  },
});
