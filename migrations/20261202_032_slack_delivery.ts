// NOTIFY_SLACK delivery with the email outbox's discipline: attempts, a retry time (Slack's Retry-After), a claim lease and
// when it failed. Frozen in time: imports nothing from src/. Expand only: new nullable or defaulted columns and indexes.
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("slack_outbox", (t) => {
    t.integer("attempts").notNullable().defaultTo(0);
    t.timestamp("next_attempt_at", { useTz: true });
    t.text("claimed_by");
    t.timestamp("claimed_until", { useTz: true });
    t.timestamp("failed_at", { useTz: true });
  });
  await knex.raw("create index slack_outbox_queued_idx on slack_outbox (id) where status = 'QUEUED' and dry_run = false");
  await knex.raw("create index slack_outbox_failed_idx on slack_outbox (failed_at) where status = 'FAILED'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop index if exists slack_outbox_failed_idx");
  await knex.raw("drop index if exists slack_outbox_queued_idx");
  await knex.schema.alterTable("slack_outbox", (t) => {
    t.dropColumn("failed_at");
    t.dropColumn("claimed_until");
    t.dropColumn("claimed_by");
    t.dropColumn("next_attempt_at");
    t.dropColumn("attempts");
  });
}
