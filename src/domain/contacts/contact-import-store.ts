// SQL for importing contacts many at a time: find a batch's contacts by email, insert the new ones in one statement.
import type { Knex } from "knex";
import type { ContactStatus } from "../vocabulary.ts";
import type { ContactRow } from "./contact-store.ts";

/**
 * The contact each email (lower-cased) already has: the oldest when a studio's data holds the same email twice, the
 * match a live upsert makes too.
 */
export async function findContactsByEmails(trx: Knex, emailKeys: readonly string[]): Promise<Map<string, ContactRow>> {
  if (!emailKeys.length) return new Map();
  const rows = await trx<ContactRow>("contacts")
    .whereRaw(`lower(email) in (${emailKeys.map(() => "?").join(", ")})`, [...emailKeys])
    .orderBy("id", "asc")
    .select("*");
  const byEmail = new Map<string, ContactRow>();
  for (const row of rows) {
    const key = row.email!.toLowerCase();
    if (!byEmail.has(key)) byEmail.set(key, row);
  }
  return byEmail;
}

/**
 * Takes upsertContact's per-email lock for every email of a batch in one statement (lockContactEmail's key), in hash
 * order so that two batches never wait on each other crosswise.
 */
export async function lockContactEmails(trx: Knex, emailKeys: readonly string[]): Promise<void> {
  if (!emailKeys.length) return;
  await trx.raw(
    `select pg_advisory_xact_lock(k) from (select distinct hashtext('contact-email:' || lower(e)) as k
       from (values ${emailKeys.map(() => "(?)").join(", ")}) as v(e)) as keys order by k`,
    [...emailKeys],
  );
}

export interface NewContact {
  name: string;
  email: string;
  status: ContactStatus;
  source: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Inserts the contacts in one statement; returns their ids in the order given. */
export async function insertContacts(trx: Knex, contacts: readonly NewContact[]): Promise<number[]> {
  if (!contacts.length) return [];
  const rows = await trx("contacts")
    .insert(contacts as NewContact[])
    .returning(["id", "email"]);
  const ids = new Map((rows as { id: number; email: string }[]).map((r) => [r.email, r.id]));
  return contacts.map((c) => ids.get(c.email)!);
}

export async function updateContactFields(
  trx: Knex,
  id: number,
  fields: Partial<Pick<ContactRow, "name" | "status" | "source">>,
  at: Date,
): Promise<void> {
  await trx("contacts")
    .where({ id })
    .update({ ...fields, updated_at: at });
}
