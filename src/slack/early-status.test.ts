// A top-level DM's first sign comes before the gatekeeper's lookups: the thinking status is set once the delivery is
// known to be no retry, carried on by the turn (one set, one clear), and taken down when no turn follows (someone who
// is not staff, a file with no text, a database that fails). A retry sets nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertStaff, insertUser } from "../testing/fixtures/people.ts";
import { reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createSlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { THINKING_STATUS } from "./delivery/thread-status.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
  await insertUser(db.knex, { name: "Mia Member", roles: ["MEMBER"], slackUserId: "U0MIA" });
});
afterAll(() => db?.drop());

describe("the early status of a top-level DM", () => {
  it("is set before the person is looked up, and the turn carries it on: one set, one clear", async () => {
    const h = createSlackHarness(db, { model: new ScriptedModel([reply("Hello.")]), rateLimitPerMinute: 10_000 });
    let statusBeforeLookup = false;
    db.knex.on("query", function watch(q: { sql: string }) {
      if (/from "?users"?/i.test(q.sql) && !statusBeforeLookup)
        statusBeforeLookup = h.fake.callsOf("assistant.threads.setStatus").length > 0;
    });
    const { ts } = await h.fake.dm("U0SAM", "hello", { eventId: "EvEARLY1" });
    await h.fake.settle();
    db.knex.removeAllListeners("query");
    expect(statusBeforeLookup).toBe(true);
    expect(h.fake.statuses(ts)).toEqual([THINKING_STATUS, ""]);
    expect(h.fake.replyTexts().join()).toContain("Hello.");

    await h.fake.dm("U0SAM", "hello", { eventId: "EvEARLY1", retryNum: 1 }); // Slack's retry of the same event
    await h.fake.settle();
    expect(h.fake.statuses(ts)).toEqual([THINKING_STATUS, ""]);
  });

  it("is taken down when no turn follows: someone who is not staff, a file with no text", async () => {
    const h = createSlackHarness(db, { model: new ScriptedModel([]), rateLimitPerMinute: 10_000 });
    const refused = await h.fake.dm("U0MIA", "let me in");
    const fileOnly = await h.fake.dm("U0SAM", "", { files: [{ id: "F0X", name: "plan.pdf", mimetype: "application/pdf" }] });
    await h.fake.settle();
    expect(h.fake.statuses(refused.ts)).toEqual([THINKING_STATUS, ""]);
    expect(h.fake.statuses(fileOnly.ts)).toEqual([THINKING_STATUS, ""]);
  });

  it("is not set for a follow-up in a thread (the thread's running turn owns its status)", async () => {
    const h = createSlackHarness(db, { model: new ScriptedModel([reply("One."), reply("Two.")]), rateLimitPerMinute: 10_000 });
    const { ts } = await h.fake.dm("U0SAM", "first");
    await h.fake.settle();
    await h.fake.dm("U0SAM", "second", { threadTs: ts });
    await h.fake.settle();
    expect(h.fake.statuses(ts)).toEqual([THINKING_STATUS, "", THINKING_STATUS, ""]);
  });
});
