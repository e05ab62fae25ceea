// 👍/👎 on Maestro's answers: one row per person per answer (a changed vote updates it), with what the run used. Frozen in
// time: imports nothing from src/. A new table only (expand).
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("answer_feedback", (t) => {
    t.bigIncrements("id");
    t.uuid("run_id").notNullable().references("agent_runs.id").onDelete("CASCADE");
    t.integer("user_id").notNullable().references("users.id").onDelete("CASCADE");
    // up · down
    t.text("value").notNullable();
    // Optional, from the 👎 modal; what a person wrote, shown to admins as quoted data.
    t.text("reason");
    // Copied from the run when the vote is cast, so the list reads without joins and survives a pruned run's usage.
    t.text("model");
    t.jsonb("tools_used").notNullable().defaultTo("[]");
    t.decimal("cost_usd", 12, 6).notNullable().defaultTo(0);
    t.text("channel_id").notNullable();
    t.timestamp("created_at", { useTz: true }).notNullable();
    t.timestamp("updated_at", { useTz: true }).notNullable();
    t.check("value in ('up', 'down')", [], "answer_feedback_value_ck");
    t.unique(["run_id", "user_id"], { indexName: "answer_feedback_run_user_uq" });
    t.index(["updated_at"], "answer_feedback_updated_idx");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("answer_feedback");
}
