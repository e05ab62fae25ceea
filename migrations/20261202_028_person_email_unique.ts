// One person per email whatever its case: the studio API, the CSV import and Slack profiles all find a person by email
// (lower(email)), so two rows differing only in case would make "the person with this email" ambiguous, and the index
// lets a find-or-create race end in one row (insert … on conflict do nothing). Frozen in time: imports nothing from src/.
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.raw("create unique index users_email_lower_uq on users (lower(email))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop index if exists users_email_lower_uq");
}
