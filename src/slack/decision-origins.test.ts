// A role decision shows its outcome where it was clicked, for the origins not covered elsewhere: a posted list (Reject),
// an ephemeral list (Approve), the Home tab (both), and a digest preview (both: the notice alone). Approve on a posted list
// is in listeners.test.ts, Reject on an ephemeral list in reject-from-list.test.ts, a posted digest in digest*.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemo } from "../seed/demo.ts";
import type { FakeSlack } from "../testing/fake-slack.ts";
import { createSlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { ACTIONS, BLOCKS } from "./ids.ts";

const ADMIN = "U0MAESTRO1";
const DM = `D0${ADMIN}`;
let db: TestDatabase;
/** The demo's pending requests: each Approve below takes a different one (an approval grants its role for good). */
let pending: number[];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.knex, { adminSlackIds: [], timeZone: "Europe/London" });
  pending = (await db.knex("role_requests").where({ status: "PENDING" }).orderBy("id").select("id")).map((r) => r.id as number);
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db
    .knex("role_requests")
    .whereIn("id", pending)
    .update({ status: "PENDING", decided_by: null, decision_reason: null, decided_at: null });
});

const text = (value: unknown) => JSON.stringify(value);
const harness = () => createSlackHarness(db, { rateLimitPerMinute: 10_000 }).fake;
const statusOf = async (id: number) => (await db.knex("role_requests").where({ id }).first("status")).status as string;
const button = (base: string, id: number, label?: string) => ({
  action_id: `${base}:${id}`,
  value: JSON.stringify(label ? { id, label } : { id }),
});
const reason = (value: string) => ({ [BLOCKS.rejectReasonInput]: { [ACTIONS.rejectReasonInput]: { type: "plain_text_input", value } } });

async function submitReason(fake: FakeSlack, value: string) {
  const view = fake.callsOf("views.open").at(-1)!.args.view as { callback_id: string; private_metadata: string };
  fake.reset();
  await fake.submitView(ADMIN, { callback_id: view.callback_id, private_metadata: view.private_metadata, values: reason(value) });
  await fake.settle();
  return JSON.parse(view.private_metadata) as Record<string, unknown>;
}

describe("a role decision from a posted list", () => {
  it("Reject: after the reason, the list message is updated in place without that request's buttons", async () => {
    const fake = harness();
    const id = pending[3]!;
    await fake.click(ADMIN, button(ACTIONS.roleReject, id), { channel: "C0OPS", ts: "1700000000.000301" });
    await fake.settle();
    expect(await submitReason(fake, "Not this term")).toEqual({ id, channel: "C0OPS", ts: "1700000000.000301" });
    expect(await statusOf(id)).toBe("REJECTED");
    expect(fake.callsOf("chat.postEphemeral")[0]!.args).toMatchObject({ channel: "C0OPS", user: ADMIN });
    const [update] = fake.callsOf("chat.update");
    expect(update!.args).toMatchObject({ channel: "C0OPS", ts: "1700000000.000301" });
    expect(text(update!.args.blocks)).toContain(ACTIONS.roleReject);
    expect(text(update!.args.blocks)).not.toContain(`${ACTIONS.roleReject}:${id}"`);
  });
});

describe("a role decision from an ephemeral list", () => {
  it("Approve: the list is replaced through the click's response_url, never chat.update'd", async () => {
    const fake = harness();
    const id = pending[0]!;
    await fake.click(ADMIN, button(ACTIONS.roleApprove, id), { channel: DM, ts: "1700000000.000302", ephemeral: true });
    await fake.settle();
    expect(await statusOf(id)).toBe("APPROVED");
    const [notice, replaced] = fake.callsOf("respond");
    expect(notice!.args).toMatchObject({ replace_original: false });
    expect(text(notice!.args.blocks)).toMatch(/Approved: /);
    expect(replaced!.args).toMatchObject({ response_type: "ephemeral", replace_original: true });
    expect(text(replaced!.args.blocks)).not.toContain(`${ACTIONS.roleApprove}:${id}"`);
    expect(fake.callsOf("chat.update")).toHaveLength(0);
  });
});

describe("a role decision from the Home tab", () => {
  it("Approve: the notice comes by DM and the Home tab is published again", async () => {
    const fake = harness();
    const id = pending[1]!;
    await fake.clickInView(ADMIN, button(ACTIONS.roleApprove, id));
    await fake.settle();
    expect(await statusOf(id)).toBe("APPROVED");
    expect(fake.callsOf("chat.postMessage")[0]!.args).toMatchObject({ channel: `D0${ADMIN}` }); // the DM delivery opens;
    expect(text(fake.callsOf("chat.postMessage")[0]!.args.blocks)).toMatch(/Approved: /);
    const [publish] = fake.callsOf("views.publish");
    expect(publish!.args).toMatchObject({ user_id: ADMIN });
    expect(text(publish!.args.view)).not.toContain(`${ACTIONS.roleApprove}:${id}"`);
  });

  it("Reject: the modal remembers the Home tab; after the reason, the notice comes by DM and Home is published again", async () => {
    const fake = harness();
    const id = pending[0]!;
    await fake.clickInView(ADMIN, button(ACTIONS.roleReject, id, "Someone's request"));
    await fake.settle();
    expect(await submitReason(fake, "Not needed")).toEqual({ id });
    expect(await statusOf(id)).toBe("REJECTED");
    expect(text(fake.callsOf("chat.postMessage")[0]!.args)).toContain(`Rejected request #${id}`);
    expect(fake.callsOf("chat.postMessage")[0]!.args).toMatchObject({ channel: `D0${ADMIN}` }); // the DM delivery opens;
    const [publish] = fake.callsOf("views.publish");
    expect(publish!.args).toMatchObject({ user_id: ADMIN });
    expect(text(publish!.args.view)).not.toContain(`${ACTIONS.roleReject}:${id}"`);
    expect(fake.callsOf("chat.update")).toHaveLength(0);
  });
});

describe("a role decision from a digest preview (ephemeral: nothing to replace)", () => {
  const inPreview = (id: number) => ({ block_id: `${BLOCKS.digestRoleActions}:${id}` });

  it("Approve: the notice alone; the preview is left as it is", async () => {
    const fake = harness();
    const id = pending[2]!;
    await fake.click(
      ADMIN,
      { ...button(ACTIONS.roleApprove, id), ...inPreview(id) },
      { channel: DM, ts: "1700000000.000303", ephemeral: true },
    );
    await fake.settle();
    expect(await statusOf(id)).toBe("APPROVED");
    expect(fake.callsOf("respond").map((c) => c.args.replace_original)).toEqual([false]);
    expect(fake.callsOf("chat.update")).toHaveLength(0);
  });

  it("Reject: the modal keeps the channel for the notice, and nothing else is sent", async () => {
    const fake = harness();
    const id = pending[1]!;
    await fake.click(
      ADMIN,
      { ...button(ACTIONS.roleReject, id), ...inPreview(id) },
      { channel: DM, ts: "1700000000.000304", ephemeral: true },
    );
    await fake.settle();
    expect(await submitReason(fake, "Ask at the desk")).toEqual({ id, channel: DM });
    expect(await statusOf(id)).toBe("REJECTED");
    expect(fake.callsOf("chat.postEphemeral")[0]!.args).toMatchObject({ channel: DM, user: ADMIN });
    expect(fake.calls.map((c) => c.method).filter((m) => m !== "chat.postEphemeral")).toEqual([]);
  });
});
