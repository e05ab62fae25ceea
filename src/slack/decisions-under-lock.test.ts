// Invariant 10 end to end (the real app over the fake Slack transport): the gate's classification and a card's
// preconditions are decided under the row lock in the write's own transaction. A record that moved after the card was
// posted is a stale result the clicker and the model read, never a different write; on PostgreSQL a second connection
// holds the row (BEGIN; SELECT … FOR UPDATE; UPDATE) while Maestro's write waits, then commits.
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "../config.ts";
import { ACTIONS } from "./ids.ts";
import { bookSlot, insertSlot } from "../testing/fixtures/bookings.ts";
import { insertIntake, writeFootprint } from "../testing/fixtures/intakes.ts";
import { insertStaff, insertUser, type TestUser } from "../testing/fixtures/people.ts";
import { insertRoleRequest } from "../testing/fixtures/roles.ts";
import { callTools, reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createSlackHarness, type SlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";

let db: TestDatabase;
let member: TestUser;
const HOUR = 3_600_000;

beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
  await insertStaff(db.knex, "Bea Boss", "U0BEA");
  member = await insertUser(db.knex, { name: "Mo Member", roles: ["MEMBER"], slackUserId: "U0MO" });
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw(
    "truncate conversations, agent_runs, conversation_messages, pending_actions, model_usage, conversation_inbox, slack_event_receipts, rate_limit_counters, intake_requests, intake_status_history, audit_log, feed_events, role_requests, bookings, maestro_availability restart identity cascade",
  );
});

type Call = { name: string; input: Record<string, unknown> };

/** Sam asks; the model makes `call`; returns the harness and the card's Confirm click (undefined when no card). */
async function ask(call: Call) {
  const model = new ScriptedModel([callTools([call], "That needs your OK."), reply("Noted.")]);
  const harness = createSlackHarness(db, { model, rateLimitPerMinute: 1000 });
  await harness.fake.dm("U0SAM", "please do it");
  await harness.fake.settle();
  return { harness, model };
}

function cardOf(harness: SlackHarness) {
  const confirm = harness.fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.confirm));
  const card = harness.fake.callsOf("chat.postMessage").find((c) => JSON.stringify(c.args.blocks).includes(ACTIONS.confirm));
  if (!confirm || !card) return undefined;
  const where = { channel: String(card.response!.channel), ts: String(card.response!.ts) };
  return { where, click: () => harness.fake.click("U0BEA", { action_id: confirm.action_id, value: confirm.value }, where) };
}

/** The card's text as last updated. */
const lastCardText = (harness: SlackHarness, ts: string) =>
  JSON.stringify(
    harness.fake
      .callsOf("chat.update")
      .filter((c) => c.args.ts === ts)
      .at(-1)?.args ?? {},
  );

/** The content of the last tool_result the model was sent. */
function lastToolResult(model: ScriptedModel): string {
  const messages = model.requests.at(-1)!.messages;
  const blocks = messages.flatMap((m) => (Array.isArray(m.content) ? m.content : []));
  const results = blocks.filter((b) => b.type === "tool_result");
  return JSON.stringify(results.at(-1));
}

describe("a card whose record moved after it was posted", () => {
  it("intake reject: confirmed as 'from NEW', the intake was BOOKED meanwhile — nothing done, both told why", async () => {
    const intake = await insertIntake(db.knex, { name: "Lee Park", status: "NEW" });
    const { harness, model } = await ask({ name: "update_intake_status", input: { intake_id: intake.id, new_status: "REJECTED" } });
    const card = cardOf(harness)!;
    await db.knex("intake_requests").where({ id: intake.id }).update({ status: "BOOKED" });
    const before = await writeFootprint(db.knex);
    await card.click();
    await harness.fake.settle();
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "BOOKED" });
    expect(await writeFootprint(db.knex)).toEqual(before);
    const action = await db.knex("pending_actions").first();
    expect(action).toMatchObject({ status: "failed", result: { stale: true } });
    expect(action.error).toContain("status was NEW then, BOOKED now");
    expect(lastCardText(harness, card.where.ts)).toMatch(/Not run: it changed meanwhile/);
    expect(lastCardText(harness, card.where.ts)).toContain("status was NEW then, BOOKED now");
    expect(lastToolResult(model)).toContain("Nothing was done: this changed after the card was posted (status was NEW then, BOOKED now)");
  });

  it("slot cancel: the slot was booked meanwhile — nothing cancelled, the booking named", async () => {
    const slot = await insertSlot(db.knex, { start: new Date(Date.now() + 48 * HOUR) });
    const intake = await insertIntake(db.knex, { name: "Ola Bright", status: "BOOKED" });
    const { harness, model } = await ask({ name: "cancel_availability_slot", input: { slot_id: slot.id } });
    const card = cardOf(harness)!;
    await bookSlot(db.knex, slot.id, intake.id);
    await card.click();
    await harness.fake.settle();
    expect(await db.knex("maestro_availability").where({ id: slot.id }).first()).toMatchObject({ status: "BOOKED" });
    expect(await db.knex("audit_log").where({ action: "availability.cancel" })).toHaveLength(0);
    expect(await db.knex("pending_actions").first()).toMatchObject({ status: "failed", result: { stale: true } });
    expect(lastCardText(harness, card.where.ts)).toMatch(/Not run: it changed meanwhile/);
    expect(lastToolResult(model)).toMatch(/Nothing was done: this changed after the card was posted\. .*is booked by Ola Bright/);
  });

  it.each([
    ["approve_role_request", { note: "welcome" }, "REJECTED"],
    ["reject_role_request", { reason: "not now" }, "APPROVED"],
  ] as const)("%s: the request was decided by someone else meanwhile — their decision stands", async (tool, extra, meanwhile) => {
    const request = await insertRoleRequest(db.knex, { userId: member.id, role: "STAFF" });
    const { harness, model } = await ask({ name: tool, input: { request_id: request.id, ...extra } });
    const card = cardOf(harness)!;
    const sam = await db.knex("users").where({ slack_user_id: "U0SAM" }).first();
    await db.knex("role_requests").where({ id: request.id }).update({ status: meanwhile, decided_by: sam.id, decided_at: new Date() });
    const before = await writeFootprint(db.knex);
    await card.click();
    await harness.fake.settle();
    expect(await db.knex("role_requests").where({ id: request.id }).first()).toMatchObject({ status: meanwhile, decided_by: sam.id });
    expect(await writeFootprint(db.knex)).toEqual(before);
    expect(await db.knex("pending_actions").first()).toMatchObject({ status: "failed", result: { stale: true } });
    expect(lastCardText(harness, card.where.ts)).toMatch(/Not run: it changed meanwhile/);
    expect(lastToolResult(model)).toContain(`Nothing was done: this changed after the card was posted. Role request ${request.id}`);
    expect(lastToolResult(model)).toContain(`was already ${meanwhile} by Sam Staff`);
  });
});

const url = testDatabaseUrl();

/** A second PostgreSQL session, as a person in another app would hold the row. */
async function holder(): Promise<pg.Client> {
  const u = new URL(url!);
  u.pathname = `/${db.name}`;
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  return client;
}

/** Resolves once some session of the test database waits on a row lock (Maestro's write behind the holder). */
async function someoneWaitsOnALock(client: pg.Client): Promise<void> {
  for (let i = 0; i < 400; i++) {
    await client.query("select pg_stat_clear_snapshot()"); // inside a transaction the statistics snapshot is kept
    const { rows } = await client.query(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
    );
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("nothing waited on the held row");
}

// PGlite is one connection in one process: a second transaction cannot hold the row while Maestro's write waits, so
// these run on PostgreSQL only; the moved-record cases above run on both engines.
describe.runIf(url)("the gate race on PostgreSQL: a person holds the row while Maestro writes", () => {
  it.each(["QUALIFIED", "REJECTED"] as const)(
    "an advance NEW → TRIAGED that became a regression from %s is held for a card, not written",
    async (meanwhile) => {
      const intake = await insertIntake(db.knex, { name: "Lee Park", status: "NEW" });
      const person = await holder();
      try {
        await person.query("begin");
        await person.query("select id from intake_requests where id = $1 for update", [intake.id]);
        await person.query("update intake_requests set status = $2 where id = $1", [intake.id, meanwhile]);
        const model = new ScriptedModel([
          callTools([{ name: "update_intake_status", input: { intake_id: intake.id, new_status: "TRIAGED" } }]),
          reply("Noted."),
        ]);
        const harness = createSlackHarness(db, { model, rateLimitPerMinute: 1000 });
        await harness.fake.dm("U0SAM", "triage Lee");
        await someoneWaitsOnALock(person);
        await person.query("commit");
        await harness.fake.settle();
        expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: meanwhile });
        expect(await db.knex("intake_status_history").where({ intake_id: intake.id })).toHaveLength(0);
        const action = await db.knex("pending_actions").first();
        expect(action).toMatchObject({ status: "pending", snapshot: { status: meanwhile } });
        expect(action.snapshot.summary).toContain(`${meanwhile} → TRIAGED`);
        expect(cardOf(harness)).toBeDefined();
      } finally {
        await person.end();
      }
    },
  );

  it("a confirmed 'reject from NEW' whose intake is being BOOKED waits for the row, then refuses: nothing rejected", async () => {
    const intake = await insertIntake(db.knex, { name: "Lee Park", status: "NEW" });
    const { harness, model } = await ask({ name: "update_intake_status", input: { intake_id: intake.id, new_status: "REJECTED" } });
    const card = cardOf(harness)!;
    const person = await holder();
    try {
      await person.query("begin");
      await person.query("select id from intake_requests where id = $1 for update", [intake.id]);
      await person.query("update intake_requests set status = 'BOOKED' where id = $1", [intake.id]);
      await card.click();
      await someoneWaitsOnALock(person);
      await person.query("commit");
      await harness.fake.settle();
    } finally {
      await person.end();
    }
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "BOOKED" });
    expect(await db.knex("audit_log").where({ action: "intake.status_update" })).toHaveLength(0);
    expect(await db.knex("pending_actions").first()).toMatchObject({ status: "failed", result: { stale: true } });
    expect(lastCardText(harness, card.where.ts)).toMatch(/Not run: it changed meanwhile/);
    expect(lastToolResult(model)).toContain("status was NEW then, BOOKED now");
  });
});
