// Rolling upgrades: a replica older than the database's schema keeps serving; `start` on DATABASE_URL migrates only when told.
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations, type Migration } from "../migrations/index.ts";
import { loadConfig } from "./config.ts";
import { migrateLatest, migrateRollbackAll, migrationStatus, PendingMigrationsError } from "./db/migrate.ts";
import { silentLogger } from "./logger.ts";
import { startMaestro, type Maestro } from "./main.ts";
import { FakeSlack } from "./testing/fake-slack.ts";
import { insertStaff } from "./testing/fixtures/people.ts";
import { postSignedToSlackEvents, serveFakeSlackApi, slashCommandBody } from "./testing/slack-api-server.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "./testing/test-database.ts";

const SECRET = "test-signing-secret-0123456789";
const FUTURE = "20991231_001_future_expand";

/** What a newer release might add under the expand/contract rule: a nullable column and a new table. */
const futureMigration: Migration = {
  name: FUTURE,
  async up(knex) {
    await knex.schema.alterTable("intake_requests", (t) => t.text("future_note"));
    await knex.schema.createTable("future_things", (t) => {
      t.increments("id");
      t.text("label");
    });
  },
  async down(knex) {
    await knex.schema.dropTable("future_things");
    await knex.schema.alterTable("intake_requests", (t) => t.dropColumn("future_note"));
  },
};

/** Migrates the way the newer release's `maestro migrate` would: its list is ours plus one more. */
async function migrateAsNewerRelease(knex: Knex): Promise<void> {
  const list = [...migrations, futureMigration];
  await knex.migrate.latest({
    tableName: "knex_migrations",
    migrationSource: {
      getMigrations: async () => list,
      getMigrationName: (m: Migration) => m.name,
      getMigration: async (m: Migration) => m,
    },
  });
}

function httpConfig(apiUrl: string, extra: Record<string, string> = {}) {
  const config = loadConfig({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: apiUrl,
    SLACK_BOT_USER_ID: "U0MAESTROBOT",
    SLACK_BOT_ID: "B0MAESTRO",
    ...extra,
  });
  return { ...config, port: 0 };
}

const fake = new FakeSlack();
let api: Awaited<ReturnType<typeof serveFakeSlackApi>>;
beforeAll(async () => {
  api = await serveFakeSlackApi(fake);
});
afterAll(async () => {
  await api?.close();
});

describe(`a replica older than the schema (${testEngine()})`, () => {
  let db: TestDatabase;
  let maestro: Maestro;
  beforeAll(async () => {
    db = await createTestDatabase();
    await insertStaff(db.knex, "Sam Staff", "U0SAM");
    await migrateAsNewerRelease(db.knex);
    // The embedded default migrates on start: the newer migration must not make that throw ("corrupt directory").
    maestro = await startMaestro(httpConfig(api.url), { logger: silentLogger, database: db, model: null, schedule: false });
  });
  afterAll(async () => {
    await maestro?.stop();
    await db?.drop();
  });

  it("reports the migrations it does not know as ahead, and has nothing to apply", async () => {
    const status = await migrationStatus(db.knex);
    expect(status.ahead).toEqual([FUTURE]);
    expect(status.pending).toEqual([]);
    expect(await migrateLatest(db.knex)).toEqual([]);
  });

  it("stays ready and says the schema is ahead", async () => {
    const ready = await fetch(`http://127.0.0.1:${maestro.port}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { ok: boolean; detail: string };
    expect(body.ok).toBe(true);
    expect(body.detail).toContain(`schema ahead of this version: ${FUTURE}`);
  });

  it("answers a signed slash command that reads the expanded table", async () => {
    const body = slashCommandBody("queue", api.url.replace("/api/", ""), "queue");
    const response = await postSignedToSlackEvents(`http://127.0.0.1:${maestro.port}`, SECRET, body);
    expect(response.status).toBe(200);
    await expect.poll(() => fake.callsOf("respond").filter((c) => String(c.args.response_url).endsWith("/respond/queue")).length).toBe(1);
    const [answer] = fake.callsOf("respond").filter((c) => String(c.args.response_url).endsWith("/respond/queue"));
    // The verb's own answer on this empty studio (a notice would open with its icon instead), and no error text anywhere.
    expect((answer!.args.blocks as unknown[])[0]).toMatchObject({ type: "section", text: { text: "The queue is empty (open intakes)." } });
    expect(JSON.stringify(answer!.args)).not.toMatch(/went wrong|error|❌/i);
  });
});

describe(`start and pending migrations (${testEngine()})`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateRollbackAll(db.knex);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("with DATABASE_URL, refuses a database that lacks migrations and applies none", async () => {
    const config = httpConfig(api.url, { DATABASE_URL: "postgres://maestro@db.internal:5432/maestro" });
    expect(config.database.migrateOnStart).toBe(false);
    const started = startMaestro(config, { logger: silentLogger, database: db, model: null, schedule: false });
    await expect(started).rejects.toBeInstanceOf(PendingMigrationsError);
    await expect(started).rejects.toThrow(/maestro migrate.*MAESTRO_MIGRATE_ON_START=on/);
    expect((await migrationStatus(db.knex)).applied).toEqual([]);
  });

  it("with MAESTRO_MIGRATE_ON_START=on, migrates and serves", async () => {
    const config = httpConfig(api.url, { DATABASE_URL: "postgres://maestro@db.internal:5432/maestro", MAESTRO_MIGRATE_ON_START: "on" });
    const maestro = await startMaestro(config, { logger: silentLogger, database: db, model: null, schedule: false });
    try {
      expect((await migrationStatus(db.knex)).pending).toEqual([]);
      expect((await fetch(`http://127.0.0.1:${maestro.port}/readyz`)).status).toBe(200);
    } finally {
      await maestro.stop();
    }
  });
});
