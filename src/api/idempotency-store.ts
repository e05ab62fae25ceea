// SQL for api_idempotency: the first answer to each (API key, Idempotency-Key), written in the request's transaction.
import type { Knex } from "knex";

export interface StoredAnswer {
  request_hash: string;
  response_status: number;
  response_body: unknown;
}

/**
 * Claims the key inside `trx`: true when this request is the first. A concurrent request with the same key waits here
 * (the primary key) until the first commits, then finds its answer; if the first rolls back, the waiter claims it.
 */
export async function claimIdempotencyKey(
  trx: Knex,
  claim: { apiKeyId: string; idempotencyKey: string; requestHash: string },
  at: Date,
): Promise<boolean> {
  const rows = await trx("api_idempotency")
    .insert({
      api_key_id: claim.apiKeyId,
      idempotency_key: claim.idempotencyKey,
      request_hash: claim.requestHash,
      response_status: 0,
      response_body: JSON.stringify(null),
      created_at: at,
    })
    .onConflict(["api_key_id", "idempotency_key"])
    .ignore()
    .returning("api_key_id");
  return rows.length === 1;
}

export async function findStoredAnswer(db: Knex, apiKeyId: string, idempotencyKey: string): Promise<StoredAnswer | undefined> {
  return db("api_idempotency")
    .where({ api_key_id: apiKeyId, idempotency_key: idempotencyKey })
    .first<StoredAnswer | undefined>("request_hash", "response_status", "response_body");
}

export async function storeAnswer(
  trx: Knex,
  apiKeyId: string,
  idempotencyKey: string,
  answer: { status: number; body: unknown },
): Promise<void> {
  await trx("api_idempotency")
    .where({ api_key_id: apiKeyId, idempotency_key: idempotencyKey })
    .update({ response_status: answer.status, response_body: JSON.stringify(answer.body ?? null) });
}

/** Answers older than `before` are forgotten: a retry after that is a new request. */
export async function pruneIdempotencyKeys(db: Knex, before: Date): Promise<number> {
  return db("api_idempotency").where("created_at", "<", before).del();
}
