// The doctor's checks the Home tab shows an admin: the offline subset plus the database's schema, on the running
// process's own connection — nothing that calls Slack or the model (those cost time or money on every Home open).
import path from "node:path";
import type { Knex } from "knex";
import type { Config } from "../config.ts";
import { describeUrl, type Engine } from "../db/connect.ts";
import type { DoctorContext, Finding } from "./check.ts";
import { databaseCheck } from "./database-check.ts";
import { OFFLINE_CHECKS, runCheck } from "./offline-checks.ts";

export async function runHomeChecks(config: Config, knex: Knex, engine: Engine): Promise<Finding[]> {
  const { url, dataDir } = config.database;
  // The process's own pool, lent: the check must not close it.
  const database = { knex, engine, description: url ? describeUrl(url) : path.resolve(dataDir), close: async () => {} };
  const ctx: DoctorContext = { config, badSettings: new Map(), database };
  return Promise.all([...OFFLINE_CHECKS, databaseCheck].map((check) => runCheck(check, ctx)));
}
