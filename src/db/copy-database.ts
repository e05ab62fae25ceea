// Copies every table of one Maestro database into another (embedded ↔ PostgreSQL): rows in foreign-key order in one
// transaction on the target, counts verified before commit, sequences advanced past the copied ids.
//
// Read models kept by triggers are copied as rows with those triggers off, so the target matches the source exactly.
// Rows travel as JSON that PostgreSQL itself writes (to_jsonb) and reads back (json_populate_recordset into the same
// row type), so every column type — jsonb, arrays, timestamps, bytea, numeric — arrives exactly, on either engine.
import type { Knex } from "knex";

export interface TableCopy {
  table: string;
  source: number;
  target: number;
}

export interface CopyReport {
  tables: TableCopy[];
  sequences: { sequence: string; value: number }[];
}

/** The target already holds data; nothing was written. */
export class TargetNotEmptyError extends Error {
  constructor(readonly tables: string[]) {
    super(
      `The target database already holds data (${tables.join(", ")}). Copy into an empty database, or pass --replace to wipe it first.`,
    );
    this.name = "TargetNotEmptyError";
  }
}

const BOOKKEEPING = ["knex_migrations", "knex_migrations_lock"];
/** Tables a migration fills on every database (023: the four roles): a freshly migrated target is still empty. */
const FILLED_BY_MIGRATIONS = ["roles"];
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function rows<T>(db: Knex, sql: string, bindings: readonly unknown[] = []): Promise<T[]> {
  return ((await db.raw(sql, bindings as Knex.RawBinding[])) as { rows: T[] }).rows;
}

async function tablesOf(db: Knex): Promise<string[]> {
  const found = await rows<{ name: string }>(
    db,
    "select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1",
  );
  return found.map((r) => r.name).filter((name) => !BOOKKEEPING.includes(name));
}

/** Tables ordered so that every table comes after those its foreign keys point to. */
async function inDependencyOrder(db: Knex, tables: string[]): Promise<string[]> {
  const edges = await rows<{ child: string; parent: string }>(
    db,
    `select cl.relname as child, pl.relname as parent from pg_constraint co
       join pg_class cl on cl.oid = co.conrelid join pg_class pl on pl.oid = co.confrelid
       join pg_namespace n on n.oid = co.connamespace
     where co.contype = 'f' and n.nspname = 'public' and cl.relname <> pl.relname`,
  );
  const ordered: string[] = [];
  const remaining = new Set(tables);
  while (remaining.size) {
    const ready = [...remaining].filter((t) => !edges.some((e) => e.child === t && remaining.has(e.parent)));
    if (!ready.length) throw new Error(`Foreign keys form a cycle among: ${[...remaining].join(", ")}`);
    for (const t of ready.sort()) {
      ordered.push(t);
      remaining.delete(t);
    }
  }
  return ordered;
}

async function count(db: Knex, table: string): Promise<number> {
  const [row] = await rows<{ n: string | number }>(db, `select count(*) as n from ${quote(table)}`);
  return Number(row!.n);
}

/** Copies one table in pages read by ctid (a stable order in a snapshot, without an index). */
async function copyTable(source: Knex, target: Knex, table: string, pageSize: number): Promise<void> {
  const columns = await rows<{ name: string }>(
    target,
    "select column_name as name from information_schema.columns where table_schema = 'public' and table_name = ? and is_generated = 'NEVER' order by ordinal_position",
    [table],
  );
  const list = columns.map((c) => quote(c.name)).join(", ");
  let after = "(0,0)";
  for (;;) {
    const [page] = await rows<{ json: string | null; last: string | null }>(
      source,
      `with page as (select t.ctid as maestro_ctid, t.* from ${quote(table)} t where t.ctid > ?::tid order by t.ctid limit ?)
       select (select json_agg(to_jsonb(p) - 'maestro_ctid') from page p)::text as json, (select max(maestro_ctid) from page)::text as last`,
      [after, pageSize],
    );
    if (!page?.json || !page.last) return;
    await target.raw(
      `insert into ${quote(table)} (${list}) overriding system value select ${list} from json_populate_recordset(null::${quote(table)}, ?::json)`,
      [page.json],
    );
    after = page.last;
  }
}

/** Sets every column-owned sequence past both the source's position and the highest copied id. */
async function advanceSequences(source: Knex, target: Knex): Promise<CopyReport["sequences"]> {
  const owned = await rows<{ sequence: string; table: string; column: string }>(
    target,
    `select s.relname as sequence, t.relname as table, a.attname as column from pg_class s
       join pg_namespace n on n.oid = s.relnamespace
       join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
       join pg_class t on t.oid = d.refobjid join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
     where s.relkind = 'S' and n.nspname = 'public' order by 1`,
  );
  const report: CopyReport["sequences"] = [];
  for (const { sequence, table, column } of owned) {
    const [at] = await rows<{ last_value: string | number; is_called: boolean }>(
      source,
      `select last_value, is_called from ${quote(sequence)}`,
    );
    const [max] = await rows<{ max: string | number | null }>(target, `select max(${quote(column)}) as max from ${quote(table)}`);
    const value = Math.max(at?.is_called ? Number(at.last_value) : 0, Number(max?.max ?? 0));
    if (value > 0) await target.raw("select setval(?::regclass, ?, true)", [quote(sequence), value]);
    else await target.raw("select setval(?::regclass, 1, false)", [quote(sequence)]);
    report.push({ sequence, value });
  }
  return report;
}

/**
 * Copies every table of `source` into `target`, whose schema must be the same (both migrated by this version).
 * One transaction on the target: a failure, a refused non-empty target or a count that does not match leaves it as it was.
 */
export async function copyDatabase(
  source: Knex,
  target: Knex,
  options: { replace?: boolean; pageSize?: number } = {},
): Promise<CopyReport> {
  const tables = await tablesOf(source);
  const targetTables = new Set(await tablesOf(target));
  const absent = tables.filter((t) => !targetTables.has(t));
  if (absent.length) throw new Error(`The target lacks tables the source has (${absent.join(", ")}): migrate it first.`);
  const order = await inDependencyOrder(source, tables);
  return source.transaction(
    async (src) =>
      target.transaction(async (trx) => {
        if (options.replace) await trx.raw(`truncate table ${order.map(quote).join(", ")} restart identity cascade`);
        const occupied: string[] = [];
        for (const table of order) if ((await count(trx, table)) > 0) occupied.push(table);
        if (occupied.some((t) => !FILLED_BY_MIGRATIONS.includes(t))) throw new TargetNotEmptyError(occupied);
        // Only the migrations' rows: the source's rows (the same roles, with their ids) replace them.
        if (occupied.length) await trx.raw(`truncate table ${occupied.map(quote).join(", ")} restart identity cascade`);
        // The rows are copied as they are, read models included: the triggers that keep those current would count
        // every copied row a second time. Off for this transaction's copy only (foreign keys stay checked).
        for (const table of order) await trx.raw(`alter table ${quote(table)} disable trigger user`);
        for (const table of order) await copyTable(src, trx, table, options.pageSize ?? 500);
        for (const table of order) await trx.raw(`alter table ${quote(table)} enable trigger user`);
        const copies: TableCopy[] = [];
        for (const table of order) copies.push({ table, source: await count(src, table), target: await count(trx, table) });
        const wrong = copies.filter((c) => c.source !== c.target);
        if (wrong.length)
          throw new Error(
            `Row counts differ after the copy (${wrong.map((c) => `${c.table} ${c.source}→${c.target}`).join(", ")}): nothing was kept.`,
          );
        return { tables: copies, sequences: await advanceSequences(src, trx) };
      }),
    { isolationLevel: "repeatable read" },
  );
}
