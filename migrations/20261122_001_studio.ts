// The studio tables of DOMAIN.md. Frozen in time: imports nothing from src/.
import type { Knex } from "knex";

const check = (column: string, values: readonly string[]) => `${column} in (${values.map((v) => `'${v}'`).join(", ")})`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("users", (t) => {
    t.increments("id");
    t.text("name").notNullable();
    t.text("email").notNullable().unique();
    t.text("slack_user_id").unique();
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable("roles", (t) => {
    t.increments("id");
    t.text("name").notNullable().unique();
    t.text("description");
  });

  await knex.schema.createTable("role_assignments", (t) => {
    t.increments("id");
    t.integer("user_id").notNullable().references("users.id").onDelete("CASCADE");
    t.integer("role_id").notNullable().references("roles.id");
    t.integer("granted_by").references("users.id").onDelete("SET NULL");
    t.timestamp("granted_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("revoked_at", { useTz: true });
  });
  // One live grant of a role per user; the staff check reads by user.
  await knex.raw("create unique index role_assignments_live_uq on role_assignments (user_id, role_id) where revoked_at is null");

  await knex.schema.createTable("role_requests", (t) => {
    t.increments("id");
    t.integer("user_id").notNullable().references("users.id").onDelete("CASCADE");
    t.integer("requested_role_id").notNullable().references("roles.id");
    t.text("reason");
    t.text("status").notNullable().defaultTo("PENDING");
    t.integer("decided_by").references("users.id").onDelete("SET NULL");
    t.text("decision_reason");
    t.timestamp("submitted_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("decided_at", { useTz: true });
    t.check(check("status", ["PENDING", "APPROVED", "REJECTED"]), [], "role_requests_status_ck");
    t.check("(status = 'PENDING') = (decided_at is null)", [], "role_requests_decided_ck");
    t.index(["status", "submitted_at"], "role_requests_status_submitted_idx");
    t.index(["status", "decided_at"], "role_requests_status_decided_idx");
  });
  await knex.raw("create unique index role_requests_one_pending_uq on role_requests (user_id, requested_role_id) where status = 'PENDING'");

  await knex.schema.createTable("contacts", (t) => {
    t.increments("id");
    t.text("name").notNullable();
    t.text("email");
    t.text("status").notNullable().defaultTo("NEW");
    t.text("source");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(check("status", ["NEW", "CONTACTED", "QUALIFIED", "ACTIVE", "CHURNED"]), [], "contacts_status_ck");
    t.index(["status"], "contacts_status_idx");
    t.index(["email"], "contacts_email_idx");
    t.index(["created_at"], "contacts_created_idx");
  });

  await knex.schema.createTable("intake_requests", (t) => {
    t.increments("id");
    t.integer("contact_id").references("contacts.id").onDelete("SET NULL");
    t.text("contact_name").notNullable();
    t.text("email");
    t.text("audience");
    t.text("goals");
    t.text("status").notNullable().defaultTo("NEW");
    t.integer("owner_user_id").references("users.id").onDelete("SET NULL");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(check("status", ["NEW", "TRIAGED", "QUALIFIED", "REJECTED", "BOOKED", "CLOSED"]), [], "intake_requests_status_ck");
    // The queue: by status, oldest first; the funnel: by creation time.
    t.index(["status", "created_at"], "intake_requests_status_created_idx");
    t.index(["created_at"], "intake_requests_created_idx");
    t.index(["owner_user_id"], "intake_requests_owner_idx");
    t.index(["contact_id"], "intake_requests_contact_idx");
  });

  await knex.schema.createTable("intake_status_history", (t) => {
    t.increments("id");
    t.integer("intake_id").notNullable().references("intake_requests.id").onDelete("CASCADE");
    t.text("from_status").notNullable();
    t.text("to_status").notNullable();
    t.text("note");
    t.text("actor_type").notNullable();
    t.integer("actor_id");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(check("actor_type", ["USER", "AGENT", "SYSTEM"]), [], "intake_status_history_actor_ck");
    t.index(["intake_id", "created_at"], "intake_status_history_intake_idx");
  });

  await knex.schema.createTable("maestro_availability", (t) => {
    t.increments("id");
    t.timestamp("start_at", { useTz: true }).notNullable();
    t.timestamp("end_at", { useTz: true }).notNullable();
    t.text("status").notNullable().defaultTo("OPEN");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(check("status", ["OPEN", "BOOKED", "CANCELLED"]), [], "maestro_availability_status_ck");
    t.check("end_at > start_at", [], "maestro_availability_span_ck");
    t.index(["start_at"], "maestro_availability_start_idx");
    t.index(["status", "start_at"], "maestro_availability_status_start_idx");
  });

  await knex.schema.createTable("bookings", (t) => {
    t.increments("id");
    t.integer("availability_id").notNullable().references("maestro_availability.id").onDelete("CASCADE");
    t.integer("intake_id").references("intake_requests.id").onDelete("SET NULL");
    t.text("status").notNullable().defaultTo("CONFIRMED");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(check("status", ["CONFIRMED", "CANCELLED"]), [], "bookings_status_ck");
    t.index(["intake_id"], "bookings_intake_idx");
    t.index(["availability_id"], "bookings_availability_idx");
  });
  // A slot holds at most one confirmed booking.
  await knex.raw("create unique index bookings_one_confirmed_uq on bookings (availability_id) where status = 'CONFIRMED'");

  await knex.schema.createTable("feed_events", (t) => {
    t.bigIncrements("id");
    t.text("event_type").notNullable();
    t.text("actor_type").notNullable().defaultTo("SYSTEM");
    t.text("actor_id");
    t.text("subject_type");
    t.text("subject_id");
    t.jsonb("metadata").notNullable().defaultTo("{}");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["created_at"], "feed_events_created_idx");
    t.index(["event_type", "created_at"], "feed_events_type_created_idx");
  });

  await knex.schema.createTable("workflow_rules", (t) => {
    t.increments("id");
    t.text("name").notNullable().unique();
    t.text("description");
    t.text("trigger_event_type").notNullable();
    t.jsonb("condition");
    t.text("action_type").notNullable();
    t.jsonb("action_config").notNullable().defaultTo("{}");
    t.boolean("enabled").notNullable().defaultTo(true);
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(
      check("action_type", ["ADD_INTAKE_NOTE", "SET_CONTACT_STATUS", "ASSIGN_OWNER", "NOTIFY_SLACK", "SEND_EMAIL"]),
      [],
      "workflow_rules_action_ck",
    );
    t.index(["trigger_event_type", "enabled"], "workflow_rules_trigger_idx");
  });

  await knex.schema.createTable("workflow_executions", (t) => {
    t.bigIncrements("id");
    t.integer("rule_id").references("workflow_rules.id").onDelete("SET NULL");
    t.bigInteger("feed_event_id").references("feed_events.id").onDelete("SET NULL");
    t.text("status").notNullable();
    t.jsonb("rule_snapshot").notNullable();
    t.jsonb("event_payload").notNullable();
    t.jsonb("action_result");
    t.text("error");
    t.integer("duration_ms").notNullable().defaultTo(0);
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(check("status", ["SUCCESS", "FAILED", "SKIPPED"]), [], "workflow_executions_status_ck");
    t.index(["created_at"], "workflow_executions_created_idx");
    t.index(["status", "created_at"], "workflow_executions_status_created_idx");
    t.index(["rule_id", "created_at"], "workflow_executions_rule_created_idx");
    t.index(["feed_event_id"], "workflow_executions_event_idx");
  });

  await knex.schema.createTable("content_search_log", (t) => {
    t.bigIncrements("id");
    t.text("query").notNullable();
    t.integer("results_count").notNullable().defaultTo(0);
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["created_at"], "content_search_log_created_idx");
  });

  await knex.schema.createTable("audit_log", (t) => {
    t.bigIncrements("id");
    t.text("actor_type").notNullable();
    t.text("actor_id");
    t.text("action").notNullable();
    t.text("target_type");
    t.text("target_id");
    t.jsonb("details").notNullable().defaultTo("{}");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["created_at"], "audit_log_created_idx");
    t.index(["action", "created_at"], "audit_log_action_created_idx");
    t.index(["actor_type", "created_at"], "audit_log_actor_created_idx");
    t.index(["target_type", "created_at"], "audit_log_target_created_idx");
  });

  // Outboxes for workflow actions with outside effects: the studio's mailer and the Slack surface drain them.
  await knex.schema.createTable("email_outbox", (t) => {
    t.bigIncrements("id");
    t.text("to_address").notNullable();
    t.text("subject").notNullable();
    t.text("body").notNullable();
    t.text("status").notNullable().defaultTo("QUEUED");
    t.boolean("dry_run").notNullable().defaultTo(false);
    t.bigInteger("workflow_execution_id");
    t.text("error");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("sent_at", { useTz: true });
    t.check(check("status", ["QUEUED", "SENT", "FAILED", "DRY_RUN"]), [], "email_outbox_status_ck");
    t.index(["status", "created_at"], "email_outbox_status_idx");
  });

  await knex.schema.createTable("slack_outbox", (t) => {
    t.bigIncrements("id");
    t.text("channel").notNullable();
    t.text("text").notNullable();
    t.text("status").notNullable().defaultTo("QUEUED");
    t.boolean("dry_run").notNullable().defaultTo(false);
    t.bigInteger("workflow_execution_id");
    t.text("error");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("sent_at", { useTz: true });
    t.check(check("status", ["QUEUED", "SENT", "FAILED", "DRY_RUN"]), [], "slack_outbox_status_ck");
    t.index(["status", "created_at"], "slack_outbox_status_idx");
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    "slack_outbox",
    "email_outbox",
    "audit_log",
    "content_search_log",
    "workflow_executions",
    "workflow_rules",
    "feed_events",
    "bookings",
    "maestro_availability",
    "intake_status_history",
    "intake_requests",
    "contacts",
    "role_requests",
    "role_assignments",
    "roles",
    "users",
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
