// Slack told Maestro its bot token is gone (tokens_revoked, app_uninstalled): one row while it is, so every replica
// stops posting (the outboxes, alerts, digest and card sweeps would otherwise hammer a dead token) until a call with the
// configured token works again. No row: the token is taken to work.
// Frozen in time: imports nothing from src/. Expand only: a new table.
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("slack_token_revocations", (t) => {
    // One row at most: the bot token this deployment is configured with.
    t.text("token").primary().defaultTo("bot");
    t.text("reason").notNullable();
    t.text("slack_team_id");
    t.timestamp("revoked_at", { useTz: true }).notNullable();
    /** The last time a check found the token still refused. */
    t.timestamp("checked_at", { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("slack_token_revocations");
}
