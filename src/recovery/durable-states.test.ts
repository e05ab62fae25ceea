// Recovery by construction: every status the migrations allow and every lease column they create is declared in the
// registry — terminal, or taken over by a sweep or a named job — so a new durable state without recovery fails here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackHarness, testConfig } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { BUSINESS_STATES, DURABLE_STATES, sweepsOf } from "./durable-states.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

/** table → the values its status CHECK constraint allows, read from the migrated schema. */
async function statusChecks(): Promise<Map<string, string[]>> {
  const { rows } = await db.knex.raw<{ rows: { tbl: string; def: string }[] }>(
    `select c.conrelid::regclass::text as tbl, pg_get_constraintdef(c.oid) as def
       from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where c.contype = 'c' and n.nspname = current_schema() and pg_get_constraintdef(c.oid) ~ '\\(+status = ANY'`,
  );
  const checks = new Map<string, string[]>();
  for (const { tbl, def } of rows)
    checks.set(
      tbl,
      [...def.matchAll(/'([^']+)'::text/g)].map((m) => m[1]!),
    );
  return checks;
}

/** Columns that hold a lease or a claim: an expiry a holder must keep moving (…_until, …lease…). */
async function leaseColumns(): Promise<string[]> {
  const rows: { table_name: string; column_name: string }[] = await db
    .knex("information_schema.columns")
    .where({ table_schema: db.knex.raw("current_schema()") })
    .andWhere((q) => q.where("column_name", "like", "%\\_until").orWhere("column_name", "like", "%lease%"))
    .select("table_name", "column_name");
  return rows.map((r) => `${r.table_name}.${r.column_name}`).sort();
}

describe("the durable-state registry", () => {
  it("declares every status the schema allows, on every table with one, and no status the schema lacks", async () => {
    const checks = await statusChecks();
    expect(checks.size).toBeGreaterThan(8); // the query found the constraints (it would pass vacuously otherwise)
    for (const [table, values] of checks) {
      if (table in BUSINESS_STATES) continue;
      const state = DURABLE_STATES.find((s) => s.table === table && s.column === "status");
      expect(state, `${table}.status has no entry in DURABLE_STATES (src/recovery/durable-states.ts)`).toBeDefined();
      const declared = [...state!.terminal, ...Object.keys(state!.live)].sort();
      expect(declared, `${table}.status: terminal + live must be exactly the schema's values`).toEqual([...values].sort());
    }
    for (const state of DURABLE_STATES.filter((s) => s.column === "status")) expect(checks.has(state.table), state.table).toBe(true);
    for (const table of Object.keys(BUSINESS_STATES)) expect(checks.has(table), table).toBe(true);
  });

  it("declares every lease column, as held with a taker-over", async () => {
    const leases = await leaseColumns();
    expect(leases).toContain("conversations.busy_until");
    const declared = DURABLE_STATES.filter((s) => "held" in s.live).map((s) => `${s.table}.${s.column}`);
    expect([...declared].sort()).toEqual(leases);
  });

  it("names only jobs a fully configured process runs, and runs each sweep from the recovery job", async () => {
    const config = testConfig({
      DIGEST_CHANNEL: "C0DIGEST",
      SMTP_URL: "smtp://127.0.0.1:2525",
      EMAIL_FROM: "studio@example.com",
      OPS_CHANNEL: "C0OPS",
    });
    const maestro = createSlackHarness(db, { config });
    const jobs = maestro.scheduler.jobs.map((j) => j.name);
    expect(jobs).toContain("recovery");
    for (const state of DURABLE_STATES) {
      for (const [value, coverage] of Object.entries(state.live)) {
        if (coverage.by === "job") expect(jobs, `${state.table}.${state.column} = ${value}`).toContain(coverage.job);
      }
    }
    const names = sweepsOf(DURABLE_STATES).map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("leaves no state planned: every live value is taken over by something that runs", () => {
    const planned = DURABLE_STATES.flatMap((s) =>
      Object.entries(s.live)
        .filter(([, c]) => c.by === "planned")
        .map(([value]) => `${s.table}.${s.column}=${value}`),
    );
    expect(planned).toEqual([]); // a "planned" state has no recovery yet: build its sweep (docs/recovery.md)
  });
});
