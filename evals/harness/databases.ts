// A fresh, migrated, empty database per scenario, the cheap way on each engine: on PostgreSQL a clone of the
// migrated template (~0.3 s); on PGlite one in-memory instance from the template, emptied between scenarios
// (~0.1 s, where a new instance costs ~1.5 s and ~0.8 GB).
import type { Database } from "../../src/db/connect.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.ts";
import { listTables } from "./table-state.ts";

export interface ScenarioDatabases {
  engine: "postgres" | "pglite";
  /** How many scenarios may run at once: PostgreSQL serves several; PGlite is one connection. */
  concurrency: number;
  /** A database in the state migrations leave it; release it when the scenario is done. */
  take(): Promise<{ db: Database; release(): Promise<void> }>;
  close(): Promise<void>;
}

/** `uses`: how many databases the run will take, so no clone is made that nobody needs. */
export async function openScenarioDatabases(url: string | undefined, uses = Number.POSITIVE_INFINITY): Promise<ScenarioDatabases> {
  if (url) {
    const drops: Promise<void>[] = [];
    // The next clone is made while the current scenario runs, and old ones are dropped in the background:
    // the server does that work while this process drives Slack.
    let next: Promise<TestDatabase> | undefined;
    let taken = 0;
    const clone = () => createTestDatabase({ url });
    return {
      engine: "postgres",
      concurrency: 2,
      async take() {
        // Swapped before any await, so scenarios taking databases at the same time each get their own.
        const mine = next ?? clone();
        next = ++taken < uses ? clone() : undefined;
        next?.catch(() => undefined);
        const db = await mine;
        return { db, release: async () => void drops.push(db.drop().catch(() => undefined)) };
      },
      async close() {
        const spare = await next?.catch(() => undefined);
        if (spare) drops.push(spare.drop().catch(() => undefined));
        await Promise.all(drops);
      },
    };
  }
  const shared: TestDatabase = await createTestDatabase({ url: undefined });
  const tables = (await listTables(shared.knex)).map((t) => `"${t}"`).join(", ");
  let dirty = false;
  return {
    engine: "pglite",
    concurrency: 1,
    async take() {
      // Every application table, including ones later migrations add; knex_migrations stays.
      if (dirty) await shared.knex.raw(`truncate table ${tables} restart identity cascade`);
      dirty = true;
      return { db: shared, release: async () => undefined };
    },
    close: () => shared.drop(),
  };
}
