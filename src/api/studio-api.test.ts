// The studio API over a real listening port: writes with their audit rows and events, each refusal's status and
// problem body, Idempotency-Key replays, and no partial write when the second half of a write fails. Both engines.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeApiKey } from "../domain/api-keys/api-key-service.ts";
import { systemActor } from "../domain/actor.ts";
import { startApiHarness, type ApiHarness } from "../testing/api-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";

let db: TestDatabase;
let h: ApiHarness;
let key: { id: string; secret: string };

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startApiHarness(db);
  key = await h.createKey("website");
});
afterAll(async () => {
  await h?.stop();
  await db?.drop();
});

const count = async (table: string) => Number((await db.knex(table).count<{ n: string }[]>("* as n"))[0]!.n);
const intake = (email: string, extra: Record<string, unknown> = {}) => ({
  name: "Robin Reyes",
  email,
  audience: "adult",
  goals: "Wheel",
  ...extra,
});

describe("POST /api/v1/intakes", () => {
  it("creates the intake and its contact, audited under the key, with IntakeCreated and ContactCreated", async () => {
    const res = await h.request("POST", "/api/v1/intakes", { key: key.secret, body: intake("robin@example.test", { source: "website" }) });
    expect(res.status).toBe(201);
    const body = res.json as { intake: { id: number; status: string; contact_id: number }; contact: { outcome: string } };
    expect(body.intake.status).toBe("NEW");
    expect(body.contact.outcome).toBe("created");
    const audit = await db
      .knex("audit_log")
      .where({ target_type: "intake", target_id: String(body.intake.id) })
      .first();
    expect(audit).toMatchObject({ actor_type: "API_KEY", actor_id: key.id, action: "intake.create" });
    expect(audit.details).toMatchObject({ path: "api", actor_name: "API key “website”" });
    const events = await db.knex("feed_events").whereIn("event_type", ["IntakeCreated", "ContactCreated"]).orderBy("id");
    expect(events.map((e) => [e.event_type, e.actor_type, e.actor_id])).toEqual([
      ["ContactCreated", "API_KEY", key.id],
      ["IntakeCreated", "API_KEY", key.id],
    ]);
    expect(events[1]!.metadata).toMatchObject({ intake_id: body.intake.id, email: "robin@example.test", source: "website", path: "api" });
    expect((await db.knex("api_keys").where({ id: key.id }).first()).last_used_at).not.toBeNull();
  });

  it("matches the contact by email whatever its case", async () => {
    const contacts = await count("contacts");
    const res = await h.request("POST", "/api/v1/intakes", { key: key.secret, body: intake("ROBIN@Example.test") });
    expect(res.status).toBe(201);
    expect((res.json.contact as { outcome: string }).outcome).toBe("unchanged");
    expect(await count("contacts")).toBe(contacts);
  });
});

describe("PUT /api/v1/contacts", () => {
  it("creates (201), then updates (200) with ContactStatusChanged, then changes nothing", async () => {
    const created = await h.request("PUT", "/api/v1/contacts", { key: key.secret, body: { email: "lee@example.test", name: "Lee" } });
    expect(created.status).toBe(201);
    const updated = await h.request("PUT", "/api/v1/contacts", {
      key: key.secret,
      body: { email: "LEE@example.test", status: "QUALIFIED" },
    });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ outcome: "updated", changed: ["status"], contact: { name: "Lee", status: "QUALIFIED" } });
    const again = await h.request("PUT", "/api/v1/contacts", { key: key.secret, body: { email: "lee@example.test", status: "QUALIFIED" } });
    expect(again.json).toMatchObject({ outcome: "unchanged", changed: [] });
    const changed = await db.knex("feed_events").where({ event_type: "ContactStatusChanged" });
    expect(changed).toHaveLength(1);
    expect(changed[0].metadata).toMatchObject({ from_status: "NEW", to_status: "QUALIFIED" });
  });
});

describe("refusals", () => {
  const problem = (res: { headers: Headers; json: Record<string, unknown> }) => {
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    return res.json as { type: string; status: number; detail: string; errors?: { field: string; in: string; detail: string }[] };
  };

  it("401 without a key, with an unknown key and with a revoked key", async () => {
    const before = await count("intake_requests");
    const none = await h.request("POST", "/api/v1/intakes", { body: intake("a@example.test") });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const unknown = await h.request("POST", "/api/v1/intakes", {
      key: `mst_kaaaaaaaaaa_${"x".repeat(43)}`,
      body: intake("a@example.test"),
    });
    expect(problem(unknown)).toMatchObject({ status: 401, type: "urn:maestro:problem:unauthorized" });
    const wrongSecret = await h.request("POST", "/api/v1/intakes", { key: `${key.secret.slice(0, -2)}xx`, body: intake("a@example.test") });
    expect(wrongSecret.status).toBe(401);
    const doomed = await h.createKey("doomed");
    expect((await h.request("PUT", "/api/v1/contacts", { key: doomed.secret, body: { email: "d@example.test" } })).status).toBe(201);
    await revokeApiKey({ db: db.knex, clock: h.maestro.clock }, systemActor("cli"), doomed.id);
    const revoked = await h.request("POST", "/api/v1/intakes", { key: doomed.secret, body: intake("a@example.test") });
    expect(problem(revoked).status).toBe(401);
    expect(await count("intake_requests")).toBe(before);
  });

  it("400 for malformed JSON, 415 for a body that is not JSON", async () => {
    const bad = await h.request("POST", "/api/v1/intakes", { key: key.secret, body: '{"name": "Robin", ' });
    expect(problem(bad)).toMatchObject({ status: 400, type: "urn:maestro:problem:invalid-json" });
    const form = await h.request("POST", "/api/v1/intakes", {
      key: key.secret,
      body: "name=Robin",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(problem(form).status).toBe(415);
  });

  it("422 names every bad field at once, unknown ones included", async () => {
    const before = await count("contacts");
    const res = await h.request("POST", "/api/v1/intakes", {
      key: key.secret,
      body: { name: "", email: "not-an-email", group_size: 0, emial: "typo@example.test" },
    });
    const body = problem(res);
    expect(body.status).toBe(422);
    expect(body.errors!.map((e) => e.field).sort()).toEqual(["email", "emial", "group_size", "name"]);
    expect(body.errors!.every((e) => e.in === "body" && e.detail)).toBe(true);
    expect(body.detail).toContain("4 fields are invalid");
    const missing = await h.request("PUT", "/api/v1/contacts", { key: key.secret, body: { status: "ODD" } });
    expect(
      problem(missing)
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(["email", "status"]);
    expect(await count("contacts")).toBe(before);
  });

  it("413 for a body over MAESTRO_API_MAX_BODY_BYTES", async () => {
    const before = await count("intake_requests");
    const res = await h.request("POST", "/api/v1/intakes", {
      key: key.secret,
      body: intake("big@example.test", { goals: "x".repeat(70_000) }),
    });
    expect(problem(res)).toMatchObject({ status: 413, max_bytes: 65_536 });
    expect(await count("intake_requests")).toBe(before);
  });

  it("404 for an unknown path, 405 for a known path with another method", async () => {
    expect(problem(await h.request("GET", "/api/v1/nothing", { key: key.secret })).status).toBe(404);
    const wrong = await h.request("DELETE", "/api/v1/intakes", { key: key.secret });
    expect(problem(wrong).status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
  });
});

describe("Idempotency-Key", () => {
  it("a retry returns the first answer and writes nothing; another body with the key is a 422", async () => {
    const headers = { "idempotency-key": "form-submission-1" };
    const first = await h.request("POST", "/api/v1/intakes", { key: key.secret, body: intake("idem@example.test"), headers });
    expect(first.status).toBe(201);
    const counts = [await count("intake_requests"), await count("contacts"), await count("feed_events"), await count("audit_log")];
    const retry = await h.request("POST", "/api/v1/intakes", { key: key.secret, body: intake("idem@example.test"), headers });
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect([await count("intake_requests"), await count("contacts"), await count("feed_events"), await count("audit_log")]).toEqual(counts);
    const other = await h.request("POST", "/api/v1/intakes", { key: key.secret, body: intake("other@example.test"), headers });
    expect(other.status).toBe(422);
    expect((other.json as { type: string }).type).toBe("urn:maestro:problem:idempotency-mismatch");
    expect(await count("intake_requests")).toBe(counts[0]);
  });

  it("concurrent duplicates write once and all get the same answer", async () => {
    const before = await count("intake_requests");
    const headers = { "idempotency-key": "burst-1" };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        h.request("POST", "/api/v1/intakes", { key: key.secret, body: intake("burst@example.test"), headers }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => (a.json.intake as { id: number }).id)).size).toBe(1);
    expect(await count("intake_requests")).toBe(before + 1);
  });
});

describe("no partial write", () => {
  it("when the intake insert fails after its contact was written: 500, no contact, and the retry then succeeds", async () => {
    await db.knex.raw(`create function refuse_intake() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`);
    await db.knex.raw("create trigger refuse_intake before insert on intake_requests for each row execute function refuse_intake()");
    const counts = [await count("contacts"), await count("intake_requests"), await count("feed_events"), await count("audit_log")];
    const headers = { "idempotency-key": "after-failure" };
    const failed = await h.request("POST", "/api/v1/intakes", { key: key.secret, body: intake("half@example.test"), headers });
    expect(failed.status).toBe(500);
    expect(failed.json).toMatchObject({ type: "urn:maestro:problem:internal" });
    expect(JSON.stringify(failed.json)).not.toContain("disk full");
    expect([await count("contacts"), await count("intake_requests"), await count("feed_events"), await count("audit_log")]).toEqual(counts);
    await db.knex.raw("drop trigger refuse_intake on intake_requests");
    await db.knex.raw("drop function refuse_intake()");
    const retried = await h.request("POST", "/api/v1/intakes", { key: key.secret, body: intake("half@example.test"), headers });
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
  });
});

describe("429", () => {
  it("refuses a key over MAESTRO_API_RATE_LIMIT_PER_MINUTE with Retry-After; other keys are unaffected", async () => {
    const limited = await startApiHarness(db, { env: { MAESTRO_API_RATE_LIMIT_PER_MINUTE: "2" } });
    try {
      const busy = await limited.createKey("busy");
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        statuses.push(
          (await limited.request("PUT", "/api/v1/contacts", { key: busy.secret, body: { email: `busy${i}@example.test` } })).status,
        );
      }
      expect(statuses.slice(0, 2)).toEqual([201, 201]);
      const refused = await limited.request("PUT", "/api/v1/contacts", { key: busy.secret, body: { email: "busy9@example.test" } });
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await db.knex("contacts").where({ email: "busy9@example.test" })).toHaveLength(0);
      const quiet = await limited.createKey("quiet");
      expect((await limited.request("PUT", "/api/v1/contacts", { key: quiet.secret, body: { email: "quiet@example.test" } })).status).toBe(
        201,
      );
    } finally {
      await limited.stop();
    }
  });
});
