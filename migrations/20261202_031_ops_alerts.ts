// Ops-channel alerts: one row per alerted item (claimed once across replicas), the burst summary of each kind, and the
// decision events already shown on an alert. Frozen in time: imports nothing from src/. New tables only (expand).
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("ops_alerts", (t) => {
    t.bigIncrements("id");
    // intake · role_request · workflow_failure
    t.text("kind").notNullable();
    // What was alerted, unique: "feed:<feed event id>" or "execution:<execution id>". The insert is the claim.
    t.text("source_key").notNullable().unique("ops_alerts_source_key");
    // The intake, role request or workflow execution the alert shows.
    t.bigInteger("subject_id").notNullable();
    // CLAIMED (being posted) · POSTED (its own message) · FOLDED (counted in a burst summary) · FAILED
    t.text("status").notNullable();
    t.text("channel").notNullable();
    t.text("ts");
    t.text("claimed_by");
    t.timestamp("claimed_until", { useTz: true });
    t.integer("attempts").notNullable().defaultTo(0);
    t.text("error");
    t.timestamp("created_at", { useTz: true }).notNullable();
    t.timestamp("posted_at", { useTz: true });
    t.check("status in ('CLAIMED', 'POSTED', 'FOLDED', 'FAILED')", [], "ops_alerts_status_ck");
    // An item's alert when it is decided somewhere (kind + subject), and the minute's count of a kind.
    t.index(["kind", "subject_id"], "ops_alerts_subject_idx");
    t.index(["kind", "created_at"], "ops_alerts_kind_created_idx");
  });
  await knex.raw("create index ops_alerts_claimed_idx on ops_alerts (claimed_until) where status = 'CLAIMED'");
  // One row per kind: the summary message a burst is folded into, and the lock that serializes a kind's alerts.
  await knex.schema.createTable("ops_alert_bursts", (t) => {
    t.text("kind").primary();
    t.text("channel");
    t.text("ts");
    t.integer("count").notNullable().defaultTo(0);
    t.timestamp("started_at", { useTz: true });
    t.timestamp("last_at", { useTz: true });
  });
  // A decision (status change, assignment, approval…) on an alerted item, claimed once: the alert is re-rendered for it.
  await knex.schema.createTable("ops_alert_updates", (t) => {
    t.bigInteger("feed_event_id").primary();
    t.bigInteger("alert_id").notNullable();
    t.timestamp("created_at", { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("ops_alert_updates");
  await knex.schema.dropTableIfExists("ops_alert_bursts");
  await knex.schema.dropTableIfExists("ops_alerts");
}
