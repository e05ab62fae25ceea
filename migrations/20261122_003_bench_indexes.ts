// Indexes the benchmarks showed missing (`maestro bench tools`, plan check on the large studio).
// Frozen in time: imports nothing from src/.
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  // get_contact_summary with a source: both of its queries filter on lower(source), which otherwise reads every
  // contact (a sequential scan of 50k rows on the large studio); with it, a bitmap scan of that source's rows.
  await knex.raw("create index contacts_lower_source_idx on contacts (lower(source))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop index if exists contacts_lower_source_idx");
}
