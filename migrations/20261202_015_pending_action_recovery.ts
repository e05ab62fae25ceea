// Confirmed actions that outlive their executor: how the click was made (so a recovery runs it as the same path), how
// often a recovery took it over (an action that kills its executor every time is given up on), and the state its Slack
// card last showed (a card left behind by a crash after the settle is brought up to date).
// Frozen in time: imports nothing from src/. Expand only: new nullable or defaulted columns and indexes.
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("pending_actions", (t) => {
    t.text("decided_via");
    t.integer("recoveries").notNullable().defaultTo(0);
    t.text("card_status");
  });
  // Every card posted before this migration is taken to show its action's state: no storm of card updates on deploy.
  await knex("pending_actions")
    .whereNotNull("slack_message_ts")
    .update({ card_status: knex.ref("status") });
  // What the recovery sweep scans: confirmed actions by claim time, and settled actions whose card is behind. Small.
  await knex.raw("create index pending_actions_confirmed_idx on pending_actions (decided_at) where status = 'confirmed'");
  await knex.raw(
    "create index pending_actions_card_behind_idx on pending_actions (decided_at) where slack_message_ts is not null and card_status is distinct from status and status in ('executed', 'failed', 'cancelled', 'expired')",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop index if exists pending_actions_card_behind_idx");
  await knex.raw("drop index if exists pending_actions_confirmed_idx");
  await knex.schema.alterTable("pending_actions", (t) => {
    t.dropColumn("card_status");
    t.dropColumn("recoveries");
    t.dropColumn("decided_via");
  });
}
