// Idempotency-Key: a write retried with the same key returns the first answer and writes nothing new; the same key
// with another request is a 422; a concurrent duplicate waits for the first and replays it (one write).
import crypto from "node:crypto";
import type { Knex } from "knex";
import type { DomainContext } from "../domain/context.ts";
import { claimIdempotencyKey, findStoredAnswer, storeAnswer } from "./idempotency-store.ts";
import { Problem } from "./problem.ts";
import type { RouteResult } from "./route.ts";

export const IDEMPOTENCY_HEADER = "idempotency-key";

/** 1–255 visible ASCII characters (a UUID is typical). */
export function readIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new Problem(400, "invalidFields", "The Idempotency-Key header must be 1 to 255 visible ASCII characters (a UUID is typical).", {
      errors: [{ in: "header", field: "Idempotency-Key", pointer: "", detail: "must be 1 to 255 visible ASCII characters" }],
    });
  }
  return value;
}

export const requestHash = (method: string, path: string, body: Buffer) =>
  crypto.createHash("sha256").update(`${method} ${path}\n`).update(body).digest("hex");

export interface IdempotentRun {
  result: RouteResult;
  replayed: boolean;
}

/**
 * Runs `write` once per (key, Idempotency-Key), in one transaction with the stored answer: a failure rolls both back,
 * so a retry after an error runs again. Only successful answers are stored.
 */
export async function runIdempotent(
  ctx: DomainContext,
  claim: { apiKeyId: string; idempotencyKey: string; requestHash: string },
  write: (domain: DomainContext) => Promise<RouteResult>,
): Promise<IdempotentRun> {
  return ctx.db.transaction(async (trx: Knex.Transaction) => {
    if (!(await claimIdempotencyKey(trx, claim, ctx.clock.now()))) {
      const stored = await findStoredAnswer(trx, claim.apiKeyId, claim.idempotencyKey);
      if (!stored) throw new Error("idempotency key claimed but not found");
      if (stored.request_hash !== claim.requestHash) {
        throw new Problem(
          422,
          "idempotencyMismatch",
          "This Idempotency-Key was already used with a different request (method, path or body); send a new key for a new request.",
        );
      }
      return { result: { status: stored.response_status, body: stored.response_body }, replayed: true };
    }
    const result = await write({ db: trx, clock: ctx.clock });
    await storeAnswer(trx, claim.apiKeyId, claim.idempotencyKey, result);
    return { result, replayed: false };
  });
}
