// Gets the console's database ready: migrations applied, and the demo studio seeded when it holds no studio yet.
import type { Config } from "../config.ts";
import type { Database } from "../db/connect.ts";
import { migrateLatest } from "../db/migrate.ts";
import { DEFAULT_ADMIN_SLACK_ID, STUDIO_NAME } from "../seed/demo-cast.ts";
import { seedDemo } from "../seed/demo.ts";
import { assertStudioEmpty, DatabaseNotEmptyError } from "../seed/reset-studio-data.ts";

export interface PreparedDatabase {
  /** What was done, for the console to print. */
  lines: string[];
  /** Who the console speaks as when MAESTRO_ADMIN_SLACK_IDS names no one. */
  defaultAdmin: string;
}

async function isEmpty(db: Database): Promise<boolean> {
  try {
    await assertStudioEmpty(db.knex);
    return true;
  } catch (error) {
    if (error instanceof DatabaseNotEmptyError) return false;
    throw error;
  }
}

export async function prepareDatabase(db: Database, config: Config): Promise<PreparedDatabase> {
  const lines = [`Database: ${db.description}`];
  const applied = await migrateLatest(db.knex);
  if (applied.length) lines.push(`Applied ${applied.length} migration${applied.length === 1 ? "" : "s"}.`);
  // Seeded before Maestro starts: its admin bootstrap would otherwise make the database look occupied.
  if (await isEmpty(db)) {
    await seedDemo(db.knex, { adminSlackIds: config.adminSlackIds, timeZone: config.timeZone });
    lines.push(`The database was empty, so I seeded the demo studio (${STUDIO_NAME}).`);
  }
  return { lines, defaultAdmin: DEFAULT_ADMIN_SLACK_ID };
}
