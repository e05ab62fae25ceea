// Text no one controls — a DM, a tool argument from the model — carrying a NUL or a lone surrogate is answered, not dropped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertIntake } from "../testing/fixtures/intakes.ts";
import { insertStaff } from "../testing/fixtures/people.ts";
import { callTools, reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createSlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
});
afterAll(() => db?.drop());

describe("untrusted text", () => {
  it("answers a DM with a NUL and a lone surrogate, and keeps what it could of it", async () => {
    const model = new ScriptedModel([reply("Got it.")]);
    const { fake } = createSlackHarness(db, { model, rateLimitPerMinute: 1000 });
    await fake.dm("U0SAM", "hello\u0000 there \ud800 and \udfff bye");
    await fake.settle();
    expect(fake.replyTexts().join("\n")).toContain("Got it.");
    expect(JSON.stringify(model.requests[0]!.messages)).toContain("hello there \ufffd and \ufffd bye");
    expect(await db.knex("agent_runs").where({ status: "running" })).toHaveLength(0);
  });

  it("turns a NUL in a tool argument into an error the model reads, and the run goes on", async () => {
    const intake = await insertIntake(db.knex, { name: "Lee Park", status: "NEW" });
    const model = new ScriptedModel([
      callTools([{ name: "add_intake_note", input: { intake_id: intake.id, note: "bad\u0000note \ud83d" } }]),
      reply("That note had a bad character."),
    ]);
    const { fake } = createSlackHarness(db, { model, rateLimitPerMinute: 1000 });
    await fake.dm("U0SAM", "note it");
    await fake.settle();
    const toolResult = JSON.stringify(model.requests[1]!.messages.at(-1));
    expect(toolResult).toMatch(/is_error/);
    expect(toolResult).toMatch(/NUL/);
    expect(fake.replyTexts().join("\n")).toContain("That note had a bad character.");
  });

  it("stores a model error scrubbed of the key a provider echoed back", async () => {
    const echoed = Object.assign(new Error("401 invalid x-api-key: sk-ant-api03-LeakedKey_0123456789abcdef"), { status: 401 });
    const model = new ScriptedModel([{ throws: echoed }]);
    const { fake } = createSlackHarness(db, { model, rateLimitPerMinute: 1000 });
    await fake.dm("U0SAM", "anything");
    await fake.settle();
    const [run] = await db.knex("agent_runs").where({ status: "failed" }).orderBy("started_at", "desc").limit(1);
    expect(run.error).toMatch(/401/);
    expect(run.error).not.toMatch(/LeakedKey/);
    expect(JSON.stringify(fake.calls)).not.toMatch(/LeakedKey/);
  });
});
