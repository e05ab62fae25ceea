// Whether this process can serve: the database answers and every migration is applied.
import type { Knex } from "knex";
import { migrationStatus } from "./db/migrate.ts";

export async function checkReadiness(db: Knex): Promise<{ ready: boolean; detail: string }> {
  try {
    await db.raw("select 1");
    const status = await migrationStatus(db);
    if (status.pending.length) return { ready: false, detail: `pending migrations: ${status.pending.join(", ")}` };
    return { ready: true, detail: `database reachable, schema at ${status.latest}` };
  } catch {
    return { ready: false, detail: "database unreachable" };
  }
}
