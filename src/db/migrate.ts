// Runs the static list of migrations on either engine and reports where the schema stands.
import type { Knex } from "knex";
import { migrations, type Migration } from "../../migrations/index.ts";

const source: Knex.MigrationSource<Migration> = {
  getMigrations: async () => [...migrations],
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration,
};

const config: Knex.MigratorConfig = { migrationSource: source, tableName: "knex_migrations" };

export const latestMigrationName = migrations[migrations.length - 1]!.name;

/** Applies every pending migration; returns the names applied now. */
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
  latest: string;
}

/** Which migrations are applied and which are pending; never changes anything. */
export async function migrationStatus(knex: Knex): Promise<MigrationStatus> {
  const [completed, pending] = (await knex.migrate.list(config)) as [{ name: string }[], Migration[]];
  return {
    applied: completed.map((m) => m.name),
    pending: pending.map((m) => m.name),
    latest: latestMigrationName,
  };
}
