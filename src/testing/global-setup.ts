// vitest globalSetup: build the migrated template once, before the test files run in parallel.
import { testDatabaseUrl } from "../config.ts";
import { ensurePgliteTemplate, ensurePostgresTemplate } from "./test-database.ts";

export default async function setup(): Promise<void> {
  const url = testDatabaseUrl();
  if (url) await ensurePostgresTemplate(url);
  else await ensurePgliteTemplate();
}
