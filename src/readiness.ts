// Whether this process can serve: the database answers and every migration it needs is applied (a newer release's
// migrations on top are fine: they follow the expand/contract rule, so this version keeps serving during a rolling upgrade).
import type { Knex } from "knex";
import { migrationStatus } from "./db/migrate.ts";
import { revokedTokenText } from "./domain/diagnostics/slack-token-check.ts";
import { tokenRevocation } from "./domain/outbox/slack-token-store.ts";

export async function checkReadiness(db: Knex): Promise<{ ready: boolean; detail: string }> {
  try {
    await db.raw("select 1");
    const status = await migrationStatus(db);
    if (status.pending.length) return { ready: false, detail: `pending migrations: ${status.pending.join(", ")}` };
    if (status.ahead.length) {
      return {
        ready: true,
        detail: `database reachable, schema ahead of this version: ${status.ahead.join(", ")} (this version knows up to ${status.latest})`,
      };
    }
    // Still ready: Slack must reach a reinstalled app, and the API and the console serve without it. Said, not hidden.
    const revoked = await tokenRevocation(db);
    const slack = revoked ? `; ${revokedTokenText(revoked)}` : "";
    return { ready: true, detail: `database reachable, schema at ${status.latest}${slack}` };
  } catch {
    return { ready: false, detail: "database unreachable" };
  }
}
