// Read models the database keeps current, and covering indexes, so no read tool counts a large table per call
// (`maestro bench tools`): queue, role request and contact counts, each intake's furthest funnel stage. Frozen: imports nothing from src/.
//
// Counters are kept by statement-level triggers with transition tables: one aggregate per statement however many rows
// it touches, so a bulk INSERT … SELECT (the large seed) stays fast. Deltas are applied in key order, so statements
// moving rows between the same keys lock counter rows in the same order. TRUNCATE fires no row-level work: a TRUNCATE
// trigger resets the read model. Creating a trigger locks its table against writes until this migration commits, so the
// initial fill below it misses no write and counts none twice.
import type { Knex } from "knex";

interface Counter {
  /** The counted table. */
  table: string;
  /** The counter table: the key columns and n. */
  counts: string;
  /** Counter column → the expression over a counted row that fills it. */
  keys: Record<string, string>;
  /** The unique index expressions over the counter table's key columns (a null key is a key too). */
  unique: string;
  columns: string;
  comment: string;
}

const COUNTERS: Counter[] = [
  {
    // get_intake_queue: counts_by_status and total, for any owner filter (null owner = unassigned).
    table: "intake_requests",
    counts: "intake_request_counts",
    keys: { status: "status", owner_user_id: "owner_user_id" },
    unique: "status, coalesce(owner_user_id, 0)",
    columns: "status text not null, owner_user_id integer, n bigint not null",
    comment: "intake_requests per (status, owner_user_id; null = unassigned), kept by triggers on intake_requests",
  },
  {
    // list_role_requests: counts_by_status over every request, with each page.
    table: "role_requests",
    counts: "role_request_counts",
    keys: { status: "status" },
    unique: "status",
    columns: "status text not null, n bigint not null",
    comment: "role_requests per status, kept by triggers on role_requests",
  },
  {
    // get_contact_summary: contacts per status and per lower-cased source (null = not recorded).
    table: "contacts",
    counts: "contact_counts",
    keys: { status: "status", source: "lower(source)" },
    unique: "status, (source is null), coalesce(source, '')",
    columns: "status text not null, source text, n bigint not null",
    comment: "contacts per (status, lower(source); null = not recorded), kept by triggers on contacts",
  },
];

async function createCounter(knex: Knex, c: Counter): Promise<void> {
  const cols = Object.keys(c.keys).join(", ");
  const grouped = (rows: string, n: string) =>
    `select ${Object.entries(c.keys)
      .map(([col, expr]) => `${expr} as ${col}`)
      .join(", ")}, ${n} as n from ${rows}`;
  // Each branch names only the transition tables its event has (plpgsql plans a statement when it first runs it).
  const upsert = (deltas: string) =>
    `insert into ${c.counts} as c (${cols}, n) select ${cols}, sum(n) from (${deltas}) d group by ${cols} having sum(n) <> 0
     order by ${c.unique} on conflict (${c.unique}) do update set n = c.n + excluded.n;`;
  await knex.raw(`create table ${c.counts} (${c.columns})`);
  await knex.raw(`comment on table ${c.counts} is '${c.comment}'`);
  await knex.raw(`create unique index ${c.counts}_key_uq on ${c.counts} (${c.unique})`);
  await knex.raw(`
    create function ${c.counts}_apply() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then ${upsert(grouped("new_rows", "1"))}
      elsif tg_op = 'UPDATE' then ${upsert(`${grouped("new_rows", "1")} union all ${grouped("old_rows", "-1")}`)}
      else ${upsert(grouped("old_rows", "-1"))}
      end if;
      return null;
    end $$`);
  await knex.raw(
    `create function ${c.counts}_reset() returns trigger language plpgsql as $$ begin delete from ${c.counts}; return null; end $$`,
  );
  await createTriggers(knex, c.table, c.counts, `${c.counts}_apply()`, `${c.counts}_reset()`);
  await knex.raw(`insert into ${c.counts} (${cols}, n) select ${cols}, count(*) from (${grouped(c.table, "1")}) d group by ${cols}`);
}

/** `<prefix>_insert|update|delete` run `apply` once per statement with its transition tables; `<prefix>_truncate` runs `reset`. */
async function createTriggers(knex: Knex, table: string, prefix: string, apply: string, reset: string): Promise<void> {
  const run = `for each statement execute function ${apply}`;
  await knex.raw(`create trigger ${prefix}_insert after insert on ${table} referencing new table as new_rows ${run}`);
  await knex.raw(`create trigger ${prefix}_update after update on ${table} referencing old table as old_rows new table as new_rows ${run}`);
  await knex.raw(`create trigger ${prefix}_delete after delete on ${table} referencing old table as old_rows ${run}`);
  await knex.raw(`create trigger ${prefix}_truncate after truncate on ${table} for each statement execute function ${reset}`);
}

async function dropTriggers(knex: Knex, table: string, prefix: string): Promise<void> {
  for (const event of ["insert", "update", "delete", "truncate"]) await knex.raw(`drop trigger if exists ${prefix}_${event} on ${table}`);
}

async function dropCounter(knex: Knex, c: Counter): Promise<void> {
  await dropTriggers(knex, c.table, c.counts);
  await knex.raw(`drop function if exists ${c.counts}_apply(), ${c.counts}_reset()`);
  await knex.raw(`drop table if exists ${c.counts}`);
}

const STAGE = "max(case to_status when 'BOOKED' then 2 when 'QUALIFIED' then 1 end)::smallint";

/** get_funnel_stats: the furthest stage an intake's status history reached, on the intake, kept by triggers on the history. */
async function createReachedStage(knex: Knex): Promise<void> {
  await knex.raw("alter table intake_requests add column reached_stage smallint");
  await knex.raw(
    "comment on column intake_requests.reached_stage is 'furthest stage its status history reached: 2 = BOOKED, 1 = QUALIFIED, null = neither; kept by triggers on intake_status_history'",
  );
  await knex.raw(`
    create function intake_history_stage(p_intake_id integer) returns smallint language sql stable as $$
      select ${STAGE} from intake_status_history where intake_id = p_intake_id and to_status in ('QUALIFIED', 'BOOKED')
    $$`);
  // History is appended: an insert can only raise the stage, computed from the new rows alone. An update or a delete
  // (the app does neither; a deleted intake takes its history along, leaving no intake row to update) recomputes it.
  const recompute = (ids: string) =>
    `update intake_requests i set reached_stage = intake_history_stage(i.id)
     where i.id in (${ids}) and i.reached_stage is distinct from intake_history_stage(i.id);`;
  await knex.raw(`
    create function intake_reached_stage_apply() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        update intake_requests i set reached_stage = s.stage
        from (select intake_id, ${STAGE} as stage from new_rows where to_status in ('QUALIFIED', 'BOOKED') group by intake_id) s
        where i.id = s.intake_id and (i.reached_stage is null or i.reached_stage < s.stage);
      elsif tg_op = 'UPDATE' then ${recompute("select intake_id from old_rows union select intake_id from new_rows")}
      else ${recompute("select intake_id from old_rows")}
      end if;
      return null;
    end $$`);
  await knex.raw(`
    create function intake_reached_stage_reset() returns trigger language plpgsql as $$
    begin update intake_requests set reached_stage = null where reached_stage is not null; return null; end $$`);
  await createTriggers(
    knex,
    "intake_status_history",
    "intake_reached_stage",
    "intake_reached_stage_apply()",
    "intake_reached_stage_reset()",
  );
  await knex.raw(`update intake_requests i set reached_stage = s.stage
    from (select intake_id, ${STAGE} as stage from intake_status_history where to_status in ('QUALIFIED', 'BOOKED') group by intake_id) s
    where i.id = s.intake_id`);
}

/** Plain created_at indexes replaced by covering ones: [table, old index, new index, included columns]. */
const COVERING: [string, string, string, string][] = [
  // get_funnel_stats: intakes of a creation window per (status, stage), index-only. The queue pages over it too.
  ["intake_requests", "intake_requests_created_idx", "intake_requests_created_stage_idx", "status, reached_stage"],
  // list_workflow_rules' last-24-hours runs and failures per rule, list_workflow_executions' counts for an event
  // type's rules: index-only instead of a heap visit per run. The newest-first page uses it too.
  ["workflow_executions", "workflow_executions_created_idx", "workflow_executions_created_rule_status_idx", "rule_id, status"],
  // get_contact_summary: contacts created since a date per status (and source), index-only.
  ["contacts", "contacts_created_idx", "contacts_created_status_source_idx", "status, source"],
];

export async function up(knex: Knex): Promise<void> {
  await createReachedStage(knex);
  for (const [table, old, index, include] of COVERING) {
    await knex.raw(`create index ${index} on ${table} (created_at) include (${include})`);
    await knex.raw(`drop index ${old}`);
  }
  // run_health_check counts the live grants of the ADMIN role: that role's entries only, not every grant.
  await knex.raw("create index role_assignments_live_role_idx on role_assignments (role_id, user_id) where revoked_at is null");
  for (const counter of COUNTERS) await createCounter(knex, counter);
}

export async function down(knex: Knex): Promise<void> {
  for (const counter of [...COUNTERS].reverse()) await dropCounter(knex, counter);
  await knex.raw("drop index if exists role_assignments_live_role_idx");
  for (const [table, old, index] of COVERING) {
    await knex.raw(`create index if not exists ${old} on ${table} (created_at)`);
    await knex.raw(`drop index if exists ${index}`);
  }
  await dropTriggers(knex, "intake_status_history", "intake_reached_stage");
  await knex.raw("drop function if exists intake_reached_stage_apply(), intake_reached_stage_reset(), intake_history_stage(integer)");
  await knex.raw("alter table intake_requests drop column if exists reached_stage");
}
