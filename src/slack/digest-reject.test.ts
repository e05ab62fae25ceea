// Reject… in a posted digest: the reason modal, then that request's row shows the outcome like after Approve, every other
// row as it is now (decided since, or still pending), the whole digest kept; found again through its stored run.
import type { KnownBlock } from "@slack/types";
import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../logger.ts";
import { seedDemo } from "../seed/demo.ts";
import { digestConfig, DIGEST_CHANNEL } from "../testing/digest-harness.ts";
import type { FakeSlack } from "../testing/fake-slack.ts";
import { createSlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { ACTIONS, BLOCKS, VIEWS } from "./ids.ts";
import { channelPosts, clickInMessage, isDigest, shown, type ShownMessage } from "../testing/digest-clicks.ts";

const STAFF = "U0STAFF01"; // Tom Bexley, STAFF
const ADMIN = "U0MAESTRO1"; // Maya Okafor, ADMIN
let db: TestDatabase;
let pending: number[];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.knex, { adminSlackIds: [], timeZone: "Europe/London" });
  pending = (await db.knex("role_requests").where({ status: "PENDING" }).select("id")).map((r) => r.id as number);
});
afterAll(() => db?.drop());
// Every test starts from the demo's pending requests and no digest.
beforeEach(async () => {
  await db.knex.raw("truncate digest_runs, rate_limit_counters, slack_event_receipts");
  await db
    .knex("role_requests")
    .whereIn("id", pending)
    .update({ status: "PENDING", decided_by: null, decision_reason: null, decided_at: null });
});

function harness() {
  const config = digestConfig({ SLACK_BOT_TOKEN: "xoxb-test" });
  const lines: string[] = [];
  const logger = createLogger({
    level: "warn",
    format: "json",
    destination: new Writable({ write: (chunk, _enc, done) => done(void lines.push(String(chunk))) }),
  });
  const h = createSlackHarness(db, { config, rateLimitPerMinute: 10_000, logger });
  return { ...h, warnings: () => lines.join("") };
}
const requestOf = async (user: string) =>
  (
    await db
      .knex("role_requests")
      .join("users", "users.id", "role_requests.user_id")
      .where({ "users.name": user })
      .first("role_requests.id")
  ).id as number;
const row = (blocks: KnownBlock[], id: number) => blocks.find((b) => b.block_id === `${BLOCKS.digestRoleActions}:${id}`)!;
const without = (blocks: KnownBlock[], ids: number[]) =>
  blocks.filter((b) => !ids.some((id) => b.block_id === `${BLOCKS.digestRoleActions}:${id}`));
const lastUpdate = (fake: FakeSlack) => shown(fake.callsOf("chat.update").at(-1)!);

/** Reject… on a row of the digest as the channel shows it; returns the modal to submit. */
async function clickReject(fake: FakeSlack, user: string, message: ShownMessage, id: number) {
  await clickInMessage(fake, user, message, ACTIONS.roleReject, id);
  await fake.settle();
  return fake.callsOf("views.open").at(-1)!.args.view as { private_metadata: string };
}
async function submit(fake: FakeSlack, user: string, view: { private_metadata: string }, reason: string) {
  await fake.submitView(user, {
    callback_id: VIEWS.rejectReason,
    private_metadata: view.private_metadata,
    values: { [BLOCKS.rejectReasonInput]: { [ACTIONS.rejectReasonInput]: { type: "plain_text_input", value: reason } } },
  });
  await fake.settle();
}

describe("Reject… in a posted digest", () => {
  it("rejects with the reason, and that row alone shows ❌ Rejected by … in the digest", async () => {
    const { fake, surface } = harness();
    await surface.digest.runScheduled(new Date());
    const posted = shown(channelPosts(fake)[0]!);
    const noor = await requestOf("Noor Rahimi");
    const view = await clickReject(fake, STAFF, posted, noor);
    expect(JSON.parse(view.private_metadata)).toEqual({ id: noor, channel: DIGEST_CHANNEL, ts: posted.ts, digest: true });

    await submit(fake, STAFF, view, "Please ask at the desk.");
    expect(await db.knex("role_requests").where({ id: noor }).first()).toMatchObject({
      status: "REJECTED",
      decision_reason: "Please ask at the desk.",
    });
    expect(fake.callsOf("chat.postEphemeral")[0]!.args).toMatchObject({ channel: DIGEST_CHANNEL, user: STAFF });
    expect(fake.callsOf("chat.update")).toHaveLength(1);
    const updated = lastUpdate(fake);
    expect(updated.ts).toBe(posted.ts);
    expect(isDigest(updated.blocks)).toBe(true); // the digest, not a requests list
    expect(updated.text).toBe(posted.text);
    expect(row(updated.blocks, noor)).toMatchObject({
      type: "context",
      elements: [{ text: expect.stringMatching(/^❌ Rejected by Tom Bexley · \w{3} \d{1,2} \w{3}, \d\d:\d\d$/) }],
    });
    expect(without(updated.blocks, [noor])).toEqual(without(posted.blocks, [noor])); // every other row, buttons and all, as posted
  });

  it("keeps a row approved before the click, shows one approved while the modal was open, and leaves pending ones", async () => {
    const { fake, surface } = harness();
    await surface.digest.runScheduled(new Date());
    const posted = shown(channelPosts(fake)[0]!);
    const [ada, jonah, noor] = [await requestOf("Ada Mensah"), await requestOf("Jonah Reyes"), await requestOf("Noor Rahimi")];
    await clickInMessage(fake, STAFF, posted, ACTIONS.roleApprove, ada);
    await fake.settle();
    const afterApprove = lastUpdate(fake);
    const view = await clickReject(fake, STAFF, afterApprove, noor);
    await clickInMessage(fake, ADMIN, afterApprove, ACTIONS.roleApprove, jonah); // someone else, meanwhile
    await fake.settle();

    await submit(fake, STAFF, view, "Not this term.");
    const updated = lastUpdate(fake);
    expect(row(updated.blocks, ada)).toEqual(row(afterApprove.blocks, ada)); // exactly as the Approve click left it
    expect(JSON.stringify(row(updated.blocks, jonah))).toMatch(/✅ Approved by Maya Okafor · /); // not its buttons back
    expect(JSON.stringify(row(updated.blocks, noor))).toMatch(/❌ Rejected by Tom Bexley · /);
    const stillPending = pending.filter((id) => ![ada, jonah, noor].includes(id));
    expect(stillPending.length).toBeGreaterThan(0);
    for (const id of stillPending) expect(row(updated.blocks, id)).toEqual(row(posted.blocks, id));
    expect(without(updated.blocks, [ada, jonah, noor])).toEqual(without(posted.blocks, [ada, jonah, noor]));
  });

  it("says “Already decided: …” on the row when someone decided it before the reason was submitted", async () => {
    const { fake, surface } = harness();
    await surface.digest.runScheduled(new Date());
    const posted = shown(channelPosts(fake)[0]!);
    const noor = await requestOf("Noor Rahimi");
    const view = await clickReject(fake, STAFF, posted, noor);
    await clickInMessage(fake, ADMIN, posted, ACTIONS.roleApprove, noor);
    await fake.settle();

    await submit(fake, STAFF, view, "Too late.");
    expect(await db.knex("role_requests").where({ id: noor }).first()).toMatchObject({ status: "APPROVED", decision_reason: null });
    expect(JSON.stringify(fake.callsOf("chat.postEphemeral").at(-1)!.args)).toMatch(/already APPROVED by Maya Okafor/);
    const updated = lastUpdate(fake);
    expect(JSON.stringify(row(updated.blocks, noor))).toMatch(/Already decided: .*already APPROVED by Maya Okafor/);
    expect(without(updated.blocks, [noor])).toEqual(without(posted.blocks, [noor]));
  });

  it("on an extra (uncounted) digest, which keeps no run, rejects and leaves the message as it is", async () => {
    const { fake, warnings } = harness();
    await fake.command(STAFF, "digest post");
    await fake.settle();
    await fake.command(STAFF, "digest post"); // today's was posted: this one is an extra
    await fake.settle();
    const extra = shown(channelPosts(fake)[1]!);
    const noor = await requestOf("Noor Rahimi");
    const view = await clickReject(fake, STAFF, extra, noor);
    await submit(fake, STAFF, view, "No.");
    expect(await db.knex("role_requests").where({ id: noor }).first()).toMatchObject({ status: "REJECTED" });
    expect(JSON.stringify(fake.callsOf("chat.postEphemeral"))).toContain(`Rejected request #${noor}`);
    expect(fake.callsOf("chat.update")).toHaveLength(0);
    expect(warnings()).toMatch(/slack\.refresh\.digest_unknown/);
  });
});
