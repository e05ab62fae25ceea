// The gatekeeper's order of work: commands and clicks are acked before any SQL, events are recorded once, and an
// unreachable database gets a plain answer on the surface the person used instead of silence.
import knexFactory from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertStaff } from "../../testing/fixtures/people.ts";
import { createSlackHarness } from "../../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database.ts";
import { ACTIONS } from "../ids.ts";
import { UNAVAILABLE } from "./gatekeeper.ts";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
});
afterAll(() => db?.drop());

/** Every statement the app sends, in order, with the moment it was sent. */
function recordStatements(knex: TestDatabase["knex"]) {
  const sent: { sql: string; at: number }[] = [];
  const listener = (query: { sql: string }) => sent.push({ sql: query.sql, at: performance.now() });
  knex.on("query", listener);
  return { sent, stop: () => knex.off("query", listener) };
}

describe("the ack", () => {
  it("comes before any SQL for a command and a click, and the answer follows through response_url", async () => {
    const { fake } = createSlackHarness(db, { model: null });
    for (const send of [
      () => fake.command("U0SAM", "queue"),
      () =>
        fake.click(
          "U0SAM",
          { action_id: `${ACTIONS.confirm}:x`, value: JSON.stringify({ id: crypto.randomUUID() }) },
          { channel: "D0U0SAM", ts: "1700000000.000100" },
        ),
    ]) {
      const statements = recordStatements(db.knex);
      const started = performance.now();
      const ack = await send();
      // Nothing reached the database by the time the ack was given.
      const ackedAt = started + ack.ackMs!;
      await fake.settle();
      statements.stop();
      expect(ack.response).toBeUndefined();
      expect(statements.sent.length).toBeGreaterThan(0);
      expect(statements.sent[0]!.at).toBeGreaterThan(ackedAt);
    }
    const answers = fake.callsOf("respond").map((c) => JSON.stringify(c.args));
    expect(answers).toHaveLength(2);
    expect(answers[1]).toMatch(/no longer exists; nothing was changed/);
  });

  // That both are one statement is pinned in bench/perf/event-receipts.perf-test.ts (npm run test:perf).
  it("records an event's id and its message id, and drops the same message under a new event id", async () => {
    const { fake } = createSlackHarness(db, { model: null, rateLimitPerMinute: 10_000 });
    await fake.dm("U0SAM", "hello", { eventId: "EvONE", clientMsgId: "cm-one" });
    await fake.settle();
    expect(
      await db.knex("slack_event_receipts").whereIn("key", ["event:EvONE", "msg:cm-one"]).count<{ count: number }[]>("* as count"),
    ).toEqual([{ count: 2 }]);
    // The same message again under a new event id (Slack does this) is still dropped.
    await fake.dm("U0SAM", "hello", { eventId: "EvTWO", clientMsgId: "cm-one" });
    await fake.settle();
    expect(fake.callsOf("reactions.add")).toHaveLength(1);
  });
});

const quiet = { warn() {}, error() {}, debug() {}, deprecate() {} };

describe("an unreachable database", () => {
  // A real driver against a port nothing listens on: the same failure a database outage gives.
  const down = knexFactory({
    client: "pg",
    connection: "postgres://postgres@127.0.0.1:9/none",
    pool: { min: 0, max: 1 },
    acquireConnectionTimeout: 2_000,
    log: quiet,
  });
  afterAll(() => down.destroy());
  const harness = () => createSlackHarness({ ...db, knex: down, engine: "postgres" }, { model: null });

  it("still acks a command and a click, and tells the person through response_url", async () => {
    const { fake } = harness();
    const command = await fake.command("U0SAM", "queue");
    const click = await fake.click(
      "U0SAM",
      { action_id: `${ACTIONS.confirm}:x`, value: JSON.stringify({ id: crypto.randomUUID() }) },
      { channel: "D0U0SAM", ts: "1700000000.000100" },
    );
    await fake.settle();
    expect([command.acked, click.acked]).toEqual([true, true]);
    expect(fake.callsOf("respond").map((c) => c.args.text)).toEqual([UNAVAILABLE, UNAVAILABLE]);
  });

  it("answers a DM in the DM", async () => {
    const { fake } = harness();
    await fake.dm("U0SAM", "anything new?");
    await fake.settle();
    expect(fake.callsOf("chat.postMessage").map((c) => [c.args.channel, c.args.text])).toEqual([["D0U0SAM", UNAVAILABLE]]);
  });
});
