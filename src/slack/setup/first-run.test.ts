// An empty studio's Home tab is a first run: an admin sees what to set up, each step's button does what it says (a
// teammate added, the website's key created and shown once, the digest how-to, the rule form), and the list shrinks
// to nothing as steps are done. Through the real app over the fake Slack transport, on a real empty database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAdmin, insertUser } from "../../testing/fixtures/people.ts";
import { insertRule } from "../../testing/fixtures/workflows.ts";
import { createSlackHarness, testConfig, type SlackHarness } from "../../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database.ts";
import { ACTIONS, BLOCKS, VIEWS } from "../ids.ts";
import { ADMIN_ONLY_SETUP_TEXT } from "./first-run-listeners.ts";

const ADMIN = "U0MAYA";
const MEMBER = "U0RUTH";
let db: TestDatabase;
let h: SlackHarness;

beforeAll(async () => {
  db = await createTestDatabase();
  await insertAdmin(db.knex, "Maya Okafor", ADMIN);
  await insertUser(db.knex, { name: "Ruth Abernathy", roles: ["MEMBER"], slackUserId: MEMBER });
  h = createSlackHarness(db, { rateLimitPerMinute: 10_000 });
});
afterAll(() => db?.drop());

const home = () => JSON.stringify(h.fake.callsOf("views.publish").at(-1)!.args.view);
const homeButton = (base: string) =>
  h.fake
    .buttons()
    .filter((b) => b.method === "views.publish" && b.action_id.startsWith(base))
    .at(-1);
const opened = () => h.fake.callsOf("views.open").at(-1)!.args.view as { callback_id?: string; blocks: unknown[] };

async function click(base: string, user = ADMIN) {
  const button = homeButton(base);
  expect(button, base).toBeDefined();
  await h.fake.clickInView(user, { action_id: button!.action_id, value: button!.value });
  await h.fake.settle();
}

describe("the Home tab of an empty studio", () => {
  it("shows an admin the four setup steps, each with its button, instead of zeros", async () => {
    await h.fake.openHome(ADMIN);
    await h.fake.settle();
    expect(home()).toContain("Getting started* · 0 of 4 done");
    for (const base of [ACTIONS.setupTeam, ACTIONS.setupApiKey, ACTIONS.setupDigest, ACTIONS.ruleNew])
      expect(homeButton(base), base).toBeDefined();
  });

  it("creates the website's API key, shows it once in a modal, and ticks the step", async () => {
    await click(ACTIONS.setupApiKey);
    const modal = opened();
    expect(modal.callback_id).toBe(VIEWS.setupApiKey);
    expect(JSON.stringify(modal.blocks)).toMatch(/mst_[A-Za-z0-9_]+/);
    expect(await db.knex("api_keys").whereNull("revoked_at")).toMatchObject([{ name: "website" }]);
    expect(JSON.stringify(h.fake.callsOf("chat.postMessage"))).not.toMatch(/mst_/); // never in a conversation
    expect(home()).toContain("1 of 4 done");
    expect(home()).toContain("1 live API key");
  });

  it("adds a teammate from the modal as `/maestro staff add` would, and ticks the step", async () => {
    await click(ACTIONS.setupTeam);
    expect(opened().callback_id).toBe(VIEWS.setupTeam);
    const missing = await h.fake.submitView(ADMIN, { callback_id: VIEWS.setupTeam, values: {} });
    expect(JSON.stringify(missing.response)).toContain("Choose the person to add.");
    await h.fake.submitView(ADMIN, {
      callback_id: VIEWS.setupTeam,
      values: {
        [BLOCKS.setupTeamPerson]: { [ACTIONS.setupTeamPerson]: { type: "users_select", selected_user: MEMBER } },
        [BLOCKS.setupTeamRole]: { [ACTIONS.setupTeamRole]: { type: "static_select", selected_option: { value: "STAFF" } } },
      },
    });
    await h.fake.settle();
    const roles = await db
      .knex("role_assignments as ra")
      .join("roles as r", "r.id", "ra.role_id")
      .join("users as u", "u.id", "ra.user_id")
      .where({ "u.slack_user_id": MEMBER })
      .whereNull("ra.revoked_at")
      .pluck("r.name");
    expect(roles.sort()).toEqual(["MEMBER", "STAFF"]);
    expect(JSON.stringify(h.fake.callsOf("chat.postMessage").at(-1)!.args)).toContain("now has the STAFF role");
    expect(home()).toContain("2 of 4 done");
  });

  it("explains the digest channel, and opens the rule form for the first rule", async () => {
    await click(ACTIONS.setupDigest);
    expect(opened().callback_id).toBe(VIEWS.setupDigest);
    expect(JSON.stringify(opened().blocks)).toContain("DIGEST_CHANNEL");
    await click(ACTIONS.ruleNew);
    expect(opened().callback_id).toBe(VIEWS.ruleForm);
  });

  it("refuses the buttons to someone who is not an admin", async () => {
    const before = h.fake.callsOf("views.open").length;
    const button = homeButton(ACTIONS.setupApiKey)!;
    await h.fake.clickInView(MEMBER, { action_id: button.action_id, value: button.value });
    await h.fake.settle();
    expect(h.fake.callsOf("views.open")).toHaveLength(before);
    expect(JSON.stringify(h.fake.callsOf("chat.postMessage").at(-1)!.args)).toContain(ADMIN_ONLY_SETUP_TEXT.slice(0, 30));
    expect(await db.knex("api_keys")).toHaveLength(1);
  });

  it("goes away once every step is done", async () => {
    await insertRule(db.knex, { name: "welcome-on-intake" });
    const configured = createSlackHarness(db, { config: testConfig({ DIGEST_CHANNEL: "C0DIGEST" }), rateLimitPerMinute: 10_000 });
    await configured.fake.openHome(ADMIN);
    await configured.fake.settle();
    const view = JSON.stringify(configured.fake.callsOf("views.publish").at(-1)!.args.view);
    expect(view).not.toContain("Getting started");
    expect(view).toContain("Intake queue");
  });
});
