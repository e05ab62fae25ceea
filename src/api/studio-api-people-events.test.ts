// The studio API's role requests, searches and custom events over a real listening port (both engines): audit rows
// naming the key, the same feed events with the workflow rules they fire, Idempotency-Key replays, and each refusal
// as a problem naming the bad field (the duplicate pending role request a 409).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSearchLog } from "../domain/marketing/marketing-service.ts";
import { startApiHarness, type ApiHarness } from "../testing/api-harness.ts";
import { ensureRole, insertUser } from "../testing/fixtures/people.ts";
import { insertRule } from "../testing/fixtures/workflows.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "../testing/test-database.ts";

let db: TestDatabase;
let h: ApiHarness;
let key: { id: string; secret: string };

beforeAll(async () => {
  db = await createTestDatabase();
  for (const role of ["ADMIN", "STAFF", "INSTRUCTOR", "MEMBER"]) await ensureRole(db.knex, role);
  h = await startApiHarness(db);
  key = await h.createKey("website");
});
afterAll(async () => {
  await h?.stop();
  await db?.drop();
});

const count = async (table: string) => Number((await db.knex(table).count<{ n: string }[]>("* as n"))[0]!.n);
type Problem = { type: string; status: number; detail: string; errors?: { field: string; in: string; detail: string }[] };
const problem = (res: { status: number; headers: Headers; json: Record<string, unknown> }) => {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return res.json as Problem;
};
const fields = (p: Problem) => p.errors!.map((e) => e.field).sort();

describe(`POST /api/v1/role-requests (${testEngine()})`, () => {
  it("files a request for a new person (created by email), audited under the key, RoleRequested firing its rule", async () => {
    await insertRule(db.knex, { name: "Tell ops of access requests", trigger: "RoleRequested" });
    const res = await h.request("POST", "/api/v1/role-requests", {
      key: key.secret,
      body: { email: "Nell@Example.test", name: "Nell Newcomer", role: "INSTRUCTOR", reason: "I teach Thursdays." },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      role_request: { status: "PENDING", role: "INSTRUCTOR", reason: "I teach Thursdays." },
      person: { name: "Nell Newcomer", email: "nell@example.test", created: true },
      rules_fired: [{ rule: "Tell ops of access requests", status: "SUCCESS" }],
    });
    const id = (res.json.role_request as { id: number }).id;
    const audit = await db
      .knex("audit_log")
      .where({ action: "role_request.create", target_id: String(id) })
      .first();
    expect(audit).toMatchObject({ actor_type: "API_KEY", actor_id: key.id });
    expect(audit.details).toMatchObject({ path: "api", actor_name: "API key “website”", role: "INSTRUCTOR" });
    const event = await db
      .knex("feed_events")
      .where({ event_type: "RoleRequested", subject_id: String(id) })
      .first();
    expect(event).toMatchObject({ actor_type: "API_KEY", actor_id: key.id, subject_type: "role_request" });
  });

  it("matches an existing person by email; a second pending request for the same role is a 409 naming the first", async () => {
    const member = await insertUser(db.knex, { name: "Mia Member", email: "mia@example.test", roles: ["MEMBER"] });
    const first = await h.request("POST", "/api/v1/role-requests", { key: key.secret, body: { email: "MIA@example.test", role: "STAFF" } });
    expect(first.json).toMatchObject({ person: { id: member.id, created: false } });
    const requests = await count("role_requests");
    const again = await h.request("POST", "/api/v1/role-requests", { key: key.secret, body: { email: "mia@example.test", role: "STAFF" } });
    const body = problem(again);
    expect(body).toMatchObject({ status: 409, type: "urn:maestro:problem:conflict" });
    const firstId = (first.json.role_request as { id: number }).id;
    expect(body.detail).toMatch(new RegExp(`^Mia Member already asked for STAFF on \\d{4}-\\d\\d-\\d\\d \\(role request ${firstId}\\)`));
    expect(await count("role_requests")).toBe(requests);
  });

  it("an Idempotency-Key retry replays the first answer instead of a 409; bad fields are named", async () => {
    const headers = { "idempotency-key": "access-form-7" };
    const body = { email: "ivy@example.test", role: "MEMBER" };
    const first = await h.request("POST", "/api/v1/role-requests", { key: key.secret, body, headers });
    const retry = await h.request("POST", "/api/v1/role-requests", { key: key.secret, body, headers });
    expect([first.status, retry.status, retry.headers.get("idempotent-replayed")]).toEqual([201, 201, "true"]);
    expect(retry.json).toEqual(first.json);
    expect(await db.knex("users").where({ email: "ivy@example.test" })).toHaveLength(1);
    const bad = await h.request("POST", "/api/v1/role-requests", {
      key: key.secret,
      body: { email: "nope", role: "WIZARD", reason: "x".repeat(2001), nickname: "Z" },
    });
    expect(fields(problem(bad))).toEqual(["email", "nickname", "reason", "role"]);
  });
});

describe(`POST /api/v1/searches (${testEngine()})`, () => {
  it("logs the search for the search log report, audited, with ContentSearched; bad fields named", async () => {
    const res = await h.request("POST", "/api/v1/searches", { key: key.secret, body: { query: " raku firing ", results_count: 0 } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ search: { query: "raku firing", results_count: 0 }, rules_fired: [] });
    expect(await db.knex("content_search_log").where({ query: "raku firing" })).toHaveLength(1);
    expect(await db.knex("feed_events").where({ event_type: "ContentSearched", actor_id: key.id })).toHaveLength(1);
    expect(await db.knex("audit_log").where({ action: "content_search.log", actor_id: key.id })).toHaveLength(1);
    const report = await getSearchLog({ db: db.knex, clock: h.maestro.clock }, { days: 1, limit: 10, zeroLimit: 10 });
    expect(report.zeroResult).toEqual([expect.objectContaining({ query: "raku firing", searches: 1 })]);
    const bad = await h.request("POST", "/api/v1/searches", { key: key.secret, body: { query: "", results_count: -1 } });
    expect(fields(problem(bad))).toEqual(["query", "results_count"]);
  });
});

describe(`POST /api/v1/events (${testEngine()})`, () => {
  it("records a custom event and a workflow rule listening to it fires, audited under the key", async () => {
    await insertRule(db.knex, {
      name: "Triage tickets to ops",
      trigger: "TriageTicket",
      condition: { field: "metadata.priority", op: "eq", value: "high" },
      actionConfig: { channel: "#ops", text: "Ticket {{subject_id}}: {{metadata.summary}}" },
    });
    const res = await h.request("POST", "/api/v1/events", {
      key: key.secret,
      body: {
        event_type: "TriageTicket",
        subject_type: "ticket",
        subject_id: "T-42",
        metadata: { priority: "high", summary: "Kiln 2 cold" },
      },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      event: { event_type: "TriageTicket", subject_type: "ticket", subject_id: "T-42" },
      rules_fired: [{ rule: "Triage tickets to ops", status: "SUCCESS" }],
    });
    const eventId = (res.json.event as { id: number }).id;
    const execution = await db.knex("workflow_executions").where({ feed_event_id: eventId }).first();
    expect(execution).toMatchObject({ status: "SUCCESS" });
    expect(await db.knex("slack_outbox").where({ text: "Ticket T-42: Kiln 2 cold" })).toHaveLength(1);
    expect(await db.knex("audit_log").where({ action: "feed_event.record", target_id: String(eventId), actor_id: key.id })).toHaveLength(1);
    const low = await h.request("POST", "/api/v1/events", {
      key: key.secret,
      body: { event_type: "TriageTicket", metadata: { priority: "low" } },
    });
    expect(low.json).toMatchObject({ rules_fired: [{ rule: "Triage tickets to ops", status: "SKIPPED" }] });
  });

  it("refuses Maestro's own event types, bad names, reserved keys and oversized metadata as 422s naming the field", async () => {
    const before = await count("feed_events");
    const own = problem(await h.request("POST", "/api/v1/events", { key: key.secret, body: { event_type: "BookingConfirmed" } }));
    expect(own.errors).toEqual([
      expect.objectContaining({ in: "body", field: "event_type", detail: expect.stringContaining("Maestro's own") }),
    ]);
    const badName = problem(await h.request("POST", "/api/v1/events", { key: key.secret, body: { event_type: "Triage Ticket!" } }));
    expect(fields(badName)).toEqual(["event_type"]);
    const reserved = problem(
      await h.request("POST", "/api/v1/events", { key: key.secret, body: { event_type: "Ping", metadata: { path: "x" } } }),
    );
    expect(fields(reserved)).toEqual(["metadata.path"]);
    const big = problem(
      await h.request("POST", "/api/v1/events", { key: key.secret, body: { event_type: "Ping", metadata: { blob: "x".repeat(9000) } } }),
    );
    expect([big.status, fields(big)]).toEqual([422, ["metadata"]]);
    expect(await count("feed_events")).toBe(before);
  });
});
