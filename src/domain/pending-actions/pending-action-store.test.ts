// The pending-action store on a real database: each state moves on only by a conditional update, so a second click,
// a late expiry or a second executor finds nothing to do; errors are stored scrubbed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertStaff, type TestUser } from "../../testing/fixtures/people.ts";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database.ts";
import { HOUR_MS } from "../clock.ts";
import {
  attachCard,
  claimDecision,
  countPendingActionsByStatus,
  expireOverdue,
  findPendingAction,
  insertPendingAction,
  lockConfirmed,
  pendingActionsOfRun,
  settleConfirmed,
  type NewPendingAction,
} from "./pending-action-store.ts";

let db: TestDatabase;
let staff: TestUser;
const T0 = new Date("2026-11-24T15:00:00Z");
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR_MS);

beforeAll(async () => {
  db = await createTestDatabase();
  staff = await insertStaff(db.knex, "Sam Staff", "U0SAM");
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw("truncate pending_actions, agent_runs, conversations restart identity cascade");
});

/** An agent run row (the store's foreign key), written directly: this layer sits below the agent's stores. */
async function insertRun(): Promise<{ id: string }> {
  const [conversation] = await db
    .knex("conversations")
    .insert({ slack_team_id: "T", slack_channel_id: "D", thread_ts: `1.${Math.random()}` })
    .returning("id");
  const [run] = await db
    .knex("agent_runs")
    .insert({ conversation_id: conversation.id, trigger: "dm", status: "running", started_at: T0, updated_at: T0 })
    .returning("id");
  return run as { id: string };
}

const action = (over: Partial<NewPendingAction> = {}): NewPendingAction => ({
  runId: null,
  toolUseId: "toolu_1",
  stepSeq: 3,
  toolName: "reject_role_request",
  args: { request_id: 12, reason: "Not this term" },
  argsHash: "abc",
  reason: "Rejecting is final.",
  snapshot: { request_id: 12, status: "PENDING", summary: "Reject role request 12" },
  requestedBy: staff.id,
  expiresAt: at(24),
  ...over,
});

describe("insert and find", () => {
  it("stores the call as it will run, pending, with its JSON intact", async () => {
    const row = await insertPendingAction(db.knex, action(), T0);
    expect(row).toMatchObject({
      tool_use_id: "toolu_1",
      step_seq: 3,
      tool_name: "reject_role_request",
      args: { request_id: 12, reason: "Not this term" },
      args_hash: "abc",
      reason: "Rejecting is final.",
      snapshot: { request_id: 12, status: "PENDING", summary: "Reject role request 12" },
      requested_by: staff.id,
      status: "pending",
      decided_by: null,
      decided_at: null,
      executed_at: null,
    });
    expect(row.created_at.getTime()).toBe(T0.getTime());
    expect(row.expires_at.getTime()).toBe(at(24).getTime());
    expect(await findPendingAction(db.knex, row.id)).toMatchObject({ id: row.id, status: "pending" });
    expect(await findPendingAction(db.knex, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });

  it("lists a run's actions oldest first, and only that run's", async () => {
    const run = await insertRun();
    const other = await insertRun();
    const second = await insertPendingAction(db.knex, action({ runId: run.id, toolUseId: "b" }), at(1));
    const first = await insertPendingAction(db.knex, action({ runId: run.id, toolUseId: "a" }), T0);
    await insertPendingAction(db.knex, action({ runId: other.id }), T0);
    expect((await pendingActionsOfRun(db.knex, run.id)).map((r) => r.id)).toEqual([first.id, second.id]);
  });
});

describe("claimDecision", () => {
  it("lets exactly one decision win, recording who and when", async () => {
    const row = await insertPendingAction(db.knex, action(), T0);
    const won = await claimDecision(db.knex, row.id, { status: "confirmed", decidedBy: staff.id }, at(1));
    expect(won).toMatchObject({ id: row.id, status: "confirmed", decided_by: staff.id });
    expect(won!.decided_at!.getTime()).toBe(at(1).getTime());
    expect(await claimDecision(db.knex, row.id, { status: "cancelled", decidedBy: staff.id }, at(1))).toBeUndefined();
    expect(await findPendingAction(db.knex, row.id)).toMatchObject({ status: "confirmed" });
  });

  it("refuses once the action has expired, at the expiry instant too", async () => {
    const row = await insertPendingAction(db.knex, action({ expiresAt: at(2) }), T0);
    expect(await claimDecision(db.knex, row.id, { status: "confirmed", decidedBy: staff.id }, at(2))).toBeUndefined();
    expect(await findPendingAction(db.knex, row.id)).toMatchObject({ status: "pending", decided_by: null });
    const cancelled = await claimDecision(db.knex, row.id, { status: "cancelled", decidedBy: staff.id }, at(1.99));
    expect(cancelled).toMatchObject({ status: "cancelled" });
  });
});

describe("lockConfirmed and settleConfirmed", () => {
  it("locks only a confirmed action, and settles it once with its outcome", async () => {
    const row = await insertPendingAction(db.knex, action(), T0);
    expect(await db.knex.transaction((trx) => lockConfirmed(trx, row.id))).toBeUndefined();
    await claimDecision(db.knex, row.id, { status: "confirmed", decidedBy: staff.id }, at(1));
    expect(await db.knex.transaction((trx) => lockConfirmed(trx, row.id, { skipLocked: true }))).toMatchObject({ id: row.id });

    await settleConfirmed(db.knex, row.id, { status: "executed", result: { ok: 1 }, error: null }, at(2));
    const settled = await findPendingAction(db.knex, row.id);
    expect(settled).toMatchObject({ status: "executed", result: { ok: 1 }, error: null });
    expect(settled!.executed_at!.getTime()).toBe(at(2).getTime());
    // A second executor finds nothing to lock and changes nothing.
    expect(await db.knex.transaction((trx) => lockConfirmed(trx, row.id))).toBeUndefined();
    await settleConfirmed(db.knex, row.id, { status: "failed", result: null, error: "late" }, at(3));
    expect(await findPendingAction(db.knex, row.id)).toMatchObject({ status: "executed", error: null });
  });

  it("stores a failure's error scrubbed and storable, and a missing result as null", async () => {
    const row = await insertPendingAction(db.knex, action(), T0);
    await claimDecision(db.knex, row.id, { status: "confirmed", decidedBy: staff.id }, at(1));
    const key = "sk-ant-api03-" + "x".repeat(40);
    await settleConfirmed(db.knex, row.id, { status: "failed", result: undefined, error: `boom\u0000 key ${key}` }, at(2));
    const settled = await findPendingAction(db.knex, row.id);
    expect(settled).toMatchObject({ status: "failed", result: null });
    expect(settled!.error).toMatch(/^boom key /);
    expect(settled!.error).not.toContain(key);
  });

  it("does not settle an action that was never confirmed", async () => {
    const row = await insertPendingAction(db.knex, action(), T0);
    await settleConfirmed(db.knex, row.id, { status: "executed", result: {}, error: null }, at(1));
    expect(await findPendingAction(db.knex, row.id)).toMatchObject({ status: "pending", executed_at: null });
  });
});

describe("expireOverdue", () => {
  it("expires pending actions due at or before now, only those asked for when ids are given", async () => {
    const due = await insertPendingAction(db.knex, action({ expiresAt: at(1) }), T0);
    const dueToo = await insertPendingAction(db.knex, action({ expiresAt: at(0.5) }), T0);
    const later = await insertPendingAction(db.knex, action({ expiresAt: at(1.01) }), T0);
    const decided = await insertPendingAction(db.knex, action({ expiresAt: at(2) }), T0);
    await claimDecision(db.knex, decided.id, { status: "cancelled", decidedBy: staff.id }, T0);

    expect((await expireOverdue(db.knex, at(1), [due.id])).map((r) => r.id)).toEqual([due.id]);
    const rest = await expireOverdue(db.knex, at(3));
    expect(rest.map((r) => r.id).sort()).toEqual([dueToo.id, later.id].sort());
    expect(rest[0]).toMatchObject({ status: "expired" });
    expect(rest[0]!.decided_at!.getTime()).toBe(at(3).getTime());
    expect(await findPendingAction(db.knex, decided.id)).toMatchObject({ status: "cancelled" });
    expect(await expireOverdue(db.knex, at(4))).toEqual([]);
  });
});

describe("counts and cards", () => {
  it("counts every state, zeros included", async () => {
    expect(await countPendingActionsByStatus(db.knex)).toEqual({
      pending: 0,
      confirmed: 0,
      cancelled: 0,
      expired: 0,
      executed: 0,
      failed: 0,
    });
    const a = await insertPendingAction(db.knex, action(), T0);
    await insertPendingAction(db.knex, action(), T0);
    await claimDecision(db.knex, a.id, { status: "confirmed", decidedBy: staff.id }, T0);
    expect(await countPendingActionsByStatus(db.knex)).toEqual({
      pending: 1,
      confirmed: 1,
      cancelled: 0,
      expired: 0,
      executed: 0,
      failed: 0,
    });
  });

  it("remembers where its card was posted", async () => {
    const row = await insertPendingAction(db.knex, action(), T0);
    await attachCard(db.knex, row.id, { channelId: "C1", messageTs: "2.2" });
    expect(await findPendingAction(db.knex, row.id)).toMatchObject({
      slack_channel_id: "C1",
      slack_message_ts: "2.2",
      slack_thread_ts: null,
    });
    await attachCard(db.knex, row.id, { channelId: "C1", messageTs: "2.2", threadTs: "1.1" });
    expect(await findPendingAction(db.knex, row.id)).toMatchObject({ slack_thread_ts: "1.1" });
  });
});
