// The optional summary line: kept when every number in it is one of the digest's, dropped when the model
// invents one or fails; built from numbers only; its usage recorded as "digest_summary".
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "../domain/actor.ts";
import { manualClock, DAY_MS } from "../domain/clock.ts";
import { blocksToText } from "../console/render-blocks.ts";
import { createTestDigest, digestConfig, recordingPoster } from "../testing/digest-harness.ts";
import { insertIntake } from "../testing/fixtures/intakes.ts";
import { insertUser } from "../testing/fixtures/people.ts";
import { insertRoleRequest } from "../testing/fixtures/roles.ts";
import { reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { inventedNumbers, numbersIn } from "./summary.ts";

const NOW = new Date("2026-11-24T08:00:00.000Z");
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  // 3 NEW intakes (the oldest 4 days old) and 2 pending role requests.
  for (const days of [4, 2, 1])
    await insertIntake(db.knex, { name: "Dana Reyes", status: "NEW", createdAt: new Date(NOW.getTime() - days * DAY_MS) });
  for (const name of ["Ada Mensah", "Noor Rahimi"])
    await insertRoleRequest(db.knex, { userId: (await insertUser(db.knex, { name, roles: ["MEMBER"] })).id, submittedAt: NOW });
});
afterAll(() => db?.drop());
beforeEach(() => db.knex.raw("truncate model_usage restart identity"));

function previewWith(model: ScriptedModel, summary = "on") {
  const config = digestConfig({ DIGEST_SUMMARY: summary });
  const { digest } = createTestDigest(db, { clock: manualClock(NOW), post: recordingPoster().post, config, model });
  return digest.preview(systemActor("digest"));
}

describe("the summary line", () => {
  it("is kept when its numbers are the digest's, shown first, and its usage recorded", async () => {
    const model = new ScriptedModel([reply("3 new intakes are waiting, the oldest for 4 days, and 2 role requests need a decision.")]);
    const { content, message } = await previewWith(model);
    expect(content.summary).toBe("3 new intakes are waiting, the oldest for 4 days, and 2 role requests need a decision.");
    expect(blocksToText(message.blocks).slice(0, 6).join("\n")).toContain("💬 3 new intakes are waiting");
    const usage = await db.knex("model_usage").select("purpose", "agent_run_id", "input_tokens");
    expect(usage).toMatchObject([{ purpose: "digest_summary", agent_run_id: null }]);
    expect(usage[0]!.input_tokens).toBeGreaterThan(0);
  });

  it("is built from numbers only: no names or other studio text reach the model", async () => {
    const model = new ScriptedModel([reply("3 new intakes are waiting.")]);
    await previewWith(model);
    const sent = JSON.stringify(model.requests[0]!.messages);
    expect(sent).toContain('\\"new_untriaged\\":3');
    expect(sent).toContain('\\"pending_role_requests\\":2');
    expect(sent).not.toMatch(/Dana|Ada|Noor|wheel/);
    expect(model.requests[0]).not.toHaveProperty("temperature");
  });

  it("is dropped when the model invents a number", async () => {
    const model = new ScriptedModel([reply("9 new intakes are waiting and 2 role requests need a decision.")]);
    const { content, message } = await previewWith(model);
    expect(content.summary).toBeNull();
    expect(blocksToText(message.blocks).join("\n")).not.toContain("9 new intakes");
    expect(await db.knex("model_usage").select("purpose")).toEqual([{ purpose: "digest_summary" }]); // the call still cost money
  });

  it("is dropped when the model fails, and the digest goes out without it", async () => {
    const { content } = await previewWith(new ScriptedModel([{ throws: new Error("529 overloaded") }]));
    expect(content.summary).toBeNull();
    expect(content.newIntakes).toMatchObject({ total: 3 });
  });

  it("is not asked for when DIGEST_SUMMARY is off", async () => {
    const model = new ScriptedModel([]);
    const { content } = await previewWith(model, "off");
    expect(model.requests).toHaveLength(0);
    expect(content.summary).toBeNull();
  });
});

describe("checking a sentence's numbers", () => {
  it("finds digits and number words", () => {
    expect(numbersIn("1,234 events, 2.5 hours, seven failures and twelve requests")).toEqual([1234, 2.5, 7, 12]);
  });

  it("allows only the figures (a change may be stated without its sign)", () => {
    const figures = { new_untriaged: 3, change_open_queue: -2, failures_window_hours: 24 };
    expect(inventedNumbers("3 new, the queue is 2 shorter than yesterday; failures in the last 24 hours: none", figures)).toEqual([]);
    expect(inventedNumbers("three new and 5 failures", figures)).toEqual([5]);
  });
});
