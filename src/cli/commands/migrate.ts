// `maestro migrate`: applies pending migrations (or shows status, or rolls everything back).
import { migrateLatest, migrateRollbackAll, migrationStatus } from "../../db/migrate.ts";
import { parseCommandArgs, withDatabase, type Command } from "../command.ts";

export const migrateCommand: Command = {
  usage: "maestro migrate [--status] [--rollback-all]",
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      status: { type: "boolean", default: false },
      "rollback-all": { type: "boolean", default: false },
    });
    return withDatabase(async (db) => {
      if (values.status) {
        const status = await migrationStatus(db.knex);
        io.out(`database: ${db.description}`);
        for (const name of status.applied) io.out(`  applied  ${name}`);
        for (const name of status.pending) io.out(`  pending  ${name}`);
        for (const name of status.ahead) io.out(`  ahead    ${name} (applied by a newer version of Maestro)`);
        return 0;
      }
      if (values["rollback-all"]) {
        const rolledBack = await migrateRollbackAll(db.knex);
        io.out(rolledBack.length ? `rolled back: ${rolledBack.join(", ")}` : "nothing to roll back");
        return 0;
      }
      const applied = await migrateLatest(db.knex);
      io.out(applied.length ? `applied: ${applied.join(", ")} (${db.description})` : `already up to date (${db.description})`);
      return 0;
    });
  },
};
