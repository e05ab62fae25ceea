// SQL for contacts: the studio's people pipeline.
import type { Knex } from "knex";
import type { ContactStatus } from "../vocabulary.ts";

export interface ContactRow {
  id: number;
  name: string;
  email: string | null;
  status: ContactStatus;
  source: string | null;
  created_at: Date;
  updated_at: Date;
}

export async function findContact(db: Knex, id: number): Promise<ContactRow | undefined> {
  return db<ContactRow>("contacts").where({ id }).first();
}

export async function setContactStatus(trx: Knex, id: number, status: ContactStatus, at: Date): Promise<ContactRow | undefined> {
  const [row] = await trx<ContactRow>("contacts").where({ id }).update({ status, updated_at: at }).returning("*");
  return row as ContactRow | undefined;
}

/**
 * Contacts per status, with how many of each were created since `since`, in one pass.
 * contacts has no created_at index, so this reads the table (or the slice for one source) once.
 */
export async function contactCountsByStatus(db: Knex, options: { since: Date; source?: string }) {
  const q = db("contacts");
  // Case-insensitive: "Instagram" and "instagram" are one source to the person asking.
  if (options.source !== undefined) q.whereRaw("lower(source) = lower(?)", [options.source]);
  return q
    .groupBy("status")
    .select<{ status: ContactStatus; n: number; new_since: number }[]>(
      "status",
      db.raw("count(*)::int as n"),
      db.raw("(count(*) filter (where created_at >= ?))::int as new_since", [options.since]),
    );
}

/**
 * The most common contact sources, lower-cased (null = not recorded), most contacts first. Counted per stored
 * spelling first, then spellings merged: lower() runs once per distinct source instead of once per contact,
 * which halves this query on a large studio (maestro bench tools). The source filter uses contacts_lower_source_idx.
 */
export async function topContactSources(db: Knex, limit: number, options: { source?: string } = {}) {
  const perSpelling = db("contacts").groupBy("source").select("source", db.raw("count(*) as n"));
  if (options.source !== undefined) perSpelling.whereRaw("lower(source) = lower(?)", [options.source]);
  return db
    .from(perSpelling.as("s"))
    .groupByRaw("lower(source)")
    .orderByRaw("sum(n) desc, lower(source) nulls last")
    .limit(limit)
    .select<{ source: string | null; n: number }[]>(db.raw("lower(source) as source"), db.raw("sum(n)::int as n"));
}
