// Guards seeding against a database that already holds a studio, and wipes one on request (--reset).
import type { Knex } from "knex";

/** The studio tables of migration 001, outboxes included, and the studio API's keys (020: they name their creators). */
export const STUDIO_TABLES = [
  "users",
  "roles",
  "role_assignments",
  "role_requests",
  "contacts",
  "intake_requests",
  "intake_status_history",
  "maestro_availability",
  "bookings",
  "feed_events",
  "workflow_rules",
  "workflow_executions",
  "content_search_log",
  "audit_log",
  "email_outbox",
  "slack_outbox",
  "api_keys",
  "api_idempotency",
] as const;

/** The bot's own tables (migration 002, 031's ops alerts, 040's channel threads, 045's answer feedback): they point at studio rows, so a reset empties them too. */
export const BOT_TABLES = [
  "conversations",
  "agent_runs",
  "conversation_messages",
  "conversation_inbox",
  "pending_actions",
  "slack_event_receipts",
  "rate_limit_counters",
  "digest_runs",
  "model_usage",
  "ops_alerts",
  "ops_alert_bursts",
  "ops_alert_updates",
  "slack_threads",
  "answer_feedback",
] as const;

/** The Slack installation's own state (043's token revocations): about the install, not the studio, so a reset keeps it. */
export const INSTALLATION_TABLES = ["slack_token_revocations"] as const;

/**
 * Read models kept by triggers on the studio tables (migration 004). Truncating a studio table resets its read model
 * through the table's TRUNCATE trigger, so a reset never names them.
 */
export const READ_MODEL_TABLES = ["intake_request_counts", "role_request_counts", "contact_counts"] as const;

export class DatabaseNotEmptyError extends Error {
  constructor(readonly tables: string[]) {
    super(
      `The database already holds studio data (rows in ${tables.join(", ")}). A seed builds a whole studio and ` +
        "only runs on an empty database: pass --reset to wipe every studio and bot table first " +
        "(this deletes all of their rows), or point DATABASE_URL at a fresh database.",
    );
    this.name = "DatabaseNotEmptyError";
  }
}

/** The tables whose rows mean "someone's studio lives here". */
const OCCUPANCY_TABLES = ["users", "intake_requests", "feed_events"] as const;

/** Throws DatabaseNotEmptyError when any of users, intake_requests or feed_events has a row. */
export async function assertStudioEmpty(db: Knex): Promise<void> {
  const checks = OCCUPANCY_TABLES.map((t) => `exists (select 1 from ${t}) as "${t}"`).join(", ");
  const { rows } = (await db.raw(`select ${checks}`)) as { rows: Record<string, boolean>[] };
  const occupied = OCCUPANCY_TABLES.filter((t) => rows[0]?.[t]);
  if (occupied.length) throw new DatabaseNotEmptyError(occupied);
}

/** Empties every studio and bot table (never knex_migrations) and restarts their ids, in one statement. */
export async function resetStudioData(db: Knex): Promise<void> {
  const tables = [...STUDIO_TABLES, ...BOT_TABLES].map((t) => `"${t}"`).join(", ");
  await db.raw(`truncate table ${tables} restart identity cascade`);
}
