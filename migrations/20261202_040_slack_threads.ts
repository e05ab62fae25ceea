// The channel threads Maestro answers in (from an @-mention): a staff follow-up there continues the session without a new
// mention, and every other channel message is dropped after this one lookup. Frozen in time: imports nothing from src/.
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("slack_threads", (t) => {
    t.text("team_id").notNullable();
    t.text("channel_id").notNullable();
    t.text("thread_ts").notNullable();
    t.text("started_by").notNullable();
    t.timestamp("created_at", { useTz: true }).notNullable();
    t.primary(["channel_id", "thread_ts"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("slack_threads");
}
