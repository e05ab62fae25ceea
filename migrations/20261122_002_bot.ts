// The bot's own tables: conversations, agent runs, pending actions, receipts, limits, digests, usage.
// Frozen in time: imports nothing from src/.
import type { Knex } from "knex";

const check = (column: string, values: readonly string[]) => `${column} in (${values.map((v) => `'${v}'`).join(", ")})`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("conversations", (t) => {
    t.increments("id");
    t.text("slack_team_id").notNullable();
    t.text("slack_channel_id").notNullable();
    // '' for a DM's top level; the thread's root ts otherwise.
    t.text("thread_ts").notNullable().defaultTo("");
    // A lease: the run currently taking a turn here, so turns in one thread never run in parallel.
    t.uuid("busy_run_id");
    t.timestamp("busy_until", { useTz: true });
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(["slack_team_id", "slack_channel_id", "thread_ts"], { indexName: "conversations_thread_uq" });
  });

  await knex.schema.createTable("agent_runs", (t) => {
    t.uuid("id").primary().defaultTo(knex.raw("gen_random_uuid()"));
    t.integer("conversation_id").notNullable().references("conversations.id").onDelete("CASCADE");
    t.text("status").notNullable().defaultTo("running");
    t.integer("requested_by").references("users.id").onDelete("SET NULL");
    t.text("trigger").notNullable(); // dm · mention · command · digest · console · cli
    t.text("model");
    t.integer("model_calls").notNullable().defaultTo(0);
    t.integer("input_tokens").notNullable().defaultTo(0);
    t.integer("output_tokens").notNullable().defaultTo(0);
    t.integer("cache_write_tokens").notNullable().defaultTo(0);
    t.integer("cache_read_tokens").notNullable().defaultTo(0);
    t.decimal("cost_usd", 12, 6).notNullable().defaultTo(0);
    t.text("error");
    // While awaiting confirmation: the seq of the assistant message whose gated calls wait, and the
    // results of its other calls, so the resume sends one complete tool_result message.
    t.integer("awaiting_seq");
    t.jsonb("settled_results");
    t.timestamp("started_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("finished_at", { useTz: true });
    t.check(check("status", ["running", "awaiting_confirmation", "completed", "failed"]), [], "agent_runs_status_ck");
    t.index(["conversation_id", "started_at"], "agent_runs_conversation_idx");
    t.index(["status", "updated_at"], "agent_runs_status_idx");
  });

  await knex.schema.createTable("conversation_messages", (t) => {
    t.bigIncrements("id");
    t.integer("conversation_id").notNullable().references("conversations.id").onDelete("CASCADE");
    t.integer("seq").notNullable();
    t.text("role").notNullable();
    t.jsonb("content").notNullable(); // Anthropic content blocks, as sent or received
    t.uuid("agent_run_id").references("agent_runs.id").onDelete("SET NULL");
    t.integer("token_estimate").notNullable().defaultTo(0);
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(check("role", ["user", "assistant"]), [], "conversation_messages_role_ck");
    t.unique(["conversation_id", "seq"], { indexName: "conversation_messages_seq_uq" });
  });

  // Messages that arrived while a turn was running in their conversation: taken in order afterwards.
  await knex.schema.createTable("conversation_inbox", (t) => {
    t.bigIncrements("id");
    t.integer("conversation_id").notNullable().references("conversations.id").onDelete("CASCADE");
    t.integer("user_id").references("users.id").onDelete("SET NULL");
    t.text("text").notNullable();
    t.jsonb("origin").notNullable().defaultTo("{}"); // Slack channel/ts/event to answer
    t.text("status").notNullable().defaultTo("queued");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(check("status", ["queued", "taken", "done"]), [], "conversation_inbox_status_ck");
    t.index(["conversation_id", "status", "id"], "conversation_inbox_queue_idx");
  });

  await knex.schema.createTable("pending_actions", (t) => {
    t.uuid("id").primary().defaultTo(knex.raw("gen_random_uuid()"));
    t.uuid("agent_run_id").references("agent_runs.id").onDelete("CASCADE");
    t.text("tool_use_id");
    t.integer("step_seq"); // the assistant message (conversation seq) that made the call
    t.text("tool_name").notNullable();
    t.jsonb("args").notNullable();
    t.text("args_hash").notNullable();
    t.text("reason").notNullable();
    t.jsonb("snapshot").notNullable().defaultTo("{}");
    t.integer("requested_by").references("users.id").onDelete("SET NULL");
    t.integer("decided_by").references("users.id").onDelete("SET NULL");
    t.text("status").notNullable().defaultTo("pending");
    t.jsonb("result");
    t.text("error");
    t.text("slack_channel_id");
    t.text("slack_message_ts");
    t.text("slack_thread_ts");
    t.timestamp("expires_at", { useTz: true }).notNullable();
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("decided_at", { useTz: true });
    t.timestamp("executed_at", { useTz: true });
    t.check(check("status", ["pending", "confirmed", "cancelled", "expired", "executed", "failed"]), [], "pending_actions_status_ck");
    t.index(["status", "expires_at"], "pending_actions_status_expiry_idx");
    t.index(["agent_run_id"], "pending_actions_run_idx");
  });

  // De-duplication of Slack deliveries: event ids, client message ids, action ids.
  await knex.schema.createTable("slack_event_receipts", (t) => {
    t.text("key").primary();
    t.text("kind").notNullable();
    t.timestamp("received_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["received_at"], "slack_event_receipts_received_idx");
  });

  await knex.schema.createTable("rate_limit_counters", (t) => {
    t.text("key").notNullable();
    t.timestamp("window_start", { useTz: true }).notNullable();
    t.integer("count").notNullable().defaultTo(0);
    t.primary(["key", "window_start"]);
    t.index(["window_start"], "rate_limit_counters_window_idx");
  });

  await knex.schema.createTable("digest_runs", (t) => {
    t.increments("id");
    t.text("channel").notNullable();
    t.date("local_date").notNullable();
    t.text("status").notNullable().defaultTo("claimed");
    t.text("trigger").notNullable(); // schedule · catch_up · command · cli
    t.text("claimed_by");
    t.integer("attempts").notNullable().defaultTo(0);
    t.text("slack_ts");
    t.jsonb("content");
    t.text("error");
    t.timestamp("claimed_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("posted_at", { useTz: true });
    t.check(check("status", ["claimed", "posted", "failed"]), [], "digest_runs_status_ck");
    t.unique(["channel", "local_date"], { indexName: "digest_runs_channel_day_uq" });
  });

  await knex.schema.createTable("model_usage", (t) => {
    t.bigIncrements("id");
    t.uuid("agent_run_id").references("agent_runs.id").onDelete("SET NULL");
    t.text("purpose").notNullable().defaultTo("agent");
    t.text("model").notNullable();
    t.integer("input_tokens").notNullable().defaultTo(0);
    t.integer("output_tokens").notNullable().defaultTo(0);
    t.integer("cache_write_tokens").notNullable().defaultTo(0);
    t.integer("cache_read_tokens").notNullable().defaultTo(0);
    t.decimal("cost_usd", 12, 6).notNullable().defaultTo(0);
    t.integer("latency_ms").notNullable().defaultTo(0);
    t.text("stop_reason");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["created_at"], "model_usage_created_idx");
    t.index(["agent_run_id"], "model_usage_run_idx");
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    "model_usage",
    "digest_runs",
    "rate_limit_counters",
    "slack_event_receipts",
    "pending_actions",
    "conversation_inbox",
    "conversation_messages",
    "agent_runs",
    "conversations",
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
