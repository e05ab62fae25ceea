// Turn recovery (issue 13): a run keeps where its answer goes, and a taken inbox row when it was taken, so the
// recovery sweep can tell the person in the place they asked and knows whether a taken message got a run.
// Frozen in time: imports nothing from src/. Expand only (nullable columns), so a replica of the previous version keeps
// working beside this one: its runs have no origin (the notice goes to the conversation's place) and its taken rows
// no taken_at (their created_at stands in).
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("agent_runs", (t) => {
    // The surface's origin of the message that started the run (channel, thread, message ts …), as the inbox keeps it.
    t.jsonb("origin");
  });
  await knex.schema.alterTable("conversation_inbox", (t) => {
    t.timestamp("taken_at", { useTz: true });
  });
  // The sweep's scan: conversations with a running run or a waiting message. Small by construction (both finish).
  await knex.raw("create index agent_runs_running_idx on agent_runs (conversation_id) where status = 'running'");
  await knex.raw("create index conversation_inbox_waiting_idx on conversation_inbox (conversation_id) where status in ('queued', 'taken')");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop index if exists conversation_inbox_waiting_idx");
  await knex.raw("drop index if exists agent_runs_running_idx");
  await knex.schema.alterTable("conversation_inbox", (t) => t.dropColumn("taken_at"));
  await knex.schema.alterTable("agent_runs", (t) => t.dropColumn("origin"));
}
