// Issue 14's "done when", end to end through the real HTTP server (a listening port, real fetch): on an empty studio an
// admin creates an API key with /maestro api-key, the website POSTs an intake with it, and the intake is in
// `/maestro queue`, the Home tab and the digest, and the IntakeCreated rule has run. Both engines.
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../logger.ts";
import { startApiHarness, SIGNING_SECRET, type ApiHarness } from "../testing/api-harness.ts";
import { ensureRole, insertAdmin } from "../testing/fixtures/people.ts";
import { insertRule } from "../testing/fixtures/workflows.ts";
import { postSignedToSlackEvents } from "../testing/slack-api-server.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";

let db: TestDatabase;
let h: ApiHarness;
// Everything the process logs, at debug level (more than production's info), to show the key never reaches a log.
const logged: string[] = [];
const logStream = new PassThrough().on("data", (chunk: Buffer) => logged.push(chunk.toString("utf8")));

beforeAll(async () => {
  db = await createTestDatabase();
  // The one person of an empty studio: the admin who installs Maestro (the slash commands come from U0SAM).
  await insertAdmin(db.knex, "Ada Admin", "U0SAM");
  await insertRule(db.knex, {
    name: "note-website-enquiries",
    trigger: "IntakeCreated",
    condition: { all: [{ field: "metadata.source", op: "eq", value: "website" }] },
    actionType: "ADD_INTAKE_NOTE",
    actionConfig: { note: "Website enquiry from {{metadata.contact_name}}: reply within a day." },
  });
  h = await startApiHarness(db, { logger: createLogger({ level: "debug", format: "json", destination: logStream }) });
});
afterAll(async () => {
  await h?.stop();
  await db?.drop();
});

describe("a studio's website sends an intake through the API", () => {
  it("API key from Slack → POST with curl's request → /maestro queue, Home, digest, and the rule ran", async () => {
    expect(await db.knex("intake_requests").select("id")).toEqual([]);

    const created = await h.slash("api-key create website");
    const secret = /mst_k[a-z2-7]{10}_[A-Za-z0-9_-]{43}/.exec(created)?.[0];
    expect(secret, created).toBeDefined();
    expect(created).toContain('"response_type":"ephemeral"');

    const res = await fetch(`${h.base}/api/v1/intakes`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", "idempotency-key": "form-8841" },
      body: JSON.stringify({ name: "Robin Reyes", email: "robin@example.com", goals: "Learn the wheel", source: "website" }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { intake: { id: number }; rules_fired: { rule: string; status: string }[] };
    expect(body.rules_fired).toEqual([expect.objectContaining({ rule: "note-website-enquiries", status: "SUCCESS" })]);
    const id = body.intake.id;

    const queue = await h.slash("queue");
    expect(queue).toContain("Robin Reyes");
    expect(queue).toContain(`${id}`);

    const published = h.fake.callsOf("views.publish").length;
    const homeOpened = JSON.stringify({
      type: "event_callback",
      team_id: "T0MAESTRO",
      api_app_id: "A0MAESTRO",
      event_id: "EvHOME1",
      event_time: Math.floor(Date.now() / 1000),
      event: { type: "app_home_opened", user: "U0SAM", channel: "D0SAM", tab: "home", event_ts: "1700000001.000100" },
    });
    expect((await postSignedToSlackEvents(h.base, SIGNING_SECRET, homeOpened, "application/json")).status).toBe(200);
    await expect.poll(() => h.fake.callsOf("views.publish").length, { timeout: 10_000 }).toBeGreaterThan(published);
    const home = JSON.stringify(h.fake.callsOf("views.publish").at(-1)!.args);
    expect(home).toContain("1 open");
    expect(home).toContain("Robin Reyes");

    const digest = await h.slash("digest");
    expect(digest).toContain("Robin Reyes");

    const note = await db.knex("intake_status_history").where({ intake_id: id }).orderBy("id").pluck("note");
    expect(note).toEqual([
      expect.stringContaining("Arrived through API key “website”"),
      "Website enquiry from Robin Reyes: reply within a day.",
    ]);
    const detail = await h.slash(`intake ${id}`);
    expect(detail).toContain("reply within a day");

    // The key was shown once, to the admin; no log line holds it, nor any table but as a hash.
    const secretPart = secret!.slice(16);
    expect(logged.join("").length).toBeGreaterThan(0);
    expect(logged.join("")).toContain("api.request.end");
    expect(logged.join("")).not.toContain(secretPart);
    const stored = JSON.stringify([
      await db.knex("api_keys").select(),
      await db.knex("audit_log").select(),
      await db.knex("feed_events").select(),
    ]);
    expect(stored).not.toContain(secretPart);
  });

  it("keys from Slack are for ADMINs only", async () => {
    // The same person, now STAFF and no longer ADMIN.
    const ada = db.knex("users").select("id").where({ slack_user_id: "U0SAM" });
    await db.knex("role_assignments").whereIn("user_id", ada).del();
    await db.knex("role_assignments").insert({ user_id: ada, role_id: await ensureRole(db.knex, "STAFF") });
    const refused = await h.slash("api-key create sneaky");
    expect(refused).toContain("Only an ADMIN can manage API keys.");
    expect(await db.knex("api_keys").where({ name: "sneaky" })).toHaveLength(0);
  });
});
