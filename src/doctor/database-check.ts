// The doctor's database check: reachable, and where its schema stands against this version (current, pending, ahead).
import fs from "node:fs";
import path from "node:path";
import { DataDirInUseError } from "../db/data-dir-lock.ts";
import { describeUrl, openDatabase, type Database } from "../db/connect.ts";
import { migrationStatus } from "../db/migrate.ts";
import { scrubSecrets } from "../logger.ts";
import type { Check, DoctorContext, Finding } from "./check.ts";
import { finding } from "./check.ts";

async function open(ctx: DoctorContext): Promise<Database | Finding> {
  const { url, dataDir } = ctx.config.database;
  if (!url && !fs.existsSync(dataDir)) {
    return finding(
      databaseCheck,
      "skip",
      `embedded database not created yet (${path.resolve(dataDir)}): \`maestro start\` creates and migrates it`,
    );
  }
  try {
    const db = await openDatabase({ url, dataDir, poolMax: 1 });
    await db.knex.raw("select 1");
    return db;
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      const who = error.holder === "this process" ? "this process" : `another Maestro process (${error.holder})`;
      return finding(databaseCheck, "skip", `the embedded database is open in ${who}: its /readyz reports the schema`);
    }
    const where = url ? describeUrl(url) : path.resolve(dataDir);
    return finding(databaseCheck, "fail", `cannot reach ${where}: ${scrubSecrets((error as Error).message)}`, {
      fix: url
        ? "check DATABASE_URL (host, port, user, password, database name) and that the server accepts connections from here"
        : `check MAESTRO_DATA_DIR (${dataDir}) is a writable directory`,
    });
  }
}

export const databaseCheck: Check = {
  id: "database",
  title: "database",
  offline: false,
  async run(ctx) {
    const opened = ctx.database ?? (await open(ctx));
    if (!("knex" in opened)) return opened;
    try {
      const status = await migrationStatus(opened.knex);
      const where = opened.description;
      if (status.pending.length) {
        const onStart = ctx.config.database.migrateOnStart;
        return finding(
          this,
          onStart ? "warn" : "fail",
          `${where}: ${status.pending.length} pending migration(s): ${status.pending.join(", ")}`,
          {
            fix: onStart
              ? "`maestro start` applies them (MAESTRO_MIGRATE_ON_START is on)"
              : "run `maestro migrate` (the release step) before starting this version",
          },
        );
      }
      if (status.ahead.length) {
        return finding(
          this,
          "warn",
          `${where}: schema ahead of this version: ${status.ahead.join(", ")} (this version knows up to ${status.latest})`,
          {
            fix: "a newer release migrated this database; this version keeps serving (expand/contract), but deploy the newer release",
          },
        );
      }
      return finding(this, "pass", `${where}: schema current (${status.latest})`);
    } finally {
      if (!ctx.database) await opened.close();
    }
  },
};
