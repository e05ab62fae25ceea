// A member who is not staff asks for access from Slack: the refusal offers "Request access", the modal becomes one role
// request (a second for the same role is refused in the modal), staff see it in approvals, on Home and in the digest,
// an admin approves it from the digest, the requester is told in their DM, and they are staff from then on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainSlackOutbox } from "../outbox-drain.ts";
import { insertAdmin, insertUser } from "../../testing/fixtures/people.ts";
import { digestConfig } from "../../testing/digest-harness.ts";
import { channelPosts, clickInMessage, isDigest } from "../../testing/digest-clicks.ts";
import { createSlackHarness, type SlackHarness } from "../../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database.ts";
import { ACTIONS, BLOCKS, VIEWS } from "../ids.ts";

const ADMIN = "U0MAYA";
const NEWCOMER = "U0NIA";
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await insertAdmin(db.knex, "Maya Okafor", ADMIN);
});
afterAll(() => db?.drop());

const harness = () => {
  const h = createSlackHarness(db, { config: digestConfig({ SLACK_BOT_TOKEN: "xoxb-test" }), rateLimitPerMinute: 10_000 });
  h.fake.setProfile(NEWCOMER, { realName: "Nia Newcomer", email: "nia@studio.test" });
  return h;
};

const accessValues = (role: string, reason: string) => ({
  [BLOCKS.accessRoleInput]: { [ACTIONS.accessRoleInput]: { type: "static_select", selected_option: { value: role } } },
  [BLOCKS.accessReasonInput]: { [ACTIONS.accessReasonInput]: { type: "plain_text_input", value: reason } },
});

/** The DM texts Maestro sent `user` (their DM channel, or their user id as the outbox addresses it). */
const dmTexts = (h: SlackHarness, user: string) =>
  h.fake
    .callsOf("chat.postMessage")
    .filter((c) => c.args.channel === user || c.args.channel === `D0${user}`)
    .map((c) => JSON.stringify(c.args));

async function requestFromDm(h: SlackHarness, user: string, role: string, reason: string) {
  await h.fake.dm(user, "hi, can you show me the queue?");
  await h.fake.settle();
  const offer = h.fake.buttons().find((b) => b.action_id.startsWith(`${ACTIONS.accessRequest}:`));
  expect(offer, "the refusal offers Request access").toBeDefined();
  await h.fake.click(user, { action_id: offer!.action_id, value: offer!.value }, { channel: `D0${user}`, ts: offer!.ts! });
  await h.fake.settle();
  const opened = h.fake.callsOf("views.open").at(-1)!;
  expect(opened.args.view).toMatchObject({ callback_id: VIEWS.accessRequest });
  const ack = await h.fake.submitView(user, { callback_id: VIEWS.accessRequest, values: accessValues(role, reason) });
  await h.fake.settle();
  return { ack, modal: JSON.stringify(opened.args.view) };
}

describe("Request access", () => {
  it("takes a non-staff DM to one pending request, without a model call, then to STAFF once an admin approves from the digest", async () => {
    const h = harness();
    const { ack, modal } = await requestFromDm(h, NEWCOMER, "STAFF", "I run the front desk from Monday.");
    expect(modal).toMatch(/STAFF.*INSTRUCTOR.*MEMBER.*ADMIN/);
    expect(ack.response).toBeUndefined();
    const person = await db.knex("users").where({ slack_user_id: NEWCOMER }).first();
    expect(person).toMatchObject({ name: "Nia Newcomer", email: "nia@studio.test" });
    const [request] = await db.knex("role_requests").where({ user_id: person.id });
    expect(request).toMatchObject({ status: "PENDING", reason: "I run the front desk from Monday." });
    expect(dmTexts(h, NEWCOMER).join()).toMatch(/Your request for the STAFF role is in/);
    expect(h.fake.callsOf("reactions.add")).toHaveLength(0);

    // Staff see it in approvals, on Home and in the digest, and Maya approves it from the posted digest.
    await h.fake.command(ADMIN, "approvals");
    await h.fake.openHome(ADMIN);
    await h.fake.command(ADMIN, "digest post");
    await h.fake.settle();
    expect(JSON.stringify(h.fake.callsOf("respond")[0]!.args)).toContain("Nia Newcomer");
    expect(JSON.stringify(h.fake.callsOf("views.publish").at(-1)!.args)).toContain("Nia Newcomer");
    const digest = channelPosts(h.fake).find((c) => isDigest(c.args.blocks))!;
    expect(JSON.stringify(digest.args.blocks)).toContain("Nia Newcomer");
    await clickInMessage(h.fake, ADMIN, digest, ACTIONS.roleApprove, request.id);
    await h.fake.settle();
    expect(await db.knex("role_requests").where({ id: request.id }).first()).toMatchObject({ status: "APPROVED" });

    // The decision reaches the requester's DM once, through the Slack outbox.
    expect(await drainSlackOutbox({ ...h.surface, instanceId: "test" }, h.app.client)).toMatchObject({ sent: 1 });
    expect(await drainSlackOutbox({ ...h.surface, instanceId: "test" }, h.app.client)).toMatchObject({ sent: 0 });
    const told = h.fake.callsOf("chat.postMessage").filter((c) => c.args.channel === NEWCOMER);
    expect(told.map((c) => c.args.text)).toEqual([expect.stringMatching(/STAFF role \(#\d+\) was approved by Maya Okafor/)]);

    // Staff now: a command is answered, not refused.
    await h.fake.command(NEWCOMER, "queue");
    await h.fake.settle();
    expect(JSON.stringify(h.fake.callsOf("respond").at(-1)!.args)).not.toMatch(/only for studio staff|isn't linked/);
  });

  it("refuses a second request for the same role in the modal, as already pending, and caps a day's requests", async () => {
    const h = harness();
    const ruth = await insertUser(db.knex, { name: "Ruth Member", roles: ["MEMBER"], slackUserId: "U0RUTH" });
    const first = await requestFromDm(h, "U0RUTH", "INSTRUCTOR", "I teach wheel on Tuesdays.");
    expect(first.ack.response).toBeUndefined();
    expect(first.modal).not.toMatch(/"value":"MEMBER"/); // a held role is not offered
    const again = await requestFromDm(h, "U0RUTH", "INSTRUCTOR", "Asking again.");
    expect(again.ack.response).toMatchObject({
      response_action: "errors",
      errors: { [BLOCKS.accessRoleInput]: expect.stringMatching(/INSTRUCTOR \(#\d+, .*\) is already pending/) },
    });
    expect(await db.knex("role_requests").where({ user_id: ruth.id })).toHaveLength(1);

    await requestFromDm(h, "U0RUTH", "STAFF", "Also front desk.");
    await requestFromDm(h, "U0RUTH", "ADMIN", "And the books.");
    // Declined, INSTRUCTOR may be asked for again, but not a fourth time in a day.
    await db.knex("role_requests").where({ user_id: ruth.id, status: "PENDING" }).update({ status: "REJECTED", decided_at: new Date() });
    const capped = await requestFromDm(h, "U0RUTH", "INSTRUCTOR", "Once more.");
    expect(capped.ack.response).toMatchObject({
      response_action: "errors",
      errors: { [BLOCKS.accessReasonInput]: expect.stringMatching(/sent 3 requests in the last day/) },
    });
    expect(await db.knex("role_requests").where({ user_id: ruth.id })).toHaveLength(3);
  });
});
