// A fingerprint of every table (row count and a hash of its rows), to prove "nothing changed" and to report what did.
import type { Knex } from "knex";

export type TableState = Record<string, { rows: number; hash: string }>;

/** Every application table (knex's own bookkeeping left out). */
export async function listTables(db: Knex): Promise<string[]> {
  const { rows } = (await db.raw(
    "select tablename from pg_tables where schemaname = 'public' and tablename not like 'knex\\_%' order by tablename",
  )) as { rows: { tablename: string }[] };
  return rows.map((r) => r.tablename);
}

/** One round trip for all tables; rows are hashed in text order so the hash does not depend on physical order. */
export async function tableState(db: Knex, tables?: readonly string[]): Promise<TableState> {
  const names = tables ?? (await listTables(db));
  if (!names.length) return {};
  const query = names
    .map(
      (table) =>
        `select '${table}' as name, count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from "${table}" t`,
    )
    .join(" union all ");
  const { rows } = (await db.raw(query)) as { rows: { name: string; n: number; h: string }[] };
  return Object.fromEntries(rows.map((r) => [r.name, { rows: r.n, hash: r.h }]));
}

/** Tables whose content differs, with the change in row count. */
export function changedTables(before: TableState, after: TableState): { table: string; rowDelta: number }[] {
  return Object.keys(after)
    .filter((t) => before[t]?.hash !== after[t]!.hash)
    .map((t) => ({ table: t, rowDelta: after[t]!.rows - (before[t]?.rows ?? 0) }));
}
