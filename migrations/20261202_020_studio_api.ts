// The studio API: named, revocable API keys (only a hash of each secret is kept) and the stored answers of requests
// sent with an Idempotency-Key; a case-insensitive index so a contact is found by email. Frozen in time: imports
// nothing from src/. New tables and an index only (expand).
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("api_keys", (t) => {
    // The public lookup part of the key (mst_<id>_<secret>): shown in lists, named in audit rows, never secret.
    t.text("id").primary();
    t.text("name").notNullable();
    // sha256 of the whole key, hex: the key itself is shown once and never stored.
    t.text("secret_hash").notNullable();
    t.integer("created_by").references("users.id").onDelete("SET NULL");
    t.timestamp("created_at", { useTz: true }).notNullable();
    t.timestamp("last_used_at", { useTz: true });
    t.timestamp("revoked_at", { useTz: true });
    t.integer("revoked_by").references("users.id").onDelete("SET NULL");
  });
  // One live key per name, so "revoke website" is never ambiguous; a revoked name may be reused.
  await knex.raw("create unique index api_keys_live_name_uq on api_keys (lower(name)) where revoked_at is null");

  await knex.schema.createTable("api_idempotency", (t) => {
    t.text("api_key_id").notNullable().references("api_keys.id").onDelete("CASCADE");
    t.text("idempotency_key").notNullable();
    // sha256 of method, path and body: the same key with another request is refused, not replayed.
    t.text("request_hash").notNullable();
    t.integer("response_status").notNullable();
    t.jsonb("response_body").notNullable();
    t.timestamp("created_at", { useTz: true }).notNullable();
    // Written in the request's own transaction: a concurrent duplicate waits on this key, then replays the answer.
    t.primary(["api_key_id", "idempotency_key"]);
    t.index(["created_at"], "api_idempotency_created_idx");
  });

  // Contacts are matched by email whatever its case (the API, the CSV import).
  await knex.raw("create index contacts_email_lower_idx on contacts (lower(email))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop index if exists contacts_email_lower_idx");
  await knex.schema.dropTableIfExists("api_idempotency");
  await knex.schema.dropTableIfExists("api_keys");
}
