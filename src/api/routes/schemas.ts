// Response shapes the routes share (a contact, the rules an event fired), as zod: the OpenAPI document is built from them.
import { z } from "zod";
import type { ContactUpsert } from "../../domain/contacts/upsert-contact.ts";
import { executionSummary, type RecordedChange } from "../../domain/record-change.ts";
import { CONTACT_STATUSES } from "../../domain/vocabulary.ts";

export const contactSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    email: z.string().nullable(),
    status: z.enum(CONTACT_STATUSES),
    source: z.string().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "Contact" });

export const rulesFiredSchema = z
  .array(
    z.object({
      execution_id: z.number().int(),
      rule: z.string().nullable(),
      status: z.enum(["SUCCESS", "FAILED", "SKIPPED"]),
      error: z.string().nullable(),
    }),
  )
  .describe("The workflow rules the write's feed events ran, with each outcome.")
  .meta({ id: "RulesFired" });

export const contactOutcomeSchema = z.enum(["created", "updated", "unchanged"]);

const iso = (d: Date) => d.toISOString();

export function contactJson(upsert: ContactUpsert) {
  const c = upsert.contact;
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    status: c.status,
    source: c.source,
    created_at: iso(c.created_at),
    updated_at: iso(c.updated_at),
  };
}

export const rulesFired = (changes: readonly RecordedChange[]) => changes.flatMap((c) => executionSummary(c.executions));

/** Optional free text: trimmed, blank counts as absent. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `must be at most ${max} characters` })
    .optional()
    .transform((v) => (v ? v : undefined));
