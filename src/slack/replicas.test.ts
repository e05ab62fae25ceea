// Two app instances on one database, as two replicas behind a load balancer: clicks execute once,
// a restart between card and click loses nothing, limits are shared, turns in a thread never overlap.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ModelRequest } from "../agent/model-client.ts";
import { insertIntake } from "../testing/fixtures/intakes.ts";
import { insertStaff } from "../testing/fixtures/people.ts";
import { callTools, reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createSlackHarness, type SlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { ACTIONS } from "./ids.ts";
import { QUEUED_NOTE } from "./delivery/deliver-outcome.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
  await insertStaff(db.knex, "Bea Boss", "U0BEA");
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw(
    "truncate conversations, agent_runs, conversation_messages, pending_actions, model_usage, conversation_inbox, slack_event_receipts, rate_limit_counters, intake_requests, intake_status_history, audit_log, feed_events restart identity cascade",
  );
});

async function postCard(harness: SlackHarness, intakeId: number) {
  await harness.fake.dm("U0SAM", "reject it");
  await harness.fake.settle();
  const confirm = harness.fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.confirm))!;
  const card = harness.fake.callsOf("chat.postMessage").find((c) => JSON.stringify(c.args.blocks).includes(ACTIONS.confirm))!;
  expect(await db.knex("intake_requests").where({ id: intakeId }).first()).toMatchObject({ status: "TRIAGED" });
  return {
    button: { action_id: confirm.action_id, value: confirm.value },
    where: { channel: String(card.response!.channel), ts: String(card.response!.ts) },
  };
}

describe("two replicas", () => {
  it("execute a card once under 20 concurrent clicks spread over both", async () => {
    const intake = await insertIntake(db.knex, { status: "TRIAGED" });
    const model = new ScriptedModel([
      callTools([{ name: "update_intake_status", input: { intake_id: intake.id, new_status: "REJECTED" } }]),
      reply("Rejected."),
    ]);
    const a = createSlackHarness(db, { model });
    const b = createSlackHarness(db, { model });
    const { button, where } = await postCard(a, intake.id);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).fake.click(i % 3 ? "U0BEA" : "U0SAM", button, where)));
    await Promise.all([a.fake.settle(), b.fake.settle()]);
    expect(await db.knex("audit_log").where({ action: "intake.status_update" })).toHaveLength(1);
    expect(await db.knex("pending_actions").first()).toMatchObject({ status: "executed" });
    expect(model.requests).toHaveLength(2); // the pause and exactly one resume
    const resumed = [...a.fake.callsOf("chat.postMessage"), ...b.fake.callsOf("chat.postMessage")].filter((c) =>
      JSON.stringify(c.args).includes("Rejected."),
    );
    expect(resumed).toHaveLength(1);
  });

  it("a click after a restart executes the card and resumes the run", async () => {
    const intake = await insertIntake(db.knex, { status: "TRIAGED" });
    const before = createSlackHarness(db, {
      model: new ScriptedModel([callTools([{ name: "update_intake_status", input: { intake_id: intake.id, new_status: "REJECTED" } }])]),
    });
    const { button, where } = await postCard(before, intake.id);
    const afterModel = new ScriptedModel([reply("Rejected after the restart.")]);
    const after = createSlackHarness(db, { model: afterModel }); // a new process: nothing in memory
    await after.fake.click("U0BEA", button, where);
    await after.fake.settle();
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "REJECTED" });
    expect(JSON.stringify(after.fake.callsOf("chat.postMessage"))).toContain("Rejected after the restart.");
    expect(after.fake.callsOf("chat.update").some((c) => c.args.ts === where.ts)).toBe(true);
  });

  it("share the rate limit", async () => {
    const a = createSlackHarness(db, { rateLimitPerMinute: 3 });
    const b = createSlackHarness(db, { rateLimitPerMinute: 3 });
    for (const side of [a, b, a, b]) {
      await side.fake.command("U0SAM", "help");
      await side.fake.settle();
    }
    const answers = (side: typeof a) => side.fake.callsOf("respond").map((c) => JSON.stringify(c.args));
    expect(answers(a)[1]).toContain("Maestro commands");
    expect(answers(b)[1]).toMatch(/faster than I can take them/);
  });
});

describe("a message sent while a turn runs", () => {
  it("is queued behind it and answered after, not lost and not in parallel", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    const lastText = (request: ModelRequest) => JSON.stringify(request.messages.at(-1)!.content);
    const model = new ScriptedModel([
      (request) => (seen.push(lastText(request)), callTools([{ name: "get_intake_queue", input: {} }])),
      reply("First answer."),
      (request) => (seen.push(lastText(request)), reply("Second answer.")),
    ]);
    // Hold the first model call until the second message has arrived.
    const held = {
      createMessage: async (req: ModelRequest, opts?: object) =>
        model.requests.length === 0 ? (await gate, model.createMessage(req, opts)) : model.createMessage(req, opts),
    };
    const a = createSlackHarness(db, { model: held });
    const b = createSlackHarness(db, { model: held });
    const first = await a.fake.dm("U0SAM", "first question");
    await new Promise((r) => setTimeout(r, 200));
    await b.fake.dm("U0SAM", "second question", { threadTs: first.ts });
    await b.fake.settle();
    expect(JSON.stringify(b.fake.callsOf("chat.postMessage"))).toContain(QUEUED_NOTE);
    release();
    await a.fake.settle();
    const replies = a.fake.replyTexts();
    expect(replies.findIndex((r) => r.includes("First answer."))).toBeLessThan(replies.findIndex((r) => r.includes("Second answer.")));
    expect(seen[0]).toContain("first question");
    expect(seen[1]).toContain("second question");
    expect(await db.knex("conversation_inbox").first()).toMatchObject({ status: "done" });
  });
});
