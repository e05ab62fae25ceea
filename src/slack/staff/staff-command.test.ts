// `/maestro staff`: the team and their roles; an ADMIN adds and removes roles for an @-mentioned Slack user (linked by
// email to the person the studio has), audited; anyone else is refused; granting ADMIN waits for ANOTHER admin's click.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveRoles } from "../../domain/users/user-store.ts";
import { insertAdmin, insertStaff, insertUser } from "../../testing/fixtures/people.ts";
import { createSlackHarness, testConfig } from "../../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database.ts";
import { ACTIONS } from "../ids.ts";

let db: TestDatabase;
let ids: { maya: number; omar: number; tom: number; dana: number };

beforeAll(async () => {
  db = await createTestDatabase();
  const maya = await insertAdmin(db.knex, "Maya Okafor", "U0MAYA");
  const omar = await insertAdmin(db.knex, "Omar Haddad", "U0OMAR");
  const tom = await insertStaff(db.knex, "Tom Bexley", "U0TOM");
  const dana = await insertUser(db.knex, { name: "Dana Reyes", email: "dana@studio.test" });
  ids = { maya: maya.id, omar: omar.id, tom: tom.id, dana: dana.id };
});
afterAll(() => db?.drop());

const harness = () => {
  const h = createSlackHarness(db, { config: testConfig({ OPS_CHANNEL: "C0OPS" }), rateLimitPerMinute: 10_000 });
  h.fake.setProfile("U0DANA", { realName: "Dana R.", email: "dana@studio.test" });
  return h;
};
const lastAnswer = (h: ReturnType<typeof harness>) => JSON.stringify(h.fake.callsOf("respond").at(-1)!.args);
async function run(h: ReturnType<typeof harness>, user: string, text: string) {
  await h.fake.command(user, text);
  await h.fake.settle();
  return lastAnswer(h);
}

describe("/maestro staff", () => {
  it("lists the team with their roles, admins first", async () => {
    const answer = await run(harness(), "U0TOM", "staff");
    expect(answer).toMatch(/Maya Okafor\* — ADMIN.*Omar Haddad\* — ADMIN.*Tom Bexley\* — STAFF/);
    expect(answer).not.toContain("Dana Reyes");
  });

  it("lets only an ADMIN add and remove a role, linking the Slack user by email, audited", async () => {
    const h = harness();
    expect(await run(h, "U0TOM", "staff add <@U0DANA|dana> STAFF")).toMatch(/Only an ADMIN may change roles/);
    expect(await liveRoles(db.knex, ids.dana)).toEqual([]);

    expect(await run(h, "U0MAYA", "staff add <@U0DANA|dana> STAFF")).toMatch(/Dana Reyes now has the STAFF role/);
    expect(await db.knex("users").where({ id: ids.dana }).first()).toMatchObject({ slack_user_id: "U0DANA", name: "Dana Reyes" });
    expect(await liveRoles(db.knex, ids.dana)).toEqual(["STAFF"]);
    expect(await run(h, "U0DANA", "staff")).toContain("Dana Reyes");

    expect(await run(h, "U0MAYA", "staff remove <@U0DANA> STAFF")).toMatch(/Removed STAFF from Dana Reyes/);
    expect(await liveRoles(db.knex, ids.dana)).toEqual([]);
    expect(await run(h, "U0DANA", "staff")).toMatch(/only for studio staff/);
    const audit = await db.knex("audit_log").whereIn("action", ["user.role_grant", "user.role_revoke"]).orderBy("id");
    expect(audit.map((a) => [a.action, a.actor_id, a.target_id, a.details.role, a.details.path])).toEqual([
      ["user.role_grant", String(ids.maya), String(ids.dana), "STAFF", "command"],
      ["user.role_revoke", String(ids.maya), String(ids.dana), "STAFF", "command"],
    ]);
  });

  it("holds an ADMIN grant for another ADMIN: the proposer's Confirm is refused, the second admin's runs it once", async () => {
    const h = harness();
    expect(await run(h, "U0MAYA", "staff add <@U0TOM> ADMIN")).toMatch(/waits for another ADMIN's Confirm: the card went in C0OPS/);
    expect(await liveRoles(db.knex, ids.tom)).toEqual(["STAFF"]);
    const confirm = h.fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.confirm) && b.channel === "C0OPS")!;
    const click = (user: string) =>
      h.fake.click(user, { action_id: confirm.action_id, value: confirm.value }, { channel: "C0OPS", ts: confirm.ts! });

    await click("U0MAYA");
    await h.fake.settle();
    expect(JSON.stringify(h.fake.posted())).toMatch(/needs another ADMIN's confirmation; Maya Okafor proposed it/);
    expect(await db.knex("pending_actions").where({ tool_name: "grant_role" }).first()).toMatchObject({ status: "pending" });
    expect(await liveRoles(db.knex, ids.tom)).toEqual(["STAFF"]);

    await click("U0OMAR");
    await h.fake.settle();
    expect(await db.knex("pending_actions").where({ tool_name: "grant_role" }).first()).toMatchObject({
      status: "executed",
      decided_by: ids.omar,
    });
    expect(await liveRoles(db.knex, ids.tom)).toEqual(["ADMIN", "STAFF"]);
    const grant = await db
      .knex("audit_log")
      .where({ action: "user.role_grant", target_id: String(ids.tom) })
      .first();
    expect(grant).toMatchObject({ actor_id: String(ids.omar) });
    expect(grant.details).toMatchObject({ role: "ADMIN", changed: true });
  });

  it("never removes the studio's last ADMIN", async () => {
    const h = harness();
    await db.knex("role_assignments").where({ user_id: ids.tom }).update({ revoked_at: new Date() });
    await db.knex("role_assignments").where({ user_id: ids.omar }).update({ revoked_at: new Date() });
    expect(await run(h, "U0MAYA", "staff remove <@U0MAYA> ADMIN")).toMatch(/only ADMIN; grant ADMIN to someone else first/);
    expect(await liveRoles(db.knex, ids.maya)).toEqual(["ADMIN"]);
  });
});
