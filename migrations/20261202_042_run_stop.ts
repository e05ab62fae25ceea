// A Stop on a running turn, recorded on its run so the replica running it sees the request (it polls its own run):
// when it was asked and by whom. The run still ends `completed` (error `stopped`), so no status is added.
// Frozen in time: imports nothing from src/. Expand only: new nullable columns and an index.
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("agent_runs", (t) => {
    t.timestamp("stop_requested_at", { useTz: true });
    t.integer("stop_requested_by");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("agent_runs", (t) => {
    t.dropColumn("stop_requested_by");
    t.dropColumn("stop_requested_at");
  });
}
