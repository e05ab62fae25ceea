// The digest on the Slack surface, on the demo studio through the fake transport: `/maestro digest [post]`,
// and the Approve / Reject buttons of a posted digest running through the same policy as everywhere.
import type { KnownBlock } from "@slack/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemo } from "../seed/demo.ts";
import { digestConfig, DIGEST_CHANNEL } from "../testing/digest-harness.ts";
import { createSlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { ACTIONS, BLOCKS } from "./ids.ts";
import { channelPosts, clickInMessage, isDigest } from "../testing/digest-clicks.ts";

const STAFF = "U0STAFF01"; // Tom Bexley, STAFF
const MEMBER = "U0MEMBER1"; // Ruth Abernathy, not staff
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.knex, { adminSlackIds: [], timeZone: "Europe/London" });
});
afterAll(() => db?.drop());
beforeEach(() => db.knex.raw("truncate digest_runs, rate_limit_counters, slack_event_receipts"));

function harness(env: Record<string, string> = {}) {
  const config = digestConfig({ SLACK_BOT_TOKEN: "xoxb-test", ...env });
  return createSlackHarness(db, { config, rateLimitPerMinute: 10_000 });
}
const requestId = async (user: string) =>
  (
    await db
      .knex("role_requests")
      .join("users", "users.id", "role_requests.user_id")
      .where({ "users.name": user, status: "PENDING" })
      .first("role_requests.id")
  ).id as number;

describe("/maestro digest", () => {
  it("shows the digest to the caller only", async () => {
    const { fake } = harness();
    expect((await fake.command(STAFF, "digest")).acked).toBe(true);
    await fake.settle();
    const [response] = fake.callsOf("respond");
    expect(response!.args.response_type).toBe("ephemeral");
    expect(isDigest(response!.args.blocks)).toBe(true);
    expect(JSON.stringify(response!.args.blocks)).toContain("Pending role requests");
    expect(channelPosts(fake)).toHaveLength(0);
    expect(await db.knex("digest_runs")).toHaveLength(0);
  });

  it("`post` posts it to the channel now, counted as today's digest only when none was posted", async () => {
    const { fake } = harness();
    await fake.command(STAFF, "digest post");
    await fake.settle(); // the command acks first and posts after: let the first finish
    await fake.command(STAFF, "digest post");
    await fake.settle();
    expect(channelPosts(fake).map((c) => isDigest(c.args.blocks))).toEqual([true, true]);
    const notices = fake.callsOf("respond").map((c) => String(c.args.text));
    expect(notices[0]).toMatch(/It counts as today's digest/);
    expect(notices[1]).toMatch(/as an extra: today's digest had already been posted/);
    expect(await db.knex("digest_runs").select("trigger", "status")).toEqual([{ trigger: "command", status: "posted" }]);
  });

  it("refuses `post` to someone who is not staff, and says why without a digest channel", async () => {
    const { fake } = harness();
    await fake.command(MEMBER, "digest post");
    await fake.settle();
    expect(JSON.stringify(fake.callsOf("respond")[0]!.args)).toMatch(/only for studio staff/);
    const off = harness({ DIGEST_CHANNEL: "" });
    await off.fake.command(STAFF, "digest post");
    await off.fake.settle();
    expect(String(off.fake.callsOf("respond")[0]!.args.text)).toMatch(/set DIGEST_CHANNEL/);
    expect(channelPosts(fake)).toHaveLength(0);
  });
});

describe("the buttons of a posted digest", () => {
  it("Approve approves through the policy and updates only that item; a non-staff click and an unauthorized one change nothing", async () => {
    const { fake, surface } = harness();
    expect(await surface.digest.runScheduled(new Date())).toMatchObject({ kind: "posted" });
    const [post] = channelPosts(fake);
    const ada = await requestId("Ada Mensah"); // INSTRUCTOR: any staff may approve
    const jonah = await requestId("Jonah Reyes"); // ADMIN: only an ADMIN may approve

    await clickInMessage(fake, MEMBER, post!, ACTIONS.roleApprove, ada);
    await fake.settle();
    expect(await db.knex("role_requests").where({ id: ada }).first()).toMatchObject({ status: "PENDING" });
    expect(JSON.stringify(fake.callsOf("respond"))).toMatch(/only for studio staff/);

    await clickInMessage(fake, STAFF, post!, ACTIONS.roleApprove, jonah);
    await fake.settle();
    expect(await db.knex("role_requests").where({ id: jonah }).first()).toMatchObject({ status: "PENDING" });
    expect(JSON.stringify(fake.callsOf("respond"))).toMatch(/only an ADMIN may approve it/);
    expect(fake.callsOf("chat.update")).toHaveLength(0);

    await clickInMessage(fake, STAFF, post!, ACTIONS.roleApprove, ada);
    await fake.settle();
    const tom = await db.knex("users").where({ slack_user_id: STAFF }).first();
    expect(await db.knex("role_requests").where({ id: ada }).first()).toMatchObject({ status: "APPROVED", decided_by: tom.id });
    const audit = await db
      .knex("audit_log")
      .where({ action: "role_request.approve", target_id: String(ada) })
      .first();
    expect(audit).toMatchObject({ actor_type: "USER", actor_id: String(tom.id) });
    expect(audit.details.path).toBe("button");

    const [update] = fake.callsOf("chat.update");
    expect(update!.args).toMatchObject({ channel: DIGEST_CHANNEL, ts: post!.response!.ts });
    const blocks = update!.args.blocks as KnownBlock[];
    expect(isDigest(blocks)).toBe(true); // still the digest, not a requests list
    const item = blocks.find((b) => b.block_id === `${BLOCKS.digestRoleActions}:${ada}`)!;
    expect(item.type).toBe("context");
    expect(JSON.stringify(item)).toContain("Approved by Tom Bexley");
    expect(blocks.filter((b) => b.type === "actions")).toHaveLength(
      (post!.args.blocks as KnownBlock[]).filter((b) => b.type === "actions").length - 1,
    );
  });
});
