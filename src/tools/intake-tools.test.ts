// The five queue tools on a real database: results, the gate per transition, audit and feed rows, no partial writes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../domain/actor.ts";
import { classifyTransition } from "../domain/intake/transitions.ts";
import { INTAKE_STATUSES } from "../domain/vocabulary.ts";
import { insertIntake, writeFootprint } from "../testing/fixtures/intakes.ts";
import { actorFor, insertStaff, insertUser } from "../testing/fixtures/people.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { toolContext } from "../testing/tool-context.ts";
import { executeTool } from "./execute.ts";
import { intakeTools } from "./intake-tools.ts";
import { INTAKE_TRANSITION_POLICY } from "./policy.ts";
import { createRegistry } from "./registry.ts";
import { DAY_MS } from "../domain/clock.ts";

const registry = createRegistry(intakeTools);
let db: TestDatabase;
let actor: Actor;
let staffId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  const staff = await insertStaff(db.knex, "Sam Staff");
  staffId = staff.id;
  actor = actorFor(staff, "agent", null);
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw(
    "truncate intake_requests, intake_status_history, audit_log, feed_events, workflow_executions, workflow_rules restart identity cascade",
  );
});

const run = (name: string, args: unknown, options: Parameters<typeof toolContext>[2] = {}) =>
  executeTool(registry, name, args, toolContext(db, actor, options));
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS);

describe("get_intake_queue", () => {
  it("lists the open queue oldest first with totals, counts and truncated goals", async () => {
    await insertIntake(db.knex, { name: "Newest", status: "NEW", createdAt: daysAgo(1) });
    await insertIntake(db.knex, { name: "Oldest", status: "NEW", createdAt: daysAgo(9), goals: "x".repeat(500) });
    await insertIntake(db.knex, { name: "Qualified", status: "QUALIFIED", createdAt: daysAgo(3) });
    await insertIntake(db.knex, { name: "Gone", status: "REJECTED", createdAt: daysAgo(2) });
    await insertIntake(db.knex, { name: "Done", status: "CLOSED", createdAt: daysAgo(2) });

    const outcome = await run("get_intake_queue", {});
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const result = outcome.result as {
      total: number;
      counts_by_status: Record<string, number>;
      intakes: { contact_name: string; goals: string; age_days: number }[];
    };
    expect(result.total).toBe(3);
    expect(result.counts_by_status).toEqual({ NEW: 2, TRIAGED: 0, QUALIFIED: 1, BOOKED: 0 });
    expect(result.intakes.map((i) => i.contact_name)).toEqual(["Oldest", "Qualified", "Newest"]);
    expect(result.intakes[0]!.goals.length).toBeLessThanOrEqual(200);
    expect(result.intakes[0]!.age_days).toBe(9);
  });

  it("pages with limit and offset while total counts every match", async () => {
    for (let i = 0; i < 5; i++) await insertIntake(db.knex, { name: `P${i}`, createdAt: daysAgo(10 - i) });
    const outcome = await run("get_intake_queue", { status: "NEW", limit: 2, offset: 2 });
    expect(outcome.ok && outcome.result).toMatchObject({
      total: 5,
      returned: 2,
      intakes: [{ contact_name: "P2" }, { contact_name: "P3" }],
    });
  });

  it("brings the counts with a page past the end, and counts per owner filter as the table does", async () => {
    const other = await insertStaff(db.knex, "Otto Other");
    for (let i = 0; i < 3; i++) await insertIntake(db.knex, { status: "NEW", ownerUserId: staffId, createdAt: daysAgo(5 + i) });
    await insertIntake(db.knex, { status: "TRIAGED", ownerUserId: other.id });
    await insertIntake(db.knex, { status: "QUALIFIED" });
    await insertIntake(db.knex, { status: "CLOSED", ownerUserId: staffId });
    const past = await run("get_intake_queue", { offset: 50 });
    expect(past.ok && past.result).toMatchObject({
      total: 5,
      returned: 0,
      intakes: [],
      counts_by_status: { NEW: 3, TRIAGED: 1, QUALIFIED: 1, BOOKED: 0 },
    });
    for (const owner of [staffId, other.id, null]) {
      const outcome = await run("get_intake_queue", { owner_user_id: owner });
      const { rows } = await db.knex.raw<{ rows: { status: string; n: number }[] }>(
        "select status, count(*)::int as n from intake_requests where status in ('NEW', 'TRIAGED', 'QUALIFIED', 'BOOKED') and owner_user_id is not distinct from ? group by status",
        [owner],
      );
      const expected = { NEW: 0, TRIAGED: 0, QUALIFIED: 0, BOOKED: 0, ...Object.fromEntries(rows.map((r) => [r.status, r.n])) };
      expect(outcome.ok && outcome.result.counts_by_status, `owner ${owner}`).toEqual(expected);
      // The echo says what was filtered: null is "unassigned only", not "any owner".
      expect(outcome.ok && outcome.result).toMatchObject({ filter: { owner_user_id: owner ?? "unassigned" } });
    }
  });

  it("says empty plainly and echoes the filter", async () => {
    const outcome = await run("get_intake_queue", { status: "BOOKED" });
    expect(outcome.ok && outcome.result).toMatchObject({ total: 0, intakes: [], filter: { status: "BOOKED", owner_user_id: "any" } });
  });

  it("rejects bad arguments naming the field", async () => {
    for (const args of [{ limit: 0 }, { limit: 101 }, { status: "OPEN" }, { surprise: true }, { offset: -1 }]) {
      const outcome = await run("get_intake_queue", args);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.code).toBe("invalid_input");
    }
    const outcome = await run("get_intake_queue", { status: "OPEN" });
    expect(!outcome.ok && outcome.error.message).toMatch(/status/);
  });
});

describe("get_intake_detail", () => {
  it("returns the full goals, the history newest first and bookings", async () => {
    const intake = await insertIntake(db.knex, { goals: "g".repeat(1200), status: "TRIAGED" });
    await db.knex("intake_status_history").insert([
      { intake_id: intake.id, from_status: "NEW", to_status: "TRIAGED", actor_type: "USER", actor_id: staffId, created_at: daysAgo(2) },
      {
        intake_id: intake.id,
        from_status: "TRIAGED",
        to_status: "TRIAGED",
        note: "Called back",
        actor_type: "AGENT",
        actor_id: staffId,
        created_at: daysAgo(1),
      },
    ]);
    const [slot] = await db
      .knex("maestro_availability")
      .insert({ start_at: daysAgo(-2), end_at: daysAgo(-2.05), status: "BOOKED" })
      .returning("id");
    await db.knex("bookings").insert({ availability_id: (slot as { id: number }).id, intake_id: intake.id });

    const outcome = await run("get_intake_detail", { intake_id: intake.id });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const result = outcome.result as {
      intake: { goals: string };
      history: { kind: string; note: string | null; actor: { name: string } }[];
      bookings: unknown[];
      history_total: number;
    };
    expect(result.intake.goals).toHaveLength(1200);
    expect(result.history_total).toBe(2);
    expect(result.history[0]).toMatchObject({ kind: "note", note: "Called back", actor: { name: "Sam Staff" } });
    expect(result.history[1]).toMatchObject({ kind: "status_change" });
    expect(result.bookings).toHaveLength(1);
  });

  it("limits the history newest first while history_total counts it all, and lists bookings by slot time with real times", async () => {
    const intake = await insertIntake(db.knex, { status: "BOOKED" });
    const times = Array.from({ length: 5 }, (_, i) => daysAgo(5 - i));
    await db.knex("intake_status_history").insert(
      times.map((at, i) => ({
        intake_id: intake.id,
        from_status: "NEW",
        to_status: "NEW",
        note: `n${i}`,
        actor_type: "SYSTEM",
        created_at: at,
      })),
    );
    const slots = await db
      .knex("maestro_availability")
      .insert([
        { start_at: daysAgo(-3), end_at: daysAgo(-3.05), status: "BOOKED" },
        { start_at: daysAgo(-1), end_at: daysAgo(-1.05), status: "CANCELLED" },
      ])
      .returning("id");
    await db.knex("bookings").insert([
      { availability_id: (slots[0] as { id: number }).id, intake_id: intake.id },
      { availability_id: (slots[1] as { id: number }).id, intake_id: intake.id, status: "CANCELLED" },
    ]);
    const outcome = await run("get_intake_detail", { intake_id: intake.id, history_limit: 2 });
    if (!outcome.ok) throw new Error(outcome.error.message);
    const result = outcome.result as {
      history_total: number;
      history: { note: string; at: string; actor: { name: string } }[];
      bookings: { start_at: string; booking_status: string }[];
    };
    expect(result.history_total).toBe(5);
    expect(result.history.map((h) => h.note)).toEqual(["n4", "n3"]);
    expect(result.history.map((h) => h.at)).toEqual([times[4]!.toISOString(), times[3]!.toISOString()]);
    expect(result.history[0]).toMatchObject({ actor: { name: "Maestro" } });
    expect(result.bookings.map((b) => b.booking_status)).toEqual(["CANCELLED", "CONFIRMED"]);
    expect(result.bookings[0]!.start_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("says what to look up first when the intake does not exist", async () => {
    const outcome = await run("get_intake_detail", { intake_id: 4242 });
    expect(outcome).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(!outcome.ok && outcome.error.message).toMatch(/get_intake_queue/);
  });
});

describe("update_intake_status", () => {
  it("advances at once, with history, audit row, feed event and fired rules", async () => {
    const intake = await insertIntake(db.knex, { status: "NEW" });
    await db.knex("workflow_rules").insert({
      name: "note-on-qualify",
      trigger_event_type: "IntakeStatusChanged",
      condition: JSON.stringify({ field: "metadata.to_status", op: "eq", value: "QUALIFIED" }),
      action_type: "ADD_INTAKE_NOTE",
      action_config: JSON.stringify({ note: "Qualified — send the starter pack ({{metadata.to_status}})" }),
    });

    const outcome = await run("update_intake_status", { intake_id: intake.id, new_status: "QUALIFIED", note: "Great fit" });
    expect(outcome).toMatchObject({ ok: true, effect: { effect: "write" }, result: { from_status: "NEW", to_status: "QUALIFIED" } });
    expect(outcome.ok && outcome.result.workflow_executions).toMatchObject([{ rule: "note-on-qualify", status: "SUCCESS" }]);

    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "QUALIFIED" });
    const history = await db.knex("intake_status_history").where({ intake_id: intake.id }).orderBy("id");
    expect(history).toMatchObject([
      { from_status: "NEW", to_status: "QUALIFIED", note: "Great fit", actor_type: "AGENT", actor_id: staffId },
      { from_status: "QUALIFIED", to_status: "QUALIFIED", note: "Qualified — send the starter pack (QUALIFIED)", actor_type: "SYSTEM" },
    ]);
    const audit = await db.knex("audit_log").where({ action: "intake.status_update" });
    expect(audit).toMatchObject([
      {
        actor_type: "AGENT",
        actor_id: String(staffId),
        target_type: "intake",
        target_id: String(intake.id),
        details: { path: "agent", from_status: "NEW", to_status: "QUALIFIED" },
      },
    ]);
    const events = await db.knex("feed_events").where({ event_type: "IntakeStatusChanged" });
    expect(events).toMatchObject([
      { subject_type: "intake", subject_id: String(intake.id), metadata: { from_status: "NEW", to_status: "QUALIFIED" } },
    ]);
  });

  it("holds a rejection for a human and writes nothing without one", async () => {
    const intake = await insertIntake(db.knex, { status: "TRIAGED" });
    const before = await writeFootprint(db.knex);
    const outcome = await run("update_intake_status", { intake_id: intake.id, new_status: "REJECTED" });
    expect(outcome).toMatchObject({ ok: false, error: { code: "needs_confirmation" }, effect: { effect: "gated" } });
    expect(!outcome.ok && outcome.error.message).toMatch(/final decision/);
    expect(await writeFootprint(db.knex)).toEqual(before);

    const confirmed = await run("update_intake_status", { intake_id: intake.id, new_status: "REJECTED" }, { decision: { via: "button" } });
    expect(confirmed).toMatchObject({ ok: true, result: { to_status: "REJECTED" } });
  });

  it("refuses a regression from BOOKED without a note even when confirmed, and runs it with one", async () => {
    const intake = await insertIntake(db.knex, { status: "BOOKED" });
    const before = await writeFootprint(db.knex);
    const refused = await run("update_intake_status", { intake_id: intake.id, new_status: "QUALIFIED" }, { decision: { via: "cli" } });
    expect(refused).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(!refused.ok && refused.error.message).toMatch(/needs a note/);
    expect(await writeFootprint(db.knex)).toEqual(before);

    const ran = await run(
      "update_intake_status",
      { intake_id: intake.id, new_status: "QUALIFIED", note: "Booking fell through" },
      { decision: { via: "cli" } },
    );
    expect(ran).toMatchObject({ ok: true, effect: { effect: "gated" } });
  });

  it("reports a same-status change as a conflict", async () => {
    const intake = await insertIntake(db.knex, { status: "TRIAGED" });
    const outcome = await run("update_intake_status", { intake_id: intake.id, new_status: "TRIAGED" });
    expect(outcome).toMatchObject({ ok: false, error: { code: "conflict" } });
  });

  it("classifies every transition exactly as the gate table says", async () => {
    const expected = (from: string, to: string) => {
      if (from === to) return "write";
      if (to === "REJECTED") return "gated";
      const order = ["NEW", "TRIAGED", "QUALIFIED", "BOOKED", "CLOSED"];
      if (from === "REJECTED" || order.indexOf(to) < order.indexOf(from)) return "gated";
      if (to === "CLOSED" && order.indexOf(from) < order.indexOf("BOOKED")) return "gated";
      return "write";
    };
    for (const from of INTAKE_STATUSES) {
      for (const to of INTAKE_STATUSES) {
        expect(INTAKE_TRANSITION_POLICY[classifyTransition(from, to).kind].effect, `${from}→${to}`).toBe(expected(from, to));
      }
    }
    expect(classifyTransition("CLOSED", "BOOKED")).toEqual({ kind: "regression", requiresNote: true });
    expect(classifyTransition("QUALIFIED", "NEW")).toEqual({ kind: "regression", requiresNote: false });
    expect(classifyTransition("REJECTED", "NEW")).toEqual({ kind: "regression", requiresNote: false });
  });

  it("previews a gated call in plain words with the status it depends on", async () => {
    const intake = await insertIntake(db.knex, { name: "Robin", status: "QUALIFIED" });
    const preview = await registry.get("update_intake_status")!.preview!({ intake_id: intake.id, new_status: "REJECTED" }, { db: db.knex });
    expect(preview).toEqual({
      summary: `Reject intake #${intake.id}: QUALIFIED → REJECTED`,
      change: {
        action: `Reject intake #${intake.id}`,
        changes: [{ field: "status", before: "QUALIFIED", after: "REJECTED" }],
        destructive: true,
      },
      quoted: [{ label: "The intake's contact name", text: "Robin" }],
      snapshot: { intake_id: intake.id, status: "QUALIFIED" },
    });
  });

  it("refuses to preview a move back from BOOKED without a note, so no card is posted for a call that cannot run", async () => {
    const intake = await insertIntake(db.knex, { name: "Ines", status: "BOOKED" });
    const preview = registry.get("update_intake_status")!.preview!;
    await expect(preview({ intake_id: intake.id, new_status: "QUALIFIED" }, { db: db.knex })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/needs a note/),
    });
    await expect(
      preview({ intake_id: intake.id, new_status: "QUALIFIED", note: "Cancelled her session" }, { db: db.knex }),
    ).resolves.toMatchObject({ snapshot: { status: "BOOKED" } });
  });
});

describe("assign_intake", () => {
  it("assigns to staff, refuses a non-staff user, and unassigns", async () => {
    const intake = await insertIntake(db.knex);
    const member = await insertUser(db.knex, { name: "Mo Member", roles: ["MEMBER"] });

    const assigned = await run("assign_intake", { intake_id: intake.id, owner_user_id: staffId });
    expect(assigned).toMatchObject({ ok: true, result: { owner: { id: staffId, name: "Sam Staff" }, previous_owner: null } });
    expect(await db.knex("audit_log").where({ action: "intake.assign" })).toHaveLength(1);

    const before = await writeFootprint(db.knex);
    const refused = await run("assign_intake", { intake_id: intake.id, owner_user_id: member.id });
    expect(refused).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await writeFootprint(db.knex)).toEqual(before);

    const cleared = await run("assign_intake", { intake_id: intake.id, owner_user_id: null });
    expect(cleared).toMatchObject({ ok: true, result: { owner: null, previous_owner: { id: staffId } } });
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ owner_user_id: null });
  });
});

describe("add_intake_note", () => {
  it("appends a note without changing status", async () => {
    const intake = await insertIntake(db.knex, { status: "TRIAGED" });
    const outcome = await run("add_intake_note", { intake_id: intake.id, note: "  Left a voicemail  " });
    expect(outcome).toMatchObject({ ok: true, result: { status: "TRIAGED", note: "Left a voicemail" } });
    expect(await db.knex("intake_status_history").where({ intake_id: intake.id })).toMatchObject([
      { from_status: "TRIAGED", to_status: "TRIAGED", note: "Left a voicemail" },
    ]);
    expect(await db.knex("feed_events").where({ event_type: "IntakeNoteAdded" })).toHaveLength(1);
  });

  it("refuses an empty note", async () => {
    const intake = await insertIntake(db.knex);
    const outcome = await run("add_intake_note", { intake_id: intake.id, note: "   " });
    expect(outcome).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  });
});
