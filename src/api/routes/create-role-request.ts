// POST /api/v1/role-requests: a person (matched or created by email) asks for a role; RoleRequested fires. One pending
// request per person and role: a second is a 409 naming the first.
import { z } from "zod";
import { MAX_ROLE_REQUEST_REASON_LENGTH, requestRoleByEmail } from "../../domain/roles/request-role.ts";
import { ROLE_NAMES } from "../../domain/vocabulary.ts";
import { defineRoute } from "../route.ts";
import { optionalText, rulesFired, rulesFiredSchema } from "./schemas.ts";

export const roleRequestCreateSchema = z
  .strictObject({
    email: z
      .email({ message: "must be an email address" })
      .max(254)
      .describe("The person's email: matched whatever its case, else a person is created."),
    name: optionalText(200).describe("The person's name, used when they are new (else their email stands for it)."),
    role: z.enum(ROLE_NAMES, { message: `must be one of: ${ROLE_NAMES.join(", ")}` }).describe("The role asked for."),
    reason: optionalText(MAX_ROLE_REQUEST_REASON_LENGTH).describe("Why, in their words: shown to the staff who decide."),
  })
  .meta({ id: "RoleRequestCreate" });

export const roleRequestResponseSchema = z
  .object({
    role_request: z.object({
      id: z.number().int(),
      status: z.literal("PENDING"),
      role: z.enum(ROLE_NAMES),
      reason: z.string().nullable(),
      submitted_at: z.iso.datetime(),
    }),
    person: z.object({
      id: z.number().int(),
      name: z.string(),
      email: z.string(),
      created: z.boolean().describe("True when this request created the person."),
    }),
    rules_fired: rulesFiredSchema,
  })
  .meta({ id: "RoleRequestCreated" });

export const createRoleRequestRoute = defineRoute({
  method: "POST",
  path: "/api/v1/role-requests",
  operationId: "createRoleRequest",
  tag: "role-requests",
  summary: "Ask for a role for a person",
  description:
    "Finds the person by email (any case) or creates them, and files a PENDING role request for staff to decide, in one " +
    "transaction; emits RoleRequested, so it shows in approvals and workflow rules fire. A second pending request for the " +
    "same person and role is a 409.",
  body: roleRequestCreateSchema,
  responses: { 201: { description: "The request was filed.", schema: roleRequestResponseSchema } },
  async handle({ body, actor, domain }) {
    const filed = await requestRoleByEmail(domain, actor, body);
    const r = filed.request;
    return {
      status: 201,
      body: {
        role_request: { id: r.id, status: "PENDING", role: r.requested_role, reason: r.reason, submitted_at: r.submitted_at.toISOString() },
        person: { id: r.user_id, name: r.user_name, email: r.user_email, created: filed.personCreated },
        rules_fired: rulesFired([filed.change]),
      },
    };
  },
});
