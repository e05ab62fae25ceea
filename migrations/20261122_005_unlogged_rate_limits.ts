// Rate-limit counters skip the write-ahead log: they are touched on every Slack request and live for a minute.
// Frozen in time: imports nothing from src/.
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  // A logged upsert waits for its WAL flush at commit (~0.4 ms here, against ~0.07 ms unlogged). What an unlogged
  // table gives up is its rows after a database crash or on a failover standby: a minute's counts, which is the
  // right trade for a rate limit. Delivery receipts stay logged on purpose: they stop a redelivered message from
  // being answered twice, and must survive exactly those events.
  await knex.raw("alter table rate_limit_counters set unlogged");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("alter table rate_limit_counters set logged");
}
