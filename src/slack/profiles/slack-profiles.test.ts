// Slack profiles: a Slack user is linked by email to the person the studio has, bootstrap admins get their real names,
// a placeholder takes its name when its owner writes, profiles are reused within the TTL, and a users.info that fails
// or hangs changes nothing but the link (logged, never a blocked request).
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../logger.ts";
import { bootstrapAdmins } from "../../domain/users/staff-directory.ts";
import { insertUser } from "../../testing/fixtures/people.ts";
import { slackError, slackHangs } from "../../testing/fake-slack.ts";
import { createSlackHarness, testConfig } from "../../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

const userBySlackId = (id: string) => db.knex("users").where({ slack_user_id: id }).first();
const answers = (fake: { callsOf(m: string): { args: unknown }[] }) => fake.callsOf("respond").map((c) => JSON.stringify(c.args));

describe("linking a Slack user by email", () => {
  it("makes the person the studio entered with that email this Slack user, keeping the studio's name, audited", async () => {
    const dana = await insertUser(db.knex, { name: "Dana Reyes", email: "dana@studio.test", roles: ["STAFF"] });
    const { fake } = createSlackHarness(db, { model: null, rateLimitPerMinute: 10_000 });
    fake.setProfile("U0DANA", { realName: "Dana R.", email: "DANA@studio.test" });
    await fake.command("U0DANA", "queue");
    await fake.settle();
    expect(answers(fake).join()).not.toMatch(/only for studio staff|isn't linked/);
    expect(await userBySlackId("U0DANA")).toMatchObject({ id: dana.id, name: "Dana Reyes", email: "dana@studio.test" });
    const audit = await db.knex("audit_log").where({ action: "user.slack_link", target_id: String(dana.id) });
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ slack_user_id: "U0DANA", linked_by: "email" });
  });

  it("never takes over a person already linked to another Slack user, and asks Slack once per TTL", async () => {
    await insertUser(db.knex, { name: "Lee Linked", email: "lee@studio.test", roles: ["STAFF"], slackUserId: "U0LEE" });
    const { fake } = createSlackHarness(db, { model: null, rateLimitPerMinute: 10_000 });
    fake.setProfile("U0IMPOSTOR", { realName: "Not Lee", email: "lee@studio.test" });
    await fake.command("U0IMPOSTOR", "queue");
    await fake.command("U0IMPOSTOR", "queue");
    await fake.settle();
    expect(answers(fake)).toHaveLength(2);
    for (const answer of answers(fake)) expect(answer).toMatch(/only for studio staff/);
    expect(await userBySlackId("U0IMPOSTOR")).toBeUndefined();
    expect(fake.callsOf("users.info")).toHaveLength(1);
  });
});

describe("bootstrap admins", () => {
  it("are named from their Slack profiles, and linked to the person the studio has with their email", async () => {
    const owner = await insertUser(db.knex, { name: "Maya Okafor", email: "maya@studio.test" });
    const maestro = createSlackHarness(db, { model: null });
    maestro.fake.setProfile("U0MAYA", { realName: "Maya Okafor", email: "maya@studio.test" });
    maestro.fake.setProfile("U0RUTH", { realName: "Ruth Abernathy", email: "ruth@studio.test" });
    const ids = ["U0MAYA", "U0RUTH"];
    const profiles = await maestro.surface.profiles.getMany(maestro.app.client, ids);
    expect(await bootstrapAdmins(db.knex, ids, new Date(), profiles)).toEqual(ids);
    expect(await userBySlackId("U0MAYA")).toMatchObject({ id: owner.id, name: "Maya Okafor" });
    expect(await userBySlackId("U0RUTH")).toMatchObject({ name: "Ruth Abernathy", email: "ruth@studio.test" });
  });

  it("named 'Admin U…' while Slack fails, take their real name when they first write", async () => {
    const maestro = createSlackHarness(db, { model: null, rateLimitPerMinute: 10_000 });
    const { fake } = maestro;
    fake.respondTo("users.info", slackError("missing_scope"));
    const profiles = await maestro.surface.profiles.getMany(maestro.app.client, ["U0BOSS"]);
    await bootstrapAdmins(db.knex, ["U0BOSS"], new Date(), profiles);
    expect(await userBySlackId("U0BOSS")).toMatchObject({ name: "Admin U0BOSS", email: "u0boss@slack.maestro.invalid" });

    // A new process (the failure is cached for a minute in the old one): the admin's first command fills the name in.
    const next = createSlackHarness(db, { model: null, rateLimitPerMinute: 10_000 });
    next.fake.setProfile("U0BOSS", { realName: "Bo Sterling", email: "bo@studio.test" });
    await next.fake.command("U0BOSS", "queue");
    await next.fake.settle();
    expect(answers(next.fake).join()).not.toMatch(/only for studio staff/);
    expect(await userBySlackId("U0BOSS")).toMatchObject({ name: "Bo Sterling", email: "bo@studio.test" });
  });
});

describe("when users.info fails", () => {
  it("an error answer leaves the person unlinked and refused as before, logged", async () => {
    await insertUser(db.knex, { name: "Fay Fallback", email: "fay@studio.test", roles: ["STAFF"] });
    let logged = "";
    const destination = new Writable({ write: (chunk, _encoding, done) => void ((logged += String(chunk)), done()) });
    const { fake } = createSlackHarness(db, { model: null, logger: createLogger({ format: "json", destination }) });
    fake.setProfile("U0FAY", { realName: "Fay", email: "fay@studio.test" });
    fake.respondAlways("users.info", slackError("ratelimited"));
    await fake.command("U0FAY", "queue");
    await fake.settle();
    expect(answers(fake).join()).toMatch(/only for studio staff|isn't linked/);
    expect(await userBySlackId("U0FAY")).toBeUndefined();
    expect(logged).toMatch(/"slackUserId":"U0FAY".*"msg":"slack.profile.lookup_failed"/);
    expect(logged).not.toMatch(/xoxb-test/);
  });

  it("a hanging users.info is cut at the Slack deadline and the person still gets an answer", async () => {
    const { fake } = createSlackHarness(db, { model: null, config: testConfig({ MAESTRO_SLACK_TIMEOUT_MS: "300" }) });
    fake.respondAlways("users.info", slackHangs());
    await fake.command("U0SLOW", "queue");
    await fake.settle();
    expect(answers(fake).join()).toMatch(/only for studio staff|isn't linked/);
  });
});
