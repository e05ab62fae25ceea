// Confirmed actions that outlive their executor (invariant 9), over the real app and the fake Slack transport: the
// states a crash leaves at each step of a click are built in the database as the dead process left them, then the
// recovery sweep (or a second click) runs: nothing twice, the card true, the run resumed, the person told.
// The kill -9 versions on PostgreSQL are in pending-action-crash.test.ts.
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { executeConfirmed } from "../agent/approvals/execute-confirmed.ts";
import { GIVEN_UP, STRANDED_AFTER_MS } from "../agent/approvals/recover.ts";
import { claimDecision } from "../domain/pending-actions/pending-action-store.ts";
import { agentUser } from "../testing/agent-harness.ts";
import { testDatabaseUrl } from "../config.ts";
import { insertIntake } from "../testing/fixtures/intakes.ts";
import { insertStaff, type TestUser } from "../testing/fixtures/people.ts";
import { callTools, reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createSlackHarness, type SlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { recoverPendingActions } from "./cards/recover-cards.ts";
import { ACTIONS } from "./ids.ts";

let db: TestDatabase;
let boss: TestUser;

beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
  boss = await insertStaff(db.knex, "Bea Boss", "U0BEA");
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw(
    "truncate conversations, agent_runs, conversation_messages, pending_actions, model_usage, conversation_inbox, slack_event_receipts, rate_limit_counters, intake_requests, intake_status_history, audit_log, feed_events restart identity cascade",
  );
});

/** Sam asks to reject Lee; the card is posted and the run waits. */
async function cardPosted() {
  const intake = await insertIntake(db.knex, { name: "Lee Park", status: "TRIAGED" });
  const model = new ScriptedModel([
    callTools([{ name: "update_intake_status", input: { intake_id: intake.id, new_status: "REJECTED" } }], "Needs your OK."),
    reply("Lee Park is rejected."),
  ]);
  const harness = createSlackHarness(db, { model, rateLimitPerMinute: 1000 });
  await harness.fake.dm("U0SAM", "reject Lee");
  await harness.fake.settle();
  const confirm = harness.fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.confirm))!;
  const card = harness.fake.callsOf("chat.postMessage").find((c) => JSON.stringify(c.args.blocks).includes(ACTIONS.confirm))!;
  const where = { channel: String(card.response!.channel), ts: String(card.response!.ts) };
  const action = await db.knex("pending_actions").first();
  const click = (user = "U0BEA") => harness.fake.click(user, { action_id: confirm.action_id, value: confirm.value }, where);
  return { intake, model, harness, where, action, click };
}

/** The claim a click makes, `agoMs` ago, as a process that then died left it. */
const claimedAgo = (id: string, agoMs: number) =>
  db
    .knex("pending_actions")
    .where({ id })
    .update({ status: "confirmed", decided_by: boss.id, decided_at: new Date(Date.now() - agoMs), decided_via: "button" });

const sweep = (harness: SlackHarness) =>
  recoverPendingActions(harness.surface, harness.app.client).then(async (n) => (await harness.fake.settle(), n));
const cardUpdates = (harness: SlackHarness, ts: string) => harness.fake.callsOf("chat.update").filter((c) => c.args.ts === ts);
const rejections = () => db.knex("audit_log").where({ action: "intake.status_update" });
const replies = (harness: SlackHarness) =>
  harness.fake.callsOf("chat.postMessage").filter((c) => String(c.args.text).includes("Lee Park is rejected."));

describe("a click whose executor died after the claim, before the write committed", () => {
  it("is run once by the sweep: the write, the card, the resumed run's reply — and never again", async () => {
    const { intake, model, harness, where, action } = await cardPosted();
    await claimedAgo(action.id, STRANDED_AFTER_MS + 1_000);
    expect(await sweep(harness)).toBeGreaterThan(0);
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "REJECTED" });
    expect(await rejections()).toHaveLength(1);
    expect((await rejections())[0]).toMatchObject({ actor_id: String(boss.id), details: { path: "button" } });
    expect(await db.knex("pending_actions").first()).toMatchObject({ status: "executed", recoveries: 1, card_status: "executed" });
    expect(JSON.stringify(cardUpdates(harness, where.ts).at(-1)!.args)).toMatch(/✅ Done.*Confirmed by Bea Boss/);
    expect(replies(harness)).toHaveLength(1);
    expect(await db.knex("agent_runs").first()).toMatchObject({ status: "completed" });

    const updates = cardUpdates(harness, where.ts).length;
    expect(await sweep(harness)).toBe(0);
    expect(await rejections()).toHaveLength(1);
    expect(cardUpdates(harness, where.ts)).toHaveLength(updates);
    expect(model.requests).toHaveLength(2);
  });

  it("is left alone while younger than the bound: a live executor may be about to open its transaction", async () => {
    const { harness, action } = await cardPosted();
    await claimedAgo(action.id, 5_000);
    expect(await sweep(harness)).toBe(0);
    expect(await db.knex("pending_actions").first()).toMatchObject({ status: "confirmed", recoveries: 0 });
    expect(await rejections()).toHaveLength(0);
  });

  it("a second click says it is being carried out while young, and runs it (once) once stranded", async () => {
    const { harness, where, action, click } = await cardPosted();
    await claimedAgo(action.id, 2_000);
    await click("U0SAM");
    await harness.fake.settle();
    expect(JSON.stringify(harness.fake.callsOf("respond").at(-1)!.args)).toContain(
      "Bea Boss confirmed this; Maestro is carrying it out now, and this card will show the result.",
    );
    expect(await rejections()).toHaveLength(0);

    await claimedAgo(action.id, STRANDED_AFTER_MS + 1_000);
    await click("U0SAM");
    await click("U0BEA");
    await harness.fake.settle();
    // Two clicks at once: one runs it. Under a loaded CI its resume was once deferred (the reply missing right after
    // the clicks); the recovery pass resumes whatever a click left waiting, so the person still gets one reply.
    await sweep(harness);
    expect(await rejections()).toHaveLength(1);
    expect(await db.knex("pending_actions").first()).toMatchObject({ status: "executed", decided_by: boss.id });
    expect(JSON.stringify(cardUpdates(harness, where.ts).at(-1)!.args)).toMatch(/✅ Done.*Confirmed by Bea Boss/);
    expect(replies(harness)).toHaveLength(1);
  });

  it("is given up after it took down its executor every time: failed, nothing written, the card says why", async () => {
    const { harness, where, action } = await cardPosted();
    await claimedAgo(action.id, STRANDED_AFTER_MS + 1_000);
    await db.knex("pending_actions").where({ id: action.id }).update({ recoveries: 3 });
    await sweep(harness);
    expect(await db.knex("pending_actions").first()).toMatchObject({ status: "failed", error: GIVEN_UP });
    expect(await rejections()).toHaveLength(0);
    expect(JSON.stringify(cardUpdates(harness, where.ts).at(-1)!.args)).toMatch(/❌ Failed/);
    expect(replies(harness)).toHaveLength(1); // the scripted reply: the model heard the failure and answered
  });
});

describe("a click whose executor died after the settle, before the card update and the resume", () => {
  it("brings the card up to date and resumes the run; the write is not run again", async () => {
    const { harness, where, action, model } = await cardPosted();
    // The click's claim, and its transaction's write and settle, committed; then the process died.
    const claimedAt = new Date(Date.now() - STRANDED_AFTER_MS - 1_000);
    await claimDecision(db.knex, action.id, { status: "confirmed", decidedBy: boss.id, via: "button" }, claimedAt);
    await executeConfirmed(harness.agent.runtime, action, agentUser(boss), "button");
    expect(await db.knex("pending_actions").first()).toMatchObject({ status: "executed", card_status: null });
    expect(await db.knex("agent_runs").first()).toMatchObject({ status: "awaiting_confirmation" });
    expect(replies(harness)).toHaveLength(0);

    await sweep(harness);
    expect(await rejections()).toHaveLength(1);
    expect(await db.knex("pending_actions").first()).toMatchObject({ status: "executed", card_status: "executed", recoveries: 0 });
    expect(JSON.stringify(cardUpdates(harness, where.ts).at(-1)!.args)).toMatch(/✅ Done.*Confirmed by Bea Boss/);
    expect(replies(harness)).toHaveLength(1);
    expect(model.requests).toHaveLength(2);
    expect(await db.knex("agent_runs").first()).toMatchObject({ status: "completed" });
  });
});

const url = testDatabaseUrl();

describe.runIf(url)("a live executor on PostgreSQL", () => {
  it("holding the action's row is passed over (SKIP LOCKED), however old its claim; taken once it is gone", async () => {
    const { harness, action } = await cardPosted();
    await claimedAgo(action.id, STRANDED_AFTER_MS * 10);
    const u = new URL(url!);
    u.pathname = `/${db.name}`;
    const executor = new pg.Client({ connectionString: u.toString() });
    await executor.connect();
    try {
      await executor.query("begin");
      await executor.query("select id from pending_actions where id = $1 for update", [action.id]);
      expect(await sweep(harness)).toBe(0);
      expect(await db.knex("pending_actions").first()).toMatchObject({ status: "confirmed", recoveries: 0 });
    } finally {
      await executor.end(); // dies mid-transaction: PostgreSQL rolls it back and drops its lock
    }
    await sweep(harness);
    expect(await db.knex("pending_actions").first()).toMatchObject({ status: "executed", recoveries: 1 });
    expect(await rejections()).toHaveLength(1);
  });
});
