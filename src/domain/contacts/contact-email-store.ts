// SQL for finding and writing a contact by email (the studio API and the CSV import): case-insensitive, one at a time.
import type { Knex } from "knex";
import type { ContactStatus } from "../vocabulary.ts";
import type { ContactRow } from "./contact-store.ts";

/**
 * Serializes writers of one email until the transaction ends, so two requests for a new address create one contact.
 * PostgreSQL: a transaction-level advisory lock; PGlite has one session, where it is free and already serial.
 */
export async function lockContactEmail(trx: Knex, email: string): Promise<void> {
  await trx.raw("select pg_advisory_xact_lock(hashtext('contact-email:' || lower(?)))", [email]);
}

/** The oldest contact with this email, whatever its case (contacts_email_lower_idx). */
export async function findContactByEmail(db: Knex, email: string): Promise<ContactRow | undefined> {
  return db<ContactRow>("contacts").whereRaw("lower(email) = lower(?)", [email]).orderBy("id").first();
}

export interface ContactFields {
  name: string;
  email: string;
  status: ContactStatus;
  source: string | null;
}

export async function insertContactRow(trx: Knex, fields: ContactFields, at: Date): Promise<ContactRow> {
  const [row] = await trx<ContactRow>("contacts")
    .insert({ ...fields, created_at: at, updated_at: at })
    .returning("*");
  return row as ContactRow;
}

export async function updateContactRow(trx: Knex, id: number, fields: Partial<ContactFields>, at: Date): Promise<ContactRow> {
  const [row] = await trx<ContactRow>("contacts")
    .where({ id })
    .update({ ...fields, updated_at: at })
    .returning("*");
  return row as ContactRow;
}
