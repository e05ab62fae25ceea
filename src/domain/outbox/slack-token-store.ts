// SQL for the bot token's state: revoked (a row, from Slack's tokens_revoked / app_uninstalled or a call refused with
// a dead-token error) or working (no row). Every replica reads it before posting; the token check clears it.
import type { Knex } from "knex";

export interface TokenRevocation {
  reason: string;
  slack_team_id: string | null;
  revoked_at: Date;
  checked_at: Date | null;
}

/** Records the revocation once; a later notice keeps the first one's reason and time. */
export async function markTokenRevoked(db: Knex, revocation: { reason: string; teamId?: string }, at: Date): Promise<void> {
  await db("slack_token_revocations")
    .insert({ token: "bot", reason: revocation.reason, slack_team_id: revocation.teamId ?? null, revoked_at: at })
    .onConflict("token")
    .ignore();
}

export async function tokenRevocation(db: Knex): Promise<TokenRevocation | undefined> {
  return db("slack_token_revocations")
    .where({ token: "bot" })
    .first<TokenRevocation | undefined>("reason", "slack_team_id", "revoked_at", "checked_at");
}

/** The token worked again: posting resumes on every replica. Returns whether it had been revoked. */
export async function clearTokenRevoked(db: Knex): Promise<boolean> {
  return (await db("slack_token_revocations").where({ token: "bot" }).delete()) > 0;
}

export async function noteTokenStillRefused(db: Knex, at: Date): Promise<void> {
  await db("slack_token_revocations").where({ token: "bot" }).update({ checked_at: at });
}
