// Migrations on the test engine: down to nothing and up again, constraints that hold, and one set of
// type parsers for both engines.
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testEngine, type TestDatabase } from "../testing/test-database.ts";
import { latestMigrationName, migrateLatest, migrateRollbackAll, migrationStatus } from "./migrate.ts";
import { migrations } from "../../migrations/index.ts";

/** The studio tables of DOMAIN.md. */
const STUDIO_TABLES = [
  "users",
  "roles",
  "role_assignments",
  "role_requests",
  "contacts",
  "intake_requests",
  "intake_status_history",
  "maestro_availability",
  "bookings",
  "workflow_rules",
  "workflow_executions",
  "feed_events",
  "content_search_log",
  "audit_log",
];
/** The bot tables of DOMAIN.md, and the outboxes the workflow actions write. */
const BOT_TABLES = [
  "conversations",
  "conversation_messages",
  "agent_runs",
  "pending_actions",
  "slack_event_receipts",
  "rate_limit_counters",
  "digest_runs",
  "model_usage",
  "email_outbox",
  "slack_outbox",
];

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

async function publicTables(): Promise<string[]> {
  const { rows } = await db.knex.raw<{ rows: { table_name: string }[] }>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
  );
  return rows.map((r) => r.table_name);
}

/** Runs `fn` in a transaction that is always rolled back, so a failed statement leaves nothing behind. */
async function inRolledBackTransaction(fn: (trx: Knex.Transaction) => Promise<unknown>): Promise<unknown> {
  const trx = await db.knex.transaction();
  try {
    return await fn(trx);
  } finally {
    await trx.rollback();
  }
}

describe(`migrations (${testEngine()})`, () => {
  it("starts fully migrated, with nothing pending", async () => {
    const status = await migrationStatus(db.knex);
    expect(status.pending).toEqual([]);
    expect(status.applied).toEqual(migrations.map((m) => m.name));
    expect(status.latest).toBe(latestMigrationName);
    expect(await migrateLatest(db.knex)).toEqual([]);
  });

  it("rolls back to an empty schema and migrates up again, twice", async () => {
    for (let round = 0; round < 2; round++) {
      const rolledBack = await migrateRollbackAll(db.knex);
      expect([...rolledBack].sort()).toEqual(migrations.map((m) => m.name).sort());
      // Only knex's own bookkeeping remains.
      expect(await publicTables()).toEqual(["knex_migrations", "knex_migrations_lock"]);
      expect((await migrationStatus(db.knex)).pending).toEqual(migrations.map((m) => m.name));

      expect(await migrateLatest(db.knex)).toEqual(migrations.map((m) => m.name));
      const tables = await publicTables();
      for (const table of [...STUDIO_TABLES, ...BOT_TABLES]) expect(tables, `table ${table}`).toContain(table);
      expect((await migrationStatus(db.knex)).pending).toEqual([]);
    }
  }, 120_000); // four schema changes: seconds alone, far more on a busy machine

  it("gives DOMAIN.md's key columns to the studio tables", async () => {
    const expected: Record<string, string[]> = {
      users: ["id", "name", "email", "slack_user_id", "created_at"],
      role_requests: [
        "id",
        "user_id",
        "requested_role_id",
        "reason",
        "status",
        "decided_by",
        "decision_reason",
        "submitted_at",
        "decided_at",
      ],
      intake_requests: [
        "id",
        "contact_id",
        "contact_name",
        "email",
        "audience",
        "goals",
        "status",
        "owner_user_id",
        "created_at",
        "updated_at",
      ],
      intake_status_history: ["id", "intake_id", "from_status", "to_status", "note", "actor_type", "actor_id", "created_at"],
      workflow_executions: [
        "id",
        "rule_id",
        "feed_event_id",
        "status",
        "rule_snapshot",
        "event_payload",
        "action_result",
        "error",
        "duration_ms",
        "created_at",
      ],
      feed_events: ["id", "event_type", "actor_type", "actor_id", "subject_type", "subject_id", "metadata", "created_at"],
      audit_log: ["id", "actor_type", "actor_id", "action", "target_type", "target_id", "details", "created_at"],
    };
    for (const [table, columns] of Object.entries(expected)) {
      const info = await db.knex(table).columnInfo();
      for (const column of columns) expect(Object.keys(info), `${table}.${column}`).toContain(column);
    }
  });
});

describe(`constraints (${testEngine()})`, () => {
  it("reject a status outside the vocabulary", async () => {
    await expect(inRolledBackTransaction((trx) => trx("intake_requests").insert({ contact_name: "Ada", status: "BOGUS" }))).rejects.toThrow(
      /intake_requests_status_ck/,
    );
    await expect(inRolledBackTransaction((trx) => trx("contacts").insert({ name: "Ada", status: "LOST" }))).rejects.toThrow(
      /contacts_status_ck/,
    );
    await expect(
      inRolledBackTransaction((trx) =>
        trx("pending_actions").insert({ tool_name: "t", args: {}, args_hash: "h", reason: "r", status: "done", expires_at: new Date() }),
      ),
    ).rejects.toThrow(/pending_actions_status_ck/);
  });

  it("accept a valid row", async () => {
    await inRolledBackTransaction(async (trx) => {
      const [intake] = await trx("intake_requests").insert({ contact_name: "Ada", status: "TRIAGED" }).returning("*");
      expect(intake).toMatchObject({ contact_name: "Ada", status: "TRIAGED" });
    });
  });

  it("keep a role request's status consistent with its decision time", async () => {
    await expect(
      inRolledBackTransaction(async (trx) => {
        const [user] = await trx("users").insert({ name: "Ada", email: "ada@example.com" }).returning("id");
        const role = await trx("roles").where({ name: "STAFF" }).first("id");
        await trx("role_requests").insert({ user_id: user.id, requested_role_id: role.id, status: "APPROVED" });
      }),
    ).rejects.toThrow(/role_requests_decided_ck/);
  });

  it("reject an availability slot that ends before it starts", async () => {
    await expect(
      inRolledBackTransaction((trx) =>
        trx("maestro_availability").insert({ start_at: new Date("2026-11-23T10:00:00Z"), end_at: new Date("2026-11-23T09:00:00Z") }),
      ),
    ).rejects.toThrow(/maestro_availability_span_ck/);
  });
});

describe(`type parsing (${testEngine()})`, () => {
  it("returns counts, bigint ids and numerics as numbers, timestamptz as Date, date as YYYY-MM-DD text", async () => {
    await inRolledBackTransaction(async (trx) => {
      const [event] = await trx("feed_events")
        .insert({ event_type: "IntakeSubmitted", metadata: { source: "TEST" } })
        .returning("*");
      expect(typeof event.id).toBe("number");
      expect(event.created_at).toBeInstanceOf(Date);
      expect(event.metadata).toEqual({ source: "TEST" });

      const counted = await trx("feed_events").count("* as n");
      expect(counted).toEqual([{ n: 1 }]);

      const [digest] = await trx("digest_runs")
        .insert({ channel: "C123", local_date: "2026-11-22", trigger: "cli" })
        .returning(["id", "local_date", "claimed_at"]);
      expect(digest.local_date).toBe("2026-11-22");
      expect(digest.claimed_at).toBeInstanceOf(Date);

      const { rows } = await trx.raw(
        "select count(*) as c, 9007199254740991::bigint as big, 1.25::numeric(12,6) as cost, 3::int as i, " +
          "'2026-01-31'::date as d, '2026-11-22T23:30:00Z'::timestamptz as ts, sum(1) as s",
      );
      expect(rows[0]).toEqual({
        c: 1,
        big: 9007199254740991,
        cost: 1.25,
        i: 3,
        d: "2026-01-31",
        ts: new Date("2026-11-22T23:30:00Z"),
        s: 1,
      });
    });
  });

  it("does not shift a date with the session time zone", async () => {
    await inRolledBackTransaction(async (trx) => {
      await trx.raw("set local time zone 'Pacific/Kiritimati'");
      const { rows } = await trx.raw("select '2026-11-22'::date as d, '2026-11-22T00:00:00Z'::timestamptz as ts");
      expect(rows[0].d).toBe("2026-11-22");
      expect((rows[0].ts as Date).toISOString()).toBe("2026-11-22T00:00:00.000Z");
    });
  });
});
