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

export interface ContactSummaryRows {
  /** Contacts per status, with how many of each were created since `since`. */
  counts: { status: ContactStatus; n: number; new_since: number }[];
  /** The most common sources, lower-cased (null = not recorded), most contacts first. */
  sources: { source: string | null; n: number }[];
}

/**
 * The contact pipeline in one statement and one pass over contacts: counted per (status, stored spelling of the
 * source) once, then summed per status and per lower-cased source from those few groups — lower() runs once per
 * distinct spelling, not once per contact. contacts has no index that holds status, source and created_at, so
 * without a source filter this reads the table once (a Seq Scan); the source filter uses contacts_lower_source_idx.
 */
export async function contactSummary(db: Knex, options: { since: Date; source?: string; topSources: number }): Promise<ContactSummaryRows> {
  const bySource = options.source === undefined ? "" : "where lower(source) = lower(?)";
  const { rows } = await db.raw<{ rows: { kind: "status" | "source"; key: string | null; n: number; new_since: number | null }[] }>(
    `with per_spelling as (
       select status, source, count(*) as n, count(*) filter (where created_at >= ?) as new_since
       from contacts ${bySource} group by status, source
     )
     select 'status' as kind, status as key, sum(n)::int as n, sum(new_since)::int as new_since from per_spelling group by status
     union all
     (select 'source', lower(source), sum(n)::int, null from per_spelling
      group by lower(source) order by sum(n) desc, lower(source) nulls last limit ?)`,
    [options.since, ...(options.source === undefined ? [] : [options.source]), options.topSources],
  );
  return {
    counts: rows.filter((r) => r.kind === "status").map((r) => ({ status: r.key as ContactStatus, n: r.n, new_since: r.new_since ?? 0 })),
    sources: rows.filter((r) => r.kind === "source").map((r) => ({ source: r.key, n: r.n })),
  };
}
