// Runs the static list of migrations on either engine and reports where the schema stands.
import type { Knex } from "knex";
import { migrations, type Migration } from "../../migrations/index.ts";

const source: Knex.MigrationSource<Migration> = {
  getMigrations: async () => [...migrations],
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration,
};

const TABLE = "knex_migrations";
// Validation off: knex calls a database holding migrations this code does not know "corrupt" and refuses to run. That
// is a newer release's schema during a rolling upgrade or a rollback; expand/contract migrations keep it usable.
const config: Knex.MigratorConfig = { migrationSource: source, tableName: TABLE, disableMigrationsListValidation: true };

export const latestMigrationName = migrations[migrations.length - 1]!.name;

/** Applies every pending migration (any this code knows that the database lacks); returns the names applied now. */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest(config)) as [number, string[]];
  return applied;
}

/** Rolls back every applied migration (all batches). */
export async function migrateRollbackAll(knex: Knex): Promise<string[]> {
  const [, rolledBack] = (await knex.migrate.rollback(config, true)) as [number, string[]];
  return rolledBack;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Applied to the database by a newer release; this code does not know them (see "expand/contract" in the README). */
  ahead: string[];
  latest: string;
}

/** Which migrations are applied, pending or ahead of this code. Reads only: it creates no table, even on an empty database. */
export async function migrationStatus(knex: Knex): Promise<MigrationStatus> {
  const known = migrations.map((m) => m.name);
  const recorded = (await knex.schema.hasTable(TABLE))
    ? ((await knex(TABLE).select("name").orderBy("id")) as { name: string }[]).map((row) => row.name)
    : [];
  const done = new Set(recorded);
  const knownSet = new Set(known);
  return {
    applied: known.filter((name) => done.has(name)),
    pending: known.filter((name) => !done.has(name)),
    ahead: recorded.filter((name) => !knownSet.has(name)),
    latest: latestMigrationName,
  };
}

/** Migrations were pending at start and this process was not told to apply them. */
export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `The database lacks ${pending.length} migration${pending.length === 1 ? "" : "s"} this version needs (${pending.join(", ")}). ` +
        "Run `maestro migrate` first (the release step), or set MAESTRO_MIGRATE_ON_START=on to migrate at start.",
    );
    this.name = "PendingMigrationsError";
  }
}

/** At start: migrates when told to; otherwise refuses a database that lacks migrations. Returns what it applied, and what is ahead. */
export async function prepareSchema(knex: Knex, migrateOnStart: boolean): Promise<{ applied: string[]; ahead: string[] }> {
  const applied = migrateOnStart ? await migrateLatest(knex) : [];
  const status = await migrationStatus(knex);
  if (status.pending.length) throw new PendingMigrationsError(status.pending);
  return { applied, ahead: status.ahead };
}
