// Confirmation cards say where they were asked (a link) and carry a cancel reason back to the model. Frozen in time:
// imports nothing from src/. Nullable columns only (expand): rows and cards from before read as "no link, no reason".
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("pending_actions", (t) => {
    // The conversation the call was asked in (a channel id) and a permalink to the question, resolved when the card is posted.
    t.text("asked_channel_id");
    t.text("asked_link");
    // What the person who cancelled wrote (optional); sent to the model with the cancellation.
    t.text("decision_note");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("pending_actions", (t) => {
    t.dropColumn("decision_note");
    t.dropColumn("asked_link");
    t.dropColumn("asked_channel_id");
  });
}
