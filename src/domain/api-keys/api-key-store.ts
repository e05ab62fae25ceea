// SQL for api_keys: the studio API's named keys, stored as a hash of the secret.
import type { Knex } from "knex";

export interface ApiKeyRow {
  id: string;
  name: string;
  secret_hash: string;
  created_by: number | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by: number | null;
}

/** A key as lists show it: never the hash. */
export type ApiKeySummary = Omit<ApiKeyRow, "secret_hash"> & { created_by_name: string | null };

export async function insertApiKey(
  trx: Knex,
  key: { id: string; name: string; secretHash: string; createdBy: number | null },
  at: Date,
): Promise<ApiKeyRow> {
  const [row] = await trx<ApiKeyRow>("api_keys")
    .insert({ id: key.id, name: key.name, secret_hash: key.secretHash, created_by: key.createdBy, created_at: at })
    .returning("*");
  return row as ApiKeyRow;
}

export async function findApiKey(db: Knex, id: string): Promise<ApiKeyRow | undefined> {
  return db<ApiKeyRow>("api_keys").where({ id }).first();
}

export async function findLiveApiKeyByName(db: Knex, name: string): Promise<ApiKeyRow | undefined> {
  return db<ApiKeyRow>("api_keys").whereRaw("lower(name) = lower(?)", [name]).whereNull("revoked_at").first();
}

export async function listApiKeyRows(db: Knex, options: { includeRevoked: boolean }): Promise<ApiKeySummary[]> {
  const q = db("api_keys as k")
    .leftJoin("users as u", "u.id", "k.created_by")
    .select("k.id", "k.name", "k.created_by", "u.name as created_by_name", "k.created_at", "k.last_used_at", "k.revoked_at", "k.revoked_by")
    .orderBy([
      { column: "k.created_at", order: "asc" },
      { column: "k.id", order: "asc" },
    ]);
  if (!options.includeRevoked) q.whereNull("k.revoked_at");
  return q;
}

/** Revokes a live key; undefined when it was already revoked (or never existed). */
export async function revokeApiKeyRow(trx: Knex, id: string, by: number | null, at: Date): Promise<ApiKeyRow | undefined> {
  const [row] = await trx<ApiKeyRow>("api_keys")
    .where({ id })
    .whereNull("revoked_at")
    .update({ revoked_at: at, revoked_by: by })
    .returning("*");
  return row as ApiKeyRow | undefined;
}

/** Records a use, at most once a minute per key (a write per request would cost more than the request). */
export async function touchApiKey(db: Knex, id: string, at: Date): Promise<void> {
  await db("api_keys")
    .where({ id })
    .andWhere((q) => q.whereNull("last_used_at").orWhere("last_used_at", "<", new Date(at.getTime() - 60_000)))
    .update({ last_used_at: at });
}
