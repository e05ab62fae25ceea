// Receipts and rate-limit counters: batch receipts report which keys were new, counters count per window, and the
// counters' table is unlogged (no WAL flush per request) while receipts stay crash-safe.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database.ts";
import { countRequest } from "./rate-limit-store.ts";
import { recordReceipts } from "./receipt-store.ts";

let db: TestDatabase;
const at = new Date("2026-11-22T10:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());
beforeEach(() => db.knex.raw("truncate slack_event_receipts, rate_limit_counters"));

const persistence = async (table: string) =>
  ((await db.knex.raw("select relpersistence from pg_class where relname = ?", [table])) as { rows: { relpersistence: string }[] }).rows[0]!
    .relpersistence;

describe("receipts", () => {
  it("returns only the keys seen for the first time, and records each once", async () => {
    expect([...(await recordReceipts(db.knex, ["event:A", "msg:1"], "message", at))].sort()).toEqual(["event:A", "msg:1"]);
    // A redelivery of the same message under a new event id: the event is new, the message is not.
    expect([...(await recordReceipts(db.knex, ["event:B", "msg:1"], "message", at))]).toEqual(["event:B"]);
    expect([...(await recordReceipts(db.knex, ["event:B"], "message", at))]).toEqual([]);
    expect(await recordReceipts(db.knex, [], "message", at)).toEqual(new Set());
    expect(await db.knex("slack_event_receipts").orderBy("key").pluck("key")).toEqual(["event:A", "event:B", "msg:1"]);
  });

  it("live in a logged table, so a crash or a failover does not forget them", async () => {
    expect(await persistence("slack_event_receipts")).toBe("p");
  });
});

describe("rate-limit counters", () => {
  it("count per key and window", async () => {
    const next = new Date(at.getTime() + 60_000);
    expect([
      await countRequest(db.knex, "user:U1", at),
      await countRequest(db.knex, "user:U1", at),
      await countRequest(db.knex, "user:U2", at),
    ]).toEqual([1, 2, 1]);
    expect(await countRequest(db.knex, "user:U1", next)).toBe(1);
  });

  it("live in an unlogged table", async () => {
    expect(await persistence("rate_limit_counters")).toBe("u");
  });
});
