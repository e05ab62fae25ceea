// Performance pin of the gatekeeper (moved from src/slack/middleware/gatekeeper.test.ts, which keeps the behaviour): an
// event's id and its message id are recorded in one statement.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertStaff } from "../../src/testing/fixtures/people.ts";
import { createSlackHarness } from "../../src/testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.ts";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
});
afterAll(() => db?.drop());

describe("an event's receipts", () => {
  it("are one statement for the event id and the message id", async () => {
    const { fake } = createSlackHarness(db, { model: null, rateLimitPerMinute: 10_000 });
    const sent: string[] = [];
    const record = (query: { sql: string }) => sent.push(query.sql);
    db.knex.on("query", record);
    try {
      await fake.dm("U0SAM", "hello", { eventId: "EvONE", clientMsgId: "cm-one" });
      await fake.settle();
    } finally {
      db.knex.off("query", record);
    }
    expect(sent.filter((sql) => sql.includes("slack_event_receipts"))).toHaveLength(1);
    const receipts = await db
      .knex("slack_event_receipts")
      .whereIn("key", ["event:EvONE", "msg:cm-one"])
      .count<{ count: number }[]>("* as count");
    expect(receipts).toEqual([{ count: 2 }]);
  });
});
