// Email delivery over SMTP: each email_outbox row gets its attempts, when to try next, a claim lease and when it failed.
// Frozen in time: imports nothing from src/. Expand only: new nullable or defaulted columns and an index, nothing dropped,
// so a replica of the previous version keeps working beside this one (it never sent emails; it only queued them).
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("email_outbox", (t) => {
    // Sends tried so far, counted when a row is claimed (a claimer that dies mid-send used one up).
    t.integer("attempts").notNullable().defaultTo(0);
    // A temporary failure's backoff: not claimed again before this time. Null: due now.
    t.timestamp("next_attempt_at", { useTz: true });
    // The claim: who is sending the row and until when; after that another replica may take it over.
    t.text("claimed_by");
    t.timestamp("claimed_until", { useTz: true });
    t.timestamp("failed_at", { useTz: true });
  });
  // What the drain and the health check scan: the rows still waiting, in order. Small by construction.
  await knex.raw("create index email_outbox_queued_idx on email_outbox (id) where status = 'QUEUED' and dry_run = false");
  // Permanent failures by time, for the health check's window.
  await knex.raw("create index email_outbox_failed_idx on email_outbox (failed_at) where status = 'FAILED'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop index if exists email_outbox_failed_idx");
  await knex.raw("drop index if exists email_outbox_queued_idx");
  await knex.schema.alterTable("email_outbox", (t) => {
    t.dropColumn("failed_at");
    t.dropColumn("claimed_until");
    t.dropColumn("claimed_by");
    t.dropColumn("next_attempt_at");
    t.dropColumn("attempts");
  });
}
