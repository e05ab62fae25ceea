// The three role-approval tools on a real database: the queue, the gate, who may decide, exactly-once grants.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../domain/actor.ts";
import { DAY_MS, manualClock } from "../domain/clock.ts";
import { writeFootprint } from "../testing/fixtures/intakes.ts";
import { actorFor, insertAdmin, insertStaff, insertUser, type TestUser } from "../testing/fixtures/people.ts";
import { insertRoleRequest } from "../testing/fixtures/roles.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { toolContext } from "../testing/tool-context.ts";
import type { Decision } from "./tool.ts";
import { executeTool } from "./execute.ts";
import { createRegistry } from "./registry.ts";
import { roleTools } from "./role-tools.ts";

const registry = createRegistry(roleTools);
const NOW = new Date("2026-12-01T12:00:00.000Z");
const clock = manualClock(NOW);
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY_MS);
const button: Decision = { via: "button" };

let db: TestDatabase;
let admin: TestUser;
let staff: TestUser;
let dana: TestUser;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw(
    "truncate users, roles, role_requests, role_assignments, audit_log, feed_events, workflow_executions, workflow_rules, slack_outbox, email_outbox restart identity cascade",
  );
  admin = await insertAdmin(db.knex, "Ada Admin");
  staff = await insertStaff(db.knex, "Sam Staff");
  dana = await insertUser(db.knex, { name: "Dana Reyes", email: "dana@example.test", roles: ["MEMBER"] });
});

const run = (name: string, args: unknown, actor: Actor, decision?: Decision) =>
  executeTool(registry, name, args, toolContext(db, actor, { clock, decision }));
const preview = (name: string, args: unknown) => registry.get(name)!.preview!(args as never, { db: db.knex });
const assignmentsOf = (userId: number, role: string) =>
  db.knex("role_assignments as ra").join("roles as r", "r.id", "ra.role_id").where({ "ra.user_id": userId, "r.name": role }).select("ra.*");

describe("list_role_requests", () => {
  it("lists pending requests oldest first with the user, current roles, truncated reason and counts", async () => {
    const mo = await insertUser(db.knex, { name: "Mo Member", roles: ["MEMBER", "INSTRUCTOR"] });
    await insertRoleRequest(db.knex, { userId: dana.id, role: "STAFF", submittedAt: daysAgo(2) });
    await insertRoleRequest(db.knex, { userId: mo.id, role: "ADMIN", submittedAt: daysAgo(5), reason: "r".repeat(800) });
    await insertRoleRequest(db.knex, {
      userId: mo.id,
      role: "STAFF",
      status: "APPROVED",
      decidedBy: admin.id,
      submittedAt: daysAgo(9),
      decidedAt: daysAgo(8),
    });

    const outcome = await run("list_role_requests", {}, actorFor(staff));
    expect(outcome).toMatchObject({ ok: true, effect: { effect: "read" } });
    if (!outcome.ok) return;
    const result = outcome.result as { total: number; counts_by_status: unknown; requests: Record<string, unknown>[] };
    expect(result.total).toBe(2);
    expect(result.counts_by_status).toEqual({ PENDING: 2, APPROVED: 1, REJECTED: 0 });
    expect(result.requests).toMatchObject([
      {
        user: { id: mo.id, name: "Mo Member" },
        requested_role: "ADMIN",
        current_roles: ["INSTRUCTOR", "MEMBER"],
        status: "PENDING",
        age_days: 5,
      },
      {
        user: { id: dana.id, name: "Dana Reyes", email: "dana@example.test" },
        requested_role: "STAFF",
        current_roles: ["MEMBER"],
        age_days: 2,
      },
    ]);
    expect((result.requests[0]!.reason as string).length).toBeLessThanOrEqual(300);
    expect(result.requests[0]).not.toHaveProperty("decided_by");
    expect(result.requests[0]!.submitted_at).toBe(daysAgo(5).toISOString());
  });

  it("shows decisions newest first with who decided, and ALL puts the pending queue first", async () => {
    await insertRoleRequest(db.knex, {
      userId: dana.id,
      role: "STAFF",
      status: "REJECTED",
      decidedBy: admin.id,
      decisionReason: "Not yet",
      submittedAt: daysAgo(20),
      decidedAt: daysAgo(19),
    });
    await insertRoleRequest(db.knex, {
      userId: dana.id,
      role: "INSTRUCTOR",
      status: "APPROVED",
      decidedBy: staff.id,
      submittedAt: daysAgo(10),
      decidedAt: daysAgo(3),
    });
    await insertRoleRequest(db.knex, { userId: dana.id, role: "STAFF", submittedAt: daysAgo(1) });

    const all = await run("list_role_requests", { status: "ALL" }, actorFor(staff));
    expect(all.ok && all.result).toMatchObject({
      total: 3,
      requests: [
        { status: "PENDING" },
        { status: "APPROVED", decided_by: { id: staff.id, name: "Sam Staff" }, decided_at: daysAgo(3).toISOString() },
        { status: "REJECTED", decided_by: { id: admin.id, name: "Ada Admin" }, decision_reason: "Not yet" },
      ],
    });

    const rejected = await run("list_role_requests", { status: "REJECTED" }, actorFor(staff));
    expect(rejected.ok && rejected.result).toMatchObject({ filter: { status: "REJECTED" }, total: 1, returned: 1 });

    const page = await run("list_role_requests", { status: "ALL", limit: 1, offset: 1 }, actorFor(staff));
    expect(page.ok && page.result).toMatchObject({ total: 3, returned: 1, offset: 1, requests: [{ status: "APPROVED" }] });
  });

  it("brings the counts over every request with an empty page, kept right as requests are decided", async () => {
    const member = await insertUser(db.knex, { name: "Mo Member" });
    await insertRoleRequest(db.knex, { userId: member.id, role: "INSTRUCTOR" });
    await insertRoleRequest(db.knex, { userId: member.id, role: "STAFF", status: "APPROVED", decidedBy: staff.id });
    const rejected = await run("list_role_requests", { status: "REJECTED" }, actorFor(staff));
    expect(rejected.ok && rejected.result).toMatchObject({
      total: 0,
      requests: [],
      counts_by_status: { PENDING: 1, APPROVED: 1, REJECTED: 0 },
    });
    await db.knex("role_requests").where({ status: "PENDING" }).update({ status: "REJECTED", decided_at: new Date() });
    const after = await run("list_role_requests", { status: "REJECTED" }, actorFor(staff));
    expect(after.ok && after.result).toMatchObject({ total: 1, returned: 1, counts_by_status: { PENDING: 0, APPROVED: 1, REJECTED: 1 } });
  });

  it("says empty plainly", async () => {
    const outcome = await run("list_role_requests", {}, actorFor(staff));
    expect(outcome.ok && outcome.result).toMatchObject({ total: 0, returned: 0, requests: [], filter: { status: "PENDING" } });
  });

  it("rejects bad arguments naming the field", async () => {
    for (const args of [{ status: "OPEN" }, { limit: 0 }, { limit: 101 }, { offset: -1 }, { surprise: true }, { status: "pending" }]) {
      const outcome = await run("list_role_requests", args, actorFor(staff));
      expect(outcome, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    }
  });
});

describe("approve_role_request", () => {
  it("is held for a human: refused without a decision and writes nothing", async () => {
    const request = await insertRoleRequest(db.knex, { userId: dana.id });
    const before = await writeFootprint(db.knex);
    const outcome = await run("approve_role_request", { request_id: request.id }, actorFor(staff));
    expect(outcome).toMatchObject({ ok: false, effect: { effect: "gated" }, error: { code: "needs_confirmation" } });
    expect(!outcome.ok && outcome.error.message).toMatch(/grants privileges/);
    expect(await writeFootprint(db.knex)).toEqual(before);
  });

  it("approves once confirmed: request decided, role granted, audit row, RoleApproved event and the Slack rule it fires", async () => {
    const request = await insertRoleRequest(db.knex, { userId: dana.id, role: "STAFF" });
    await db.knex("workflow_rules").insert({
      name: "announce-new-staff",
      trigger_event_type: "RoleApproved",
      condition: JSON.stringify({ field: "metadata.role", op: "eq", value: "STAFF" }),
      action_type: "NOTIFY_SLACK",
      action_config: JSON.stringify({ channel: "#staff", text: "{{metadata.user_name}} is now {{metadata.role}}" }),
    });

    const outcome = await run(
      "approve_role_request",
      { request_id: request.id, note: "  Welcome aboard  " },
      actorFor(staff, "button"),
      button,
    );
    expect(outcome).toMatchObject({
      ok: true,
      effect: { effect: "gated" },
      result: {
        request_id: request.id,
        status: "APPROVED",
        user: { id: dana.id, name: "Dana Reyes", email: "dana@example.test" },
        role: "STAFF",
        current_roles: ["MEMBER", "STAFF"],
        decided_by: { id: staff.id, name: "Sam Staff" },
        decision_reason: "Welcome aboard",
        decided_at: NOW.toISOString(),
        workflow_executions: [{ rule: "announce-new-staff", status: "SUCCESS", error: null }],
      },
    });
    expect(outcome.ok && outcome.result).not.toHaveProperty("already_held");

    expect(await db.knex("role_requests").where({ id: request.id }).first()).toMatchObject({
      status: "APPROVED",
      decided_by: staff.id,
      decision_reason: "Welcome aboard",
      decided_at: NOW,
    });
    const grants = await assignmentsOf(dana.id, "STAFF");
    expect(grants).toMatchObject([{ granted_by: staff.id, granted_at: NOW, revoked_at: null }]);
    expect(outcome.ok && outcome.result.role_assignment_id).toBe(grants[0].id);

    expect(await db.knex("audit_log").where({ action: "role_request.approve" })).toMatchObject([
      {
        actor_type: "USER",
        actor_id: String(staff.id),
        target_type: "role_request",
        target_id: String(request.id),
        details: { path: "button", user_id: dana.id, role: "STAFF", decision_reason: "Welcome aboard", already_held: false },
      },
    ]);
    const events = await db.knex("feed_events").where({ event_type: "RoleApproved" });
    expect(events).toMatchObject([
      {
        actor_id: String(staff.id),
        subject_type: "role_request",
        subject_id: String(request.id),
        metadata: { request_id: request.id, user_id: dana.id, user_name: "Dana Reyes", email: "dana@example.test", role: "STAFF" },
      },
    ]);
    expect(await db.knex("workflow_executions")).toMatchObject([{ feed_event_id: events[0].id, status: "SUCCESS" }]);
    expect(await db.knex("slack_outbox")).toMatchObject([{ channel: "#staff", text: "Dana Reyes is now STAFF", status: "QUEUED" }]);
  });

  it("previews in plain words with the state it depends on, and refuses impossible calls before any card", async () => {
    const request = await insertRoleRequest(db.knex, { userId: dana.id, role: "STAFF" });
    expect(await preview("approve_role_request", { request_id: request.id })).toMatchObject({
      summary: `Approve role request #${request.id}: grant STAFF to user #${dana.id}`,
      change: {
        changes: [{ field: "request", before: "PENDING", after: "APPROVED" }, { field: `user #${dana.id}'s roles` }],
        destructive: false,
      },
      quoted: [{ label: "The requester's name", text: "Dana Reyes" }],
      snapshot: { request_id: request.id, status: "PENDING" },
    });
    expect((await preview("approve_role_request", { request_id: request.id, note: "Ok" })).quoted).toContainEqual({
      label: "The note, as proposed",
      text: "Ok",
    });

    const decided = await insertRoleRequest(db.knex, { userId: dana.id, role: "INSTRUCTOR", status: "REJECTED", decidedBy: admin.id });
    await expect(preview("approve_role_request", { request_id: decided.id })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/already REJECTED by Ada Admin/),
    });
    await expect(preview("approve_role_request", { request_id: 999 })).rejects.toMatchObject({ code: "not_found" });
  });

  it("needs an ADMIN to approve a request for ADMIN", async () => {
    const request = await insertRoleRequest(db.knex, { userId: dana.id, role: "ADMIN" });
    const before = await writeFootprint(db.knex);
    const refused = await run("approve_role_request", { request_id: request.id }, actorFor(staff, "button"), button);
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(!refused.ok && refused.error.message).toMatch(/only an ADMIN may approve/);
    expect(await writeFootprint(db.knex)).toEqual(before);

    const approved = await run("approve_role_request", { request_id: request.id }, actorFor(admin, "button"), button);
    expect(approved).toMatchObject({ ok: true, result: { role: "ADMIN", decided_by: { id: admin.id } } });
    expect(await assignmentsOf(dana.id, "ADMIN")).toHaveLength(1);
  });

  it("lets nobody decide their own request, not even an ADMIN", async () => {
    const request = await insertRoleRequest(db.knex, { userId: admin.id, role: "INSTRUCTOR" });
    const before = await writeFootprint(db.knex);
    const refused = await run("approve_role_request", { request_id: request.id }, actorFor(admin, "button"), button);
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(!refused.ok && refused.error.message).toMatch(/their own role request/);
    expect(await writeFootprint(db.knex)).toEqual(before);
  });

  it("refuses a decider who is not staff, including one whose staff role was revoked", async () => {
    const request = await insertRoleRequest(db.knex, { userId: dana.id });
    const mo = await insertUser(db.knex, { name: "Mo Member", roles: ["MEMBER"] });
    const former = await insertStaff(db.knex, "Former Staff");
    await db
      .knex("role_assignments")
      .where({ user_id: former.id })
      .update({ revoked_at: daysAgo(1) });
    const before = await writeFootprint(db.knex);
    for (const decider of [mo, former]) {
      const refused = await run("approve_role_request", { request_id: request.id }, actorFor(decider, "button"), button);
      expect(refused).toMatchObject({ ok: false, error: { code: "forbidden", message: expect.stringMatching(/Only staff/) } });
    }
    const system = await run(
      "approve_role_request",
      { request_id: request.id },
      { type: "SYSTEM", userId: null, name: "Maestro", path: "system" },
      button,
    );
    expect(system).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await writeFootprint(db.knex)).toEqual(before);
  });

  it("authorizes a click before it claims the card, with the same rules and no writes", async () => {
    const adminRequest = await insertRoleRequest(db.knex, { userId: dana.id, role: "ADMIN" });
    const own = await insertRoleRequest(db.knex, { userId: staff.id, role: "INSTRUCTOR" });
    const before = await writeFootprint(db.knex);
    for (const name of ["approve_role_request", "reject_role_request"]) {
      const authorize = (args: unknown, decider: TestUser) =>
        registry.get(name)!.authorize!(args as never, { db: db.knex, actor: actorFor(decider, "button") });
      await expect(authorize({ request_id: adminRequest.id, reason: "r" }, staff)).rejects.toMatchObject({
        code: "forbidden",
        message: expect.stringMatching(/only an ADMIN/),
      });
      await expect(authorize({ request_id: own.id, reason: "r" }, staff)).rejects.toMatchObject({
        code: "forbidden",
        message: expect.stringMatching(/own role request/),
      });
      await expect(authorize({ request_id: own.id, reason: "r" }, dana)).rejects.toMatchObject({
        code: "forbidden",
        message: expect.stringMatching(/Only staff/),
      });
      await expect(authorize({ request_id: 999, reason: "r" }, admin)).rejects.toMatchObject({ code: "not_found" });
      await expect(authorize({ request_id: adminRequest.id, reason: "r" }, admin)).resolves.toBeUndefined();
      await expect(authorize({ request_id: own.id, reason: "r" }, admin)).resolves.toBeUndefined();
    }
    expect(await writeFootprint(db.knex)).toEqual(before);
  });

  it("approves exactly once: a second approval is a conflict naming who decided and when", async () => {
    const request = await insertRoleRequest(db.knex, { userId: dana.id, role: "STAFF" });
    const first = await run("approve_role_request", { request_id: request.id }, actorFor(staff, "button"), button);
    expect(first.ok).toBe(true);
    const before = await writeFootprint(db.knex);
    clock.advance(60_000);
    const second = await run("approve_role_request", { request_id: request.id }, actorFor(admin, "button"), button);
    clock.set(NOW);
    expect(second).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(!second.ok && second.error.message).toBe(
      `Role request ${request.id} (Dana Reyes, STAFF) was already APPROVED by Sam Staff at ${NOW.toISOString()}; nothing was changed.`,
    );
    expect(await writeFootprint(db.knex)).toEqual(before);
    expect(await assignmentsOf(dana.id, "STAFF")).toHaveLength(1);
    expect(await db.knex("feed_events").where({ event_type: "RoleApproved" })).toHaveLength(1);
  });

  it("approves exactly once when two deciders click at the same moment", async () => {
    const request = await insertRoleRequest(db.knex, { userId: dana.id, role: "STAFF" });
    const outcomes = await Promise.all([
      run("approve_role_request", { request_id: request.id }, actorFor(staff, "button"), button),
      run("approve_role_request", { request_id: request.id }, actorFor(admin, "button"), button),
    ]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toMatchObject([{ error: { code: "conflict" } }]);
    expect(await assignmentsOf(dana.id, "STAFF")).toHaveLength(1);
    expect(await db.knex("audit_log").where({ action: "role_request.approve" })).toHaveLength(1);
  });

  it("still approves when the user already holds the role, and says so without a second grant", async () => {
    const mo = await insertUser(db.knex, { name: "Mo Member", roles: ["INSTRUCTOR"] });
    const request = await insertRoleRequest(db.knex, { userId: mo.id, role: "INSTRUCTOR" });
    const outcome = await run("approve_role_request", { request_id: request.id }, actorFor(staff, "button"), button);
    expect(outcome).toMatchObject({
      ok: true,
      result: { status: "APPROVED", role_assignment_id: null, already_held: expect.stringMatching(/already held INSTRUCTOR/) },
    });
    expect(await assignmentsOf(mo.id, "INSTRUCTOR")).toHaveLength(1);
    expect(await db.knex("audit_log").where({ action: "role_request.approve" }).first()).toMatchObject({ details: { already_held: true } });
  });

  it("says what to look up when the request does not exist", async () => {
    const outcome = await run("approve_role_request", { request_id: 4242 }, actorFor(staff, "button"), button);
    expect(outcome).toMatchObject({ ok: false, error: { code: "not_found", message: expect.stringMatching(/list_role_requests/) } });
  });

  it("rejects bad arguments and writes nothing", async () => {
    const request = await insertRoleRequest(db.knex, { userId: dana.id });
    const before = await writeFootprint(db.knex);
    for (const args of [
      {},
      { request_id: 0 },
      { request_id: String(request.id) },
      { request_id: 1.5 },
      { request_id: request.id, note: "   " },
      { request_id: request.id, role: "ADMIN" },
    ]) {
      const outcome = await run("approve_role_request", args, actorFor(staff, "button"), button);
      expect(outcome, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    }
    expect(await writeFootprint(db.knex)).toEqual(before);
  });
});

describe("reject_role_request", () => {
  it("is held for a human and needs a reason", async () => {
    const request = await insertRoleRequest(db.knex, { userId: dana.id });
    const before = await writeFootprint(db.knex);
    const held = await run("reject_role_request", { request_id: request.id, reason: "Not now" }, actorFor(staff));
    expect(held).toMatchObject({ ok: false, effect: { effect: "gated" }, error: { code: "needs_confirmation" } });
    for (const args of [
      { request_id: request.id },
      { request_id: request.id, reason: "  " },
      { request_id: request.id, reason: "x".repeat(1001) },
      { reason: "No" },
    ]) {
      const outcome = await run("reject_role_request", args, actorFor(staff, "button"), button);
      expect(outcome, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    }
    expect(await writeFootprint(db.knex)).toEqual(before);
  });

  it("rejects once confirmed: no grant, the reason kept, audit row and RoleRejected event", async () => {
    const request = await insertRoleRequest(db.knex, { userId: dana.id, role: "STAFF" });
    await db.knex("workflow_rules").insert({
      name: "tell-rejected",
      trigger_event_type: "RoleRejected",
      action_type: "NOTIFY_SLACK",
      action_config: JSON.stringify({ channel: "#staff", text: "{{metadata.user_name}}: {{metadata.reason}}" }),
    });
    const outcome = await run(
      "reject_role_request",
      { request_id: request.id, reason: "Needs a term of classes first" },
      actorFor(admin, "button"),
      button,
    );
    expect(outcome).toMatchObject({
      ok: true,
      result: {
        status: "REJECTED",
        role: "STAFF",
        decided_by: { id: admin.id, name: "Ada Admin" },
        decision_reason: "Needs a term of classes first",
        workflow_executions: [{ rule: "tell-rejected", status: "SUCCESS" }],
      },
    });
    expect(await db.knex("role_requests").where({ id: request.id }).first()).toMatchObject({
      status: "REJECTED",
      decided_by: admin.id,
      decision_reason: "Needs a term of classes first",
    });
    expect(await assignmentsOf(dana.id, "STAFF")).toHaveLength(0);
    expect(await db.knex("audit_log").where({ action: "role_request.reject" })).toMatchObject([
      {
        actor_type: "USER",
        actor_id: String(admin.id),
        target_type: "role_request",
        target_id: String(request.id),
        details: { path: "button" },
      },
    ]);
    expect(await db.knex("feed_events").where({ event_type: "RoleRejected" })).toMatchObject([
      {
        subject_id: String(request.id),
        metadata: { request_id: request.id, user_name: "Dana Reyes", role: "STAFF", reason: "Needs a term of classes first" },
      },
    ]);
    expect(await db.knex("slack_outbox")).toMatchObject([{ text: "Dana Reyes: Needs a term of classes first" }]);
  });

  it("applies the same authority rules as approving", async () => {
    const adminRequest = await insertRoleRequest(db.knex, { userId: dana.id, role: "ADMIN" });
    const own = await insertRoleRequest(db.knex, { userId: staff.id, role: "INSTRUCTOR" });
    const before = await writeFootprint(db.knex);
    const byStaff = await run("reject_role_request", { request_id: adminRequest.id, reason: "No" }, actorFor(staff, "button"), button);
    expect(byStaff).toMatchObject({ ok: false, error: { code: "forbidden", message: expect.stringMatching(/only an ADMIN may reject/) } });
    const ownRequest = await run("reject_role_request", { request_id: own.id, reason: "No" }, actorFor(staff, "button"), button);
    expect(ownRequest).toMatchObject({ ok: false, error: { code: "forbidden", message: expect.stringMatching(/own role request/) } });
    const byMember = await run("reject_role_request", { request_id: own.id, reason: "No" }, actorFor(dana, "button"), button);
    expect(byMember).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await writeFootprint(db.knex)).toEqual(before);
  });

  it("previews with the reason, and refuses a decided request", async () => {
    const request = await insertRoleRequest(db.knex, { userId: dana.id, role: "INSTRUCTOR" });
    expect(await preview("reject_role_request", { request_id: request.id, reason: "Not this term" })).toMatchObject({
      summary: `Reject role request #${request.id} for INSTRUCTOR (user #${dana.id}): PENDING → REJECTED`,
      quoted: [
        { label: "The requester's name", text: "Dana Reyes" },
        { label: "The reason, as proposed", text: "Not this term" },
      ],
      snapshot: { request_id: request.id, status: "PENDING" },
    });
    await run("reject_role_request", { request_id: request.id, reason: "Not this term" }, actorFor(staff, "button"), button);
    await expect(preview("reject_role_request", { request_id: request.id, reason: "again" })).rejects.toMatchObject({ code: "conflict" });
    const again = await run("reject_role_request", { request_id: request.id, reason: "again" }, actorFor(admin, "button"), button);
    expect(again).toMatchObject({
      ok: false,
      error: { code: "conflict", message: expect.stringMatching(/already REJECTED by Sam Staff/) },
    });
  });
});
