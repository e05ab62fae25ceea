// Role and rule buttons decide only the row they were built for, through the real app over the fake transport: a click
// whose value names another row, or a digest click on a request that digest never showed, is refused and changes nothing.
// And the decider always hears the outcome: by DM when the click's response_url fails.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemo } from "../../seed/demo.ts";
import { channelPosts, clickInMessage, shown } from "../../testing/digest-clicks.ts";
import { digestConfig } from "../../testing/digest-harness.ts";
import { insertRoleRequest } from "../../testing/fixtures/roles.ts";
import { createSlackHarness } from "../../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database.ts";
import { ACTIONS, BLOCKS } from "../ids.ts";
import { CROSSED_CLICK_TEXT } from "./button-binding.ts";

const ADMIN = "U0MAESTRO1";
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.knex, { adminSlackIds: [ADMIN], timeZone: "Europe/London" });
});
afterAll(() => db?.drop());
beforeEach(() => db.knex.raw("truncate digest_runs, rate_limit_counters, slack_event_receipts"));

const harness = () => createSlackHarness(db, { config: digestConfig({ SLACK_BOT_TOKEN: "xoxb-test" }), rateLimitPerMinute: 10_000 });
const statusOf = async (id: number) => (await db.knex("role_requests").where({ id }).first()).status as string;
const pendingIds = async () => (await db.knex("role_requests").where({ status: "PENDING" }).orderBy("id")).map((r) => r.id as number);
const told = (fake: ReturnType<typeof harness>["fake"]) => fake.callsOf("respond").map((c) => String(c.args.text));

describe("a role button whose value names another request", () => {
  it("is refused on a list: neither request is decided and the list is left alone", async () => {
    const { fake } = harness();
    const [a, b] = await pendingIds();
    const forged = { action_id: `${ACTIONS.roleApprove}:${a}`, block_id: `${BLOCKS.roleActions}:${a}`, value: JSON.stringify({ id: b }) };
    await fake.click(ADMIN, forged, { channel: "C0OPS", ts: "1700000000.000401" });
    await fake.settle();
    expect(told(fake)).toEqual([CROSSED_CLICK_TEXT]);
    expect([await statusOf(a!), await statusOf(b!)]).toEqual(["PENDING", "PENDING"]);
    expect(fake.callsOf("chat.update")).toHaveLength(0);
  });

  it("is refused for Reject too: no reason modal opens", async () => {
    const { fake } = harness();
    const [a, b] = await pendingIds();
    await fake.click(
      ADMIN,
      { action_id: `${ACTIONS.roleReject}:${a}`, value: JSON.stringify({ id: b }) },
      { channel: "C0OPS", ts: "1700000000.000402" },
    );
    await fake.settle();
    expect(told(fake)).toEqual([CROSSED_CLICK_TEXT]);
    expect(fake.callsOf("views.open")).toHaveLength(0);
  });
});

describe("a click on a posted digest", () => {
  it("is refused for a request the digest never showed, and the digest is not touched", async () => {
    const { fake, surface } = harness();
    expect(await surface.digest.runScheduled(new Date())).toMatchObject({ kind: "posted" });
    const [post] = channelPosts(fake);
    const arthur = await db.knex("users").where({ slack_user_id: ADMIN }).first();
    const later = await insertRoleRequest(db.knex, { userId: arthur.id, role: "STAFF" });
    // The digest's own message, with one of its rows rewritten to carry the request posted after it.
    const message = shown(post!);
    const blocks = message.blocks.map((b) =>
      b.block_id?.startsWith(`${BLOCKS.digestRoleActions}:`) && b.type === "actions"
        ? {
            ...b,
            block_id: `${BLOCKS.digestRoleActions}:${later.id}`,
            elements: b.elements.map((e) => ({
              ...e,
              action_id: `${ACTIONS.roleApprove}:${later.id}`,
              value: JSON.stringify({ id: later.id }),
            })),
          }
        : b,
    );
    fake.reset();
    await clickInMessage(fake, ADMIN, { ...message, blocks }, ACTIONS.roleApprove, later.id);
    await fake.settle();
    expect(await statusOf(later.id)).toBe("PENDING");
    expect(told(fake)).toEqual([CROSSED_CLICK_TEXT]);
    expect(fake.callsOf("chat.update")).toHaveLength(0);
  });
});

describe("a rule toggle whose value names another rule", () => {
  it("is refused, and neither rule changes", async () => {
    const { fake } = harness();
    const [a, b] = await db.knex("workflow_rules").orderBy("id").limit(2);
    const audited = async () => (await db.knex("audit_log")).length;
    const before = await audited();
    await fake.click(
      ADMIN,
      { action_id: `${ACTIONS.ruleDisable}:${a.id}`, block_id: `${BLOCKS.rule}:${a.id}`, value: JSON.stringify({ id: b.id }) },
      { channel: "C0OPS", ts: "1700000000.000403" },
    );
    await fake.settle();
    expect(told(fake)).toEqual([CROSSED_CLICK_TEXT]);
    const after = await db.knex("workflow_rules").whereIn("id", [a.id, b.id]).orderBy("id");
    expect(after.map((r) => r.enabled)).toEqual([a.enabled, b.enabled]);
    expect(await audited()).toBe(before);
  });
});

describe("the decider's notice", () => {
  it("comes by DM when the click's response_url fails", async () => {
    const { fake } = harness();
    const [a] = await pendingIds();
    fake.respondAlways("respond", { __status: 404, ok: false });
    await fake.click(
      ADMIN,
      { action_id: `${ACTIONS.roleApprove}:${a}`, block_id: `${BLOCKS.roleActions}:${a}`, value: JSON.stringify({ id: a }) },
      { channel: "C0OPS", ts: "1700000000.000404" },
    );
    await fake.settle();
    expect(await statusOf(a!)).toBe("APPROVED");
    const dm = fake.callsOf("chat.postMessage").filter((c) => c.args.channel === `D0${ADMIN}`);
    expect(dm.map((c) => String(c.args.text))).toEqual([expect.stringMatching(/^Approved: /)]);
  });
});
