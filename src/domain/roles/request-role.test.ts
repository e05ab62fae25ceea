// Asking for a role on a real database (both engines): the request, its audit row and RoleRequested event with the rules
// it fires, one pending request per person and role (the database's rule, even for two at once), and the person found or
// created by email in the same transaction.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ensureRole, insertStaff, insertUser, type TestUser } from "../../testing/fixtures/people.ts";
import { insertRoleRequest } from "../../testing/fixtures/roles.ts";
import { insertRule } from "../../testing/fixtures/workflows.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "../../testing/test-database.ts";
import type { Actor } from "../actor.ts";
import { manualClock } from "../clock.ts";
import type { DomainContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { requestRole, requestRoleByEmail } from "./request-role.ts";

let db: TestDatabase;
let ctx: DomainContext;
let member: TestUser;
const clock = manualClock("2026-12-02T10:00:00.000Z");
const website: Actor = { type: "SYSTEM", userId: null, name: "API key “website”", path: "system" };

beforeAll(async () => {
  db = await createTestDatabase();
  ctx = { db: db.knex, clock };
  for (const role of ["ADMIN", "STAFF", "INSTRUCTOR", "MEMBER"]) await ensureRole(db.knex, role);
  await insertStaff(db.knex, "Sam Staff");
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw(
    "truncate role_requests, feed_events, workflow_executions, workflow_rules, slack_outbox, audit_log restart identity cascade",
  );
  member = await insertUser(db.knex, { name: "Mia Member", roles: ["MEMBER"] });
});

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe(`requestRole (${testEngine()})`, () => {
  it("writes a PENDING request, its audit row and the RoleRequested event, and fires the rules listening to it", async () => {
    await insertRule(db.knex, {
      trigger: "RoleRequested",
      actionConfig: { channel: "#ops", text: "{{metadata.user_name}} asks for {{metadata.role}}" },
    });
    const { request, change } = await requestRole(
      ctx,
      { type: "USER", userId: member.id, name: member.name, path: "button" },
      {
        userId: member.id,
        role: "instructor",
        reason: "  I teach the Thursday class.  ",
      },
    );
    expect(request).toMatchObject({ user_id: member.id, user_name: "Mia Member", requested_role: "INSTRUCTOR", status: "PENDING" });
    expect(request.reason).toBe("I teach the Thursday class.");
    expect(change.audit).toMatchObject({ action: "role_request.create", target_type: "role_request", target_id: String(request.id) });
    expect(change.event).toMatchObject({ event_type: "RoleRequested", subject_type: "role_request", subject_id: String(request.id) });
    expect(change.event!.metadata).toMatchObject({
      request_id: request.id,
      user_name: "Mia Member",
      role: "INSTRUCTOR",
      email: member.email,
    });
    expect(change.executions.map((e) => e.status)).toEqual(["SUCCESS"]);
    const outbox = await db.knex("slack_outbox").first();
    expect(outbox.text).toBe("Mia Member asks for INSTRUCTOR");
  });

  it("refuses a second pending request for the same person and role with a sentence naming the first, and writes nothing", async () => {
    const first = await requestRole(ctx, website, { userId: member.id, role: "STAFF", reason: null });
    clock.advance(60_000);
    const error = await rejection(requestRole(ctx, website, { userId: member.id, role: "STAFF", reason: "again" }));
    expect(error.code).toBe("conflict");
    expect(error.message).toBe(
      `Mia Member already asked for STAFF on 2026-12-02 (role request ${first.request.id}); it is waiting for a staff decision, so no second request was made.`,
    );
    expect(error.details).toMatchObject({ request_id: first.request.id });
    expect(await db.knex("role_requests").count<{ count: number }[]>("* as count")).toEqual([{ count: 1 }]);
    expect(await db.knex("feed_events").where({ event_type: "RoleRequested" })).toHaveLength(1);
    expect(await db.knex("audit_log").where({ action: "role_request.create" })).toHaveLength(1);
  });

  it("lets the same person ask for another role, and ask again once the first request was decided", async () => {
    await insertRoleRequest(db.knex, { userId: member.id, role: "STAFF", status: "REJECTED" });
    await requestRole(ctx, website, { userId: member.id, role: "STAFF" });
    await requestRole(ctx, website, { userId: member.id, role: "INSTRUCTOR" });
    const pending = await db.knex("role_requests").where({ user_id: member.id, status: "PENDING" });
    expect(pending).toHaveLength(2);
  });

  it("two requests at once: exactly one is made, the other is the conflict", async () => {
    const results = await Promise.allSettled([
      requestRole(ctx, website, { userId: member.id, role: "STAFF" }),
      requestRole(ctx, website, { userId: member.id, role: "STAFF" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((failed.reason as DomainError).code).toBe("conflict");
    expect(await db.knex("role_requests").where({ status: "PENDING" })).toHaveLength(1);
  });

  it("refuses an unknown role (naming the roles there are), a role already held, and an unknown person", async () => {
    const unknown = await rejection(requestRole(ctx, website, { userId: member.id, role: "WIZARD" }));
    expect(unknown.code).toBe("invalid_input");
    expect(unknown.message).toBe('There is no role "WIZARD"; the roles are: ADMIN, INSTRUCTOR, MEMBER, STAFF. Nothing was requested.');
    const held = await rejection(requestRole(ctx, website, { userId: member.id, role: "MEMBER" }));
    expect(held.code).toBe("conflict");
    expect(held.message).toBe("Mia Member already has the MEMBER role; nothing was requested.");
    const nobody = await rejection(requestRole(ctx, website, { userId: 999_999, role: "STAFF" }));
    expect(nobody.code).toBe("not_found");
    const long = await rejection(requestRole(ctx, website, { userId: member.id, role: "STAFF", reason: "x".repeat(2001) }));
    expect(long.details).toEqual({ field: "reason" });
    expect(await db.knex("role_requests")).toHaveLength(0);
    expect(await db.knex("audit_log")).toHaveLength(0);
  });
});

describe(`requestRoleByEmail (${testEngine()})`, () => {
  it("finds the person by email in any case, or creates them (audited) in the request's own transaction", async () => {
    const found = await requestRoleByEmail(ctx, website, { email: ` ${member.email.toUpperCase()} `, role: "STAFF" });
    expect(found.personCreated).toBe(false);
    expect(found.request.user_id).toBe(member.id);

    const created = await requestRoleByEmail(ctx, website, { email: "New.Person@Example.TEST", name: "Nell Newcomer", role: "STAFF" });
    expect(created.personCreated).toBe(true);
    expect(created.request).toMatchObject({ user_name: "Nell Newcomer", user_email: "new.person@example.test" });
    const audit = await db.knex("audit_log").where({ action: "user.create" });
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ email: "new.person@example.test", actor_name: "API key “website”" });

    const nameless = await requestRoleByEmail(ctx, website, { email: "quiet@example.test", role: "MEMBER" });
    expect(nameless.request.user_name).toBe("quiet@example.test");
  });

  it("a refused request creates no person: the transaction is one", async () => {
    const error = await rejection(requestRoleByEmail(ctx, website, { email: "ghost@example.test", name: "Gus", role: "WIZARD" }));
    expect(error.code).toBe("invalid_input");
    expect(await db.knex("users").where({ email: "ghost@example.test" })).toHaveLength(0);
    const bad = await rejection(requestRoleByEmail(ctx, website, { email: "not-an-email", role: "STAFF" }));
    expect(bad.details).toEqual({ field: "email" });
  });

  it("requests at once for a new email end in one person, whichever unique index sees the other first", async () => {
    // A true race (both pass the conflict check before either inserts) is rare, so it is run many times over.
    for (let round = 0; round < 25; round++) {
      const email = `twin${round}@example.test`;
      const variants = [email, email.toUpperCase(), ` ${email} `, email.replace("example", "EXAMPLE")];
      const roles = ["STAFF", "INSTRUCTOR", "MEMBER", "ADMIN"];
      const results = await Promise.allSettled(
        variants.map((variant, i) => requestRoleByEmail(ctx, website, { email: variant, role: roles[i]! })),
      );
      expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : r.status))).toEqual(Array(4).fill("fulfilled"));
      expect(await db.knex("users").whereRaw("lower(email) = ?", [email])).toHaveLength(1);
    }
  });
});
