// Reject… on the ephemeral `/maestro approvals` list: after the reason is submitted, the list is replaced through the
// click's response_url (carried in the modal), a dead response_url is only a warning, and no other host gets a POST.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../logger.ts";
import { seedDemo } from "../seed/demo.ts";
import { createSlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { ACTIONS, BLOCKS, VIEWS } from "./ids.ts";

const ADMIN = "U0MAESTRO1";
const DM = `D0${ADMIN}`;
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.knex, { adminSlackIds: [], timeZone: "Europe/London" });
});
afterAll(() => db?.drop());

const text = (value: unknown) => JSON.stringify(value);
const reason = (value: string) => ({ [BLOCKS.rejectReasonInput]: { [ACTIONS.rejectReasonInput]: { type: "plain_text_input", value } } });

/** The app with a logger whose warnings the test reads. */
function harness() {
  const lines: string[] = [];
  const logger = createLogger({
    level: "warn",
    format: "json",
    destination: new Writable({ write: (chunk, _enc, done) => done(void lines.push(String(chunk))) }),
  });
  const h = createSlackHarness(db, { rateLimitPerMinute: 10_000, logger });
  return { ...h, warnings: () => lines.join("") };
}

/** `/maestro approvals` (answered ephemerally), then Reject… on its first row, clicked as on an ephemeral message. */
async function openRejectFromList(h: ReturnType<typeof harness>, ts: string) {
  await h.fake.command(ADMIN, "approvals");
  await h.fake.settle();
  const reject = h.fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.roleReject) && b.method === "respond")!;
  const requestId = JSON.parse(reject.value!).id as number;
  h.fake.reset();
  await h.fake.click(ADMIN, { action_id: reject.action_id, value: reject.value }, { channel: DM, ts, ephemeral: true });
  await h.fake.settle();
  const view = h.fake.callsOf("views.open")[0]!.args.view as { callback_id: string; private_metadata: string };
  h.fake.reset();
  return { requestId, view, metadata: JSON.parse(view.private_metadata) as Record<string, unknown> };
}

describe("Reject… on an ephemeral approvals list", () => {
  it("replaces the list through the click's response_url once the reason is submitted", async () => {
    const h = harness();
    const { requestId, view, metadata } = await openRejectFromList(h, "1700000000.000021");
    expect(metadata).toEqual({
      id: requestId,
      channel: DM,
      ts: "1700000000.000021",
      response_url: expect.stringMatching(/^https:\/\/hooks\.slack\.test\/actions\//),
    });

    await h.fake.submitView(ADMIN, {
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      values: reason("Not teaching this term"),
    });
    await h.fake.settle();
    expect(await db.knex("role_requests").where({ id: requestId }).first()).toMatchObject({
      status: "REJECTED",
      decision_reason: "Not teaching this term",
    });
    expect(text(h.fake.callsOf("chat.postEphemeral"))).toContain(`Rejected request #${requestId}`);
    const [replaced] = h.fake.callsOf("respond");
    expect(replaced!.args).toMatchObject({ response_url: metadata.response_url, response_type: "ephemeral", replace_original: true });
    expect(text(replaced!.args.blocks)).toContain(ACTIONS.roleReject); // the list, with the other requests still pending …
    expect(text(replaced!.args.blocks)).not.toContain(`${ACTIONS.roleReject}:${requestId}"`); // … and without this one
    expect(h.fake.callsOf("chat.update")).toHaveLength(0); // Slack refuses chat.update on an ephemeral message
    expect(h.warnings()).toBe("");
  });

  it("when the response_url has expired, keeps the rejection and the notice, and only logs a warning", async () => {
    const h = harness();
    const { requestId, view } = await openRejectFromList(h, "1700000000.000022");
    h.fake.respondTo("respond", { __status: 404, ok: false }); // 30 minutes or 5 uses later, Slack answers 404

    const ack = await h.fake.submitView(ADMIN, {
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      values: reason("Too late to refresh"),
    });
    await h.fake.settle();
    expect(ack.acked).toBe(true);
    expect(await db.knex("role_requests").where({ id: requestId }).first()).toMatchObject({ status: "REJECTED" });
    expect(text(h.fake.callsOf("chat.postEphemeral"))).toContain(`Rejected request #${requestId}`);
    expect(h.fake.callsOf("respond")).toHaveLength(1);
    expect(h.warnings()).toMatch(/response_url answered 404.*"msg":"slack\.refresh\.failed"/);
  });

  it("never POSTs to a response_url that is not Slack's, at the click or at the submission", async () => {
    const h = harness();
    await h.fake.command(ADMIN, "approvals");
    await h.fake.settle();
    const reject = h.fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.roleReject) && b.method === "respond")!;
    const requestId = JSON.parse(reject.value!).id as number;
    h.fake.reset();
    // A click whose response_url is elsewhere (a misconfigured proxy, a forged payload): the modal does not carry it.
    await h.fake.dispatch({
      type: "block_actions",
      team: { id: h.fake.teamId, domain: "studio" },
      user: { id: ADMIN, username: "admin", team_id: h.fake.teamId },
      api_app_id: "A0MAESTRO",
      token: "unused",
      container: { type: "message", message_ts: "1700000000.000023", channel_id: DM, is_ephemeral: true },
      trigger_id: "trigger-elsewhere",
      channel: { id: DM, name: "directmessage" },
      message: { type: "message", ts: "1700000000.000023" },
      response_url: "https://hooks.evil.example/actions/1",
      actions: [{ type: "button", action_id: reject.action_id, block_id: "b", value: reject.value, action_ts: "1.1" }],
    });
    await h.fake.settle();
    const view = h.fake.callsOf("views.open")[0]!.args.view as { private_metadata: string };
    expect(JSON.parse(view.private_metadata)).toEqual({ id: requestId, channel: DM });

    // Metadata naming another host (it comes back from Slack, but is checked again before any POST).
    h.fake.reset();
    const forged = JSON.stringify({ id: requestId, channel: DM, ts: "1700000000.000023", response_url: "https://169.254.169.254/latest" });
    await h.fake.submitView(ADMIN, { callback_id: VIEWS.rejectReason, private_metadata: forged, values: reason("Checked anyway") });
    await h.fake.settle();
    expect(await db.knex("role_requests").where({ id: requestId }).first()).toMatchObject({
      status: "REJECTED",
      decision_reason: "Checked anyway",
    });
    expect(h.fake.callsOf("respond")).toHaveLength(0);
    expect(h.warnings()).toMatch(/slack\.decision\.response_url_refused/);
  });
});
