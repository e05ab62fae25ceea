// Per-key request limit (MAESTRO_API_RATE_LIMIT_PER_MINUTE): fixed one-minute windows counted in PostgreSQL, so
// replicas share them (the table and pruning job the Slack surface's limit uses); over it a 429 with Retry-After.
import type { Knex } from "knex";
import { MINUTE_MS } from "../domain/clock.ts";
import { countRequest } from "../slack/stores/rate-limit-store.ts";
import { Problem } from "./problem.ts";

export async function enforceRateLimit(db: Knex, keyId: string, perMinute: number, now: Date): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
  const count = await countRequest(db, `api-key:${keyId}`, windowStart);
  if (count <= perMinute) return;
  const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + MINUTE_MS - now.getTime()) / 1000));
  throw new Problem(
    429,
    "rateLimited",
    `This API key has made more than ${perMinute} requests this minute (MAESTRO_API_RATE_LIMIT_PER_MINUTE); retry after ${retryAfter} s.`,
    { retry_after_seconds: retryAfter, headers: { "retry-after": String(retryAfter) } },
  );
}
