// The tool executor on a real database: every way a call can fail comes back as data the model can act on (never a
// throw), a gated call needs a human decision, and a card's expectation is checked under the lock before any write.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Actor } from "../domain/actor.ts";
import { DomainError } from "../domain/errors.ts";
import { insertIntake, writeFootprint } from "../testing/fixtures/intakes.ts";
import { actorFor, insertStaff } from "../testing/fixtures/people.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { toolContext } from "../testing/tool-context.ts";
import { CATALOGUE } from "./catalogue.ts";
import { describeChanges } from "./decided-run.ts";
import { classifyCall, describeIssues, executeTool } from "./execute.ts";
import { INTAKE_TRANSITION_POLICY, POLICY } from "./policy.ts";
import { createRegistry } from "./registry.ts";
import { defineTool } from "./tool.ts";

/** Tools that fail the ways a handler can: a domain refusal, and a bug. */
const failing = [
  defineTool({
    name: "refuse_always",
    group: "queue",
    description: "Always refuses.",
    input: z.strictObject({}),
    effect: POLICY.assign_intake,
    async run() {
      throw new DomainError("conflict", "Already done.");
    },
  }),
  defineTool({
    name: "crash_always",
    group: "queue",
    description: "Always crashes.",
    input: z.strictObject({}),
    effect: POLICY.assign_intake,
    async run(): Promise<Record<string, unknown>> {
      throw new Error("secret internals");
    },
  }),
];
const registry = createRegistry([...CATALOGUE, ...failing]);
let db: TestDatabase;
let actor: Actor;
const logged: { obj: unknown; msg: string }[] = [];
const logger = { error: (obj: unknown, msg: string) => logged.push({ obj, msg }) } as unknown as Parameters<typeof executeTool>[4];

beforeAll(async () => {
  db = await createTestDatabase();
  actor = actorFor(await insertStaff(db.knex, "Sam Staff", "U0SAM"), "agent", null);
});
afterAll(() => db?.drop());
beforeEach(async () => {
  logged.length = 0;
  await db.knex.raw("truncate intake_requests, intake_status_history, audit_log, feed_events restart identity cascade");
});

const ctx = (decision?: Parameters<typeof toolContext>[2]) => toolContext(db, actor, decision);

describe("classifyCall", () => {
  it("names an unknown tool", async () => {
    expect(await classifyCall(registry, "nope", {}, ctx())).toEqual({
      ok: false,
      error: { code: "unknown_tool", message: "There is no tool named nope." },
    });
  });

  it("refuses text the database cannot store, naming where it is", async () => {
    const result = await classifyCall(registry, "add_intake_note", { intake_id: 1, note: "a\u0000b" }, ctx());
    expect(result).toEqual({
      ok: false,
      error: {
        code: "invalid_input",
        message:
          "Invalid arguments for add_intake_note: note: text must not contain a NUL character or an unpaired UTF-16 surrogate; remove it and call again",
      },
    });
  });

  it("says which arguments are wrong, and treats missing arguments as none", async () => {
    const bad = await classifyCall(registry, "update_intake_status", { intake_id: "x", new_status: "LOST" }, ctx());
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.code).toBe("invalid_input");
    expect(!bad.ok && bad.error.message).toMatch(/^Invalid arguments for update_intake_status: intake_id: .+; new_status: .+$/);
    const none = await classifyCall(registry, "get_intake_queue", undefined, ctx());
    expect(none).toMatchObject({ ok: true, effect: POLICY.read, args: { limit: 20, offset: 0 } });
  });

  it("classifies by the record as it is: advance is a write, rejecting is gated", async () => {
    const intake = await insertIntake(db.knex, { status: "TRIAGED" });
    const advance = await classifyCall(registry, "update_intake_status", { intake_id: intake.id, new_status: "QUALIFIED" }, ctx());
    expect(advance).toMatchObject({ ok: true, effect: INTAKE_TRANSITION_POLICY.advance });
    const reject = await classifyCall(registry, "update_intake_status", { intake_id: intake.id, new_status: "REJECTED" }, ctx());
    expect(reject).toMatchObject({ ok: true, effect: INTAKE_TRANSITION_POLICY.reject });
  });

  it("a record that does not exist is a domain failure with the domain's words", async () => {
    const missing = await classifyCall(registry, "update_intake_status", { intake_id: 999, new_status: "QUALIFIED" }, ctx());
    expect(missing).toMatchObject({ ok: false, error: { code: "not_found", domain: { message: expect.stringMatching(/999/) } } });
  });
});

describe("describeIssues", () => {
  it("lists at most five issues, naming the root as arguments", () => {
    const issues = Array.from({ length: 7 }, (_, i) => ({ code: "custom", path: i ? [`f${i}`, 0] : [], message: `m${i}` }));
    expect(describeIssues(issues as never)).toBe("arguments: m0; f1.0: m1; f2.0: m2; f3.0: m3; f4.0: m4");
  });
});

describe("executeTool", () => {
  it("runs a write and reports its effect", async () => {
    const intake = await insertIntake(db.knex, { status: "NEW" });
    const outcome = await executeTool(registry, "update_intake_status", { intake_id: intake.id, new_status: "TRIAGED" }, ctx());
    expect(outcome).toMatchObject({ ok: true, effect: INTAKE_TRANSITION_POLICY.advance, result: { to_status: "TRIAGED" } });
  });

  it("refuses a gated call without a human decision and writes nothing; runs it with one", async () => {
    const intake = await insertIntake(db.knex, { status: "TRIAGED" });
    const before = await writeFootprint(db.knex);
    const args = { intake_id: intake.id, new_status: "REJECTED" };
    expect(await executeTool(registry, "update_intake_status", args, ctx())).toEqual({
      ok: false,
      effect: INTAKE_TRANSITION_POLICY.reject,
      error: {
        code: "needs_confirmation",
        message: "update_intake_status needs a human's confirmation before it runs: Rejecting a prospect is a final decision about them.",
        domain: expect.anything(),
      },
    });
    expect(await writeFootprint(db.knex)).toEqual(before);
    const decided = await executeTool(registry, "update_intake_status", args, ctx({ decision: { via: "button" } }));
    expect(decided).toMatchObject({ ok: true, result: { to_status: "REJECTED" } });
  });

  it("turns bad input, a refusal and a crash into failures, logging only the crash", async () => {
    expect(await executeTool(registry, "nope", {}, ctx(), logger)).toMatchObject({ ok: false, error: { code: "unknown_tool" } });
    expect(await executeTool(registry, "refuse_always", {}, ctx(), logger)).toMatchObject({
      ok: false,
      effect: POLICY.assign_intake,
      error: { code: "conflict", domain: { message: "Already done." } },
    });
    expect(logged).toEqual([]);
    expect(await executeTool(registry, "crash_always", {}, ctx(), logger)).toEqual({
      ok: false,
      effect: POLICY.assign_intake,
      error: { code: "internal", message: "crash_always failed because of an internal error; nothing was changed." },
    });
    expect(logged).toMatchObject([{ msg: "tool.run.error", obj: { tool: "crash_always" } }]);
  });

  it("checks a card's expectation under the lock: a moved record is stale, naming what changed", async () => {
    const intake = await insertIntake(db.knex, { status: "TRIAGED" });
    const args = { intake_id: intake.id, new_status: "REJECTED" };
    const expected = { effect: "gated" as const, snapshot: { intake_id: intake.id, status: "NEW" } };
    const before = await writeFootprint(db.knex);
    const stale = await executeTool(registry, "update_intake_status", args, ctx({ decision: { via: "button" } }), logger, expected);
    expect(stale).toMatchObject({ ok: false, error: { code: "stale" } });
    expect(!stale.ok && stale.error.message).toMatch(
      /^Nothing was done: this changed after the card was posted \(status was NEW then, TRIAGED now\)\. Ask again/,
    );
    expect(await writeFootprint(db.knex)).toEqual(before);

    const matching = { effect: "gated" as const, snapshot: { intake_id: intake.id, status: "TRIAGED" } };
    const ran = await executeTool(registry, "update_intake_status", args, ctx({ decision: { via: "button" } }), logger, matching);
    expect(ran).toMatchObject({ ok: true, effect: INTAKE_TRANSITION_POLICY.reject });
  });

  it("a call whose effect changed since the card is stale, saying what it is now", async () => {
    const intake = await insertIntake(db.knex, { status: "TRIAGED" });
    const args = { intake_id: intake.id, new_status: "QUALIFIED" };
    const expected = { effect: "gated" as const, snapshot: { intake_id: intake.id, status: "TRIAGED" } };
    const outcome = await executeTool(registry, "update_intake_status", args, ctx({ decision: { via: "button" } }), logger, expected);
    expect(outcome).toMatchObject({ ok: false, effect: INTAKE_TRANSITION_POLICY.advance, error: { code: "stale" } });
    expect(!outcome.ok && outcome.error.message).toBe(
      "Nothing was done: the record changed after this call was checked, and it is now a write call " +
        "(Advancing an intake along the pipeline is reversible.). Ask again if it is still wanted.",
    );
  });

  it("a card whose call can no longer be made is stale with the preview's reason", async () => {
    const intake = await insertIntake(db.knex, { status: "BOOKED" });
    const args = { intake_id: intake.id, new_status: "QUALIFIED" };
    const expected = { effect: "gated" as const, snapshot: { intake_id: intake.id, status: "BOOKED" } };
    const outcome = await executeTool(registry, "update_intake_status", args, ctx({ decision: { via: "button" } }), logger, expected);
    expect(outcome).toMatchObject({ ok: false, error: { code: "stale" } });
    expect(!outcome.ok && outcome.error.message).toMatch(/^Nothing was done: this changed after the card was posted\. .+ Ask again/);
  });
});

describe("describeChanges", () => {
  it("names each field that moved, in order, strings as they are and other values as JSON", () => {
    expect(describeChanges({ status: "NEW", b_count: 1, same: true }, { status: "TRIAGED", b_count: 2, same: true, extra: null })).toEqual([
      "b count was 1 then, 2 now",
      "status was NEW then, TRIAGED now",
    ]);
    expect(describeChanges({ a: { x: 1 } }, {})).toEqual(['a was {"x":1} then, null now']);
  });
});
