// upsertContact: a contact found by email (any case) and updated, or created; audited, with the feed events the
// workflow rules listen to (ContactCreated, ContactStatusChanged). Shared by the studio API, the CSV import and intakes.
import type { Knex } from "knex";
import type { Actor } from "../actor.ts";
import type { DomainContext } from "../context.ts";
import { recordChange, type RecordedChange } from "../record-change.ts";
import { AUDIT_ACTIONS, FEED_EVENT_TYPES, type ContactStatus } from "../vocabulary.ts";
import { findContactByEmail, insertContactRow, lockContactEmail, updateContactRow, type ContactFields } from "./contact-email-store.ts";
import type { ContactRow } from "./contact-store.ts";

export interface ContactInput {
  email: string;
  /** Required to create; on an existing contact, replaces the name when given. */
  name?: string | null;
  status?: ContactStatus | null;
  source?: string | null;
}

export interface ContactUpsert {
  contact: ContactRow;
  outcome: "created" | "updated" | "unchanged";
  /** The fields an update changed (empty when created or unchanged). */
  changed: (keyof ContactFields)[];
  changes: RecordedChange[];
}

/** The name a contact created without one gets: the part of the email before the @. */
const nameFromEmail = (email: string) => email.split("@")[0] || email;

/** Upserts inside `trx` (the caller's transaction: an intake and its contact commit together). */
export async function upsertContactIn(trx: Knex, actor: Actor, input: ContactInput, at: Date): Promise<ContactUpsert> {
  const email = input.email.trim();
  await lockContactEmail(trx, email);
  const existing = await findContactByEmail(trx, email);
  if (!existing) return createContact(trx, actor, { ...input, email }, at);

  const wanted: Partial<ContactFields> = {};
  if (input.name?.trim() && input.name.trim() !== existing.name) wanted.name = input.name.trim();
  if (input.status && input.status !== existing.status) wanted.status = input.status;
  if (input.source?.trim() && input.source.trim() !== existing.source) wanted.source = input.source.trim();
  const changed = Object.keys(wanted) as (keyof ContactFields)[];
  if (!changed.length) return { contact: existing, outcome: "unchanged", changed, changes: [] };

  const contact = await updateContactRow(trx, existing.id, wanted, at);
  const statusChanged = wanted.status !== undefined;
  const change = await recordChange(
    trx,
    {
      actor,
      action: AUDIT_ACTIONS.contactUpdate,
      target: { type: "contact", id: contact.id },
      details: { changed: Object.fromEntries(changed.map((field) => [field, { from: existing[field], to: contact[field] }])) },
      ...(statusChanged
        ? {
            event: {
              type: FEED_EVENT_TYPES.contactStatusChanged,
              metadata: {
                contact_id: contact.id,
                name: contact.name,
                email: contact.email,
                from_status: existing.status,
                to_status: contact.status,
              },
            },
          }
        : {}),
    },
    at,
  );
  return { contact, outcome: "updated", changed, changes: [change] };
}

async function createContact(trx: Knex, actor: Actor, input: ContactInput & { email: string }, at: Date): Promise<ContactUpsert> {
  const contact = await insertContactRow(
    trx,
    {
      name: input.name?.trim() || nameFromEmail(input.email),
      email: input.email,
      status: input.status ?? "NEW",
      source: input.source?.trim() || null,
    },
    at,
  );
  const change = await recordChange(
    trx,
    {
      actor,
      action: AUDIT_ACTIONS.contactCreate,
      target: { type: "contact", id: contact.id },
      details: { name: contact.name, email: contact.email, status: contact.status, source: contact.source },
      event: {
        type: FEED_EVENT_TYPES.contactCreated,
        metadata: { contact_id: contact.id, name: contact.name, email: contact.email, source: contact.source },
      },
    },
    at,
  );
  return { contact, outcome: "created", changed: [], changes: [change] };
}

/** Upserts a contact by email in its own transaction. */
export async function upsertContact(ctx: DomainContext, actor: Actor, input: ContactInput): Promise<ContactUpsert> {
  return ctx.db.transaction((trx) => upsertContactIn(trx, actor, input, ctx.clock.now()));
}
