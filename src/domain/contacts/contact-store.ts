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
 * The contact pipeline in one statement, without reading every contact: the counts per status and per source come from
 * contact_counts (kept by triggers, migration 004: a row per status and lower-cased source), the contacts created since
 * `since` from an index-only range scan of contacts_created_status_source_idx.
 */
export async function contactSummary(db: Knex, options: { since: Date; source?: string; topSources: number }): Promise<ContactSummaryRows> {
  const bySource = options.source === undefined ? "" : "and source = lower(?)";
  const newBySource = options.source === undefined ? "" : "and lower(source) = lower(?)";
  const source = options.source === undefined ? [] : [options.source];
  const { rows } = await db.raw<{ rows: { kind: "status" | "source" | "new"; key: string | null; n: number }[] }>(
    `with counted as (select status, source, n from contact_counts where n <> 0 ${bySource})
     select 'status' as kind, status as key, sum(n)::int as n from counted group by status
     union all
     (select 'source', source, sum(n)::int from counted group by source order by sum(n) desc, source nulls last limit ?)
     union all
     select 'new', status, count(*)::int from contacts where created_at >= ? ${newBySource} group by status`,
    [...source, options.topSources, options.since, ...source],
  );
  const fresh = new Map(rows.filter((r) => r.kind === "new").map((r) => [r.key, r.n]));
  return {
    counts: rows
      .filter((r) => r.kind === "status")
      .map((r) => ({ status: r.key as ContactStatus, n: r.n, new_since: fresh.get(r.key) ?? 0 })),
    sources: rows.filter((r) => r.kind === "source").map((r) => ({ source: r.key, n: r.n })),
  };
}
