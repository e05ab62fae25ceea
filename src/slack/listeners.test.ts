// Every listener and every /maestro verb on the demo studio, through the fake transport.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../seed/demo.ts";
import { reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createSlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { VERBS } from "./slash/grammar.ts";
import { ACTIONS, BLOCKS, VIEWS } from "./ids.ts";
import { slackError, type FakeSlack } from "../testing/fake-slack.ts";

const ADMIN = "U0MAESTRO1";
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.knex, { adminSlackIds: [], timeZone: "Europe/London" });
});
afterAll(() => db?.drop());

const text = (value: unknown) => JSON.stringify(value);
// Every test here acts as the same admin within a minute: the rate limit is tested elsewhere.
const harness = (options: Parameters<typeof createSlackHarness>[1] = {}) =>
  createSlackHarness(db, { rateLimitPerMinute: 10_000, ...options });

/** A verb's reply opens with its own header; a notice (usage, error, not allowed) is a section opening with its icon. */
function expectVerbReply(fake: FakeSlack, header: RegExp): string {
  const sent = [...fake.callsOf("respond"), ...fake.callsOf("chat.postMessage")];
  expect(sent, "one ephemeral reply and nothing else").toHaveLength(1);
  const [response] = sent;
  expect(response!.args.response_type).toBe("ephemeral");
  const blocks = response!.args.blocks as { type: string; text?: { text: string } }[];
  expect(blocks[0]?.type, `the verb's header, not a notice: ${text(blocks[0])}`).toBe("header");
  expect(blocks[0]!.text!.text).toMatch(header);
  return text(blocks.slice(1));
}

describe("/maestro verbs on the demo studio", () => {
  // Each verb's own header, then something from its body.
  const cases: Record<string, { header: RegExp; body: RegExp }> = {
    queue: { header: /^Intake queue · \d+ NEW · /, body: /`NEW`/ },
    "queue triaged": { header: /^Intake queue · \d+ TRIAGED$/, body: /`TRIAGED`/ },
    "intake 1": { header: /^Greta Holm · CLOSED$/, body: /History|history/ },
    approvals: { header: /^Role requests · \d+ PENDING · /, body: /Approve/ },
    bookings: { header: /^Bookings · next 14 days$/, body: /BOOKED|OPEN/ },
    workflows: { header: /^Workflow runs · last 7 days$/, body: /SUCCESS/ },
    "workflows failed": { header: /^Workflow runs · last 7 days · FAILED only$/, body: /FAILED|❌/ },
    rules: { header: /^Workflow rules · \d+ enabled · \d+ disabled$/, body: /Disable|Enable/ },
    funnel: { header: /^Funnel · last 30 days$/, body: /intakes created/ },
    "funnel 90": { header: /^Funnel · last 90 days$/, body: /vs the 90 days before/ },
    activity: { header: /^Activity · last 7 days$/, body: /IntakeCreated/ },
    contacts: { header: /^Contacts$/, body: /QUALIFIED/ },
    searches: { header: /^Content searches · last 30 days$/, body: /searches/ },
    health: { header: /^(✅|⚠️|❌) Health: (pass|warn|fail)$/, body: /\*database\* — / },
    "audit 5": { header: /^Audit log · newest first$/, body: /intake\.status_update|role_request/ },
  };
  it("covers every verb of the grammar", () => {
    const covered = new Set(Object.keys(cases).map((c) => c.split(" ")[0]));
    expect([...covered].sort()).toEqual(Object.keys(VERBS).sort());
  });
  for (const [command, expected] of Object.entries(cases)) {
    it(`/maestro ${command}`, async () => {
      const { fake } = harness();
      const ack = await fake.command(ADMIN, command);
      expect(ack.acked).toBe(true);
      await fake.settle();
      expect(expectVerbReply(fake, expected.header)).toMatch(expected.body);
    });
  }

  it("fails a verb's check when the verb answered with an error notice", async () => {
    const { fake } = harness();
    await fake.command(ADMIN, "intake 99999");
    await fake.settle();
    const notice = text(fake.callsOf("respond")[0]!.args.blocks);
    expect(notice).toContain("❌ Intake 99999 not found");
    // A person is pointed at a command, not at the tool the model would call.
    expect(notice).toContain("`/maestro queue` lists the open intakes");
    expect(notice).not.toMatch(/get_intake_queue|Call /);
    expect(() => expectVerbReply(fake, /^.* · /)).toThrow(/the verb's header, not a notice/);
  });

  it("falls back to a DM when the response_url has expired", async () => {
    const { fake } = harness();
    fake.respondTo("respond", { __status: 404, error: "expired_url" });
    await fake.command(ADMIN, "queue");
    await fake.settle();
    expect(fake.callsOf("conversations.open")).toHaveLength(1);
    expect(text(fake.callsOf("chat.postMessage")[0]!.args.blocks)).toMatch(/NEW/);
  });

  it("answers a question in the DM even when its “On it” notice cannot be delivered", async () => {
    const model = new ScriptedModel([reply("Answered all the same.")]);
    const { fake } = harness({ model });
    fake.respondTo("respond", () => {
      throw new Error("socket hang up");
    });
    await fake.command(ADMIN, "who has waited longest?");
    await fake.settle();
    expect(text(fake.callsOf("chat.postMessage"))).toContain("Answered all the same.");
  });

  it("sends a question to the agent in the asker's DM", async () => {
    const model = new ScriptedModel([reply("The oldest NEW intake is 6 days old.")]);
    const { fake } = harness({ model });
    await fake.command(ADMIN, "who has waited longest?");
    await fake.settle();
    expect(text(fake.callsOf("respond")[0]!.args)).toMatch(/answer in our DM/);
    expect(text(fake.callsOf("chat.postMessage"))).toContain("The oldest NEW intake is 6 days old.");
    expect(JSON.stringify(model.requests[0]!.messages)).toContain("who has waited longest?");
  });
});

describe("mentions and the App Home", () => {
  it("answers a mention in a thread under it", async () => {
    const model = new ScriptedModel([reply("Here in the thread.")]);
    const { fake } = harness({ model });
    const { ts } = await fake.mention(ADMIN, "how are we doing?", { channel: "C0OPS" });
    await fake.settle();
    const post = fake.callsOf("chat.startStream")[0] ?? fake.callsOf("chat.postMessage")[0];
    expect(post!.args).toMatchObject({ channel: "C0OPS", thread_ts: ts });
    expect(text(fake.calls)).toContain("Here in the thread.");
  });

  it("publishes the operator snapshot on the Home tab", async () => {
    const { fake } = harness();
    await fake.openHome(ADMIN);
    await fake.settle();
    const [publish] = fake.callsOf("views.publish");
    expect(publish!.args).toMatchObject({ user_id: ADMIN });
    const view = text(publish!.args.view);
    expect(view).toMatch(/NEW/);
    expect(view).toContain(ACTIONS.roleApprove);
  });

  it("shows an admin the setup checks on the Home tab, and staff who are not admins none", async () => {
    const { fake } = harness();
    await fake.openHome(ADMIN);
    await fake.openHome("U0STAFF01");
    await fake.settle();
    // Published in whichever order they finish: the admin's runs the checks too.
    const viewOf = (user: string) => text(fake.callsOf("views.publish").find((p) => p.args.user_id === user)!.args.view);
    const [admin, staff] = [viewOf(ADMIN), viewOf("U0STAFF01")];
    // The harness has no digest channel, admin list or SMTP: the doctor's offline checks flag some of that.
    expect(admin).toMatch(/Setup needs attention\* · \d+ \(admins see this\)|✅ Setup: \d+ checks pass/);
    expect(staff).not.toMatch(/Setup/);
  });

  it("sets suggested prompts on the Messages tab", async () => {
    const { fake } = harness();
    await fake.openHome(ADMIN, "messages");
    await fake.settle();
    const [prompts] = fake.callsOf("assistant.threads.setSuggestedPrompts");
    expect(text(prompts!.args.prompts)).toContain("What's in my intake queue?");
    expect(prompts!.args).not.toHaveProperty("thread_ts");
  });
});

describe("list buttons", () => {
  it("approves a role request from the list, as the clicker, and refreshes the list", async () => {
    const { fake } = harness();
    await fake.command(ADMIN, "approvals");
    await fake.settle();
    const approve = fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.roleApprove) && b.method === "respond")!;
    const requestId = JSON.parse(approve.value!).id as number;
    const before = await db.knex("role_requests").where({ id: requestId }).first();
    expect(before.status).toBe("PENDING");
    fake.reset();
    await fake.click(ADMIN, { action_id: approve.action_id, value: approve.value }, { channel: "D0U0MAESTRO1", ts: "1700000000.000001" });
    await fake.settle();
    expect(await db.knex("role_requests").where({ id: requestId }).first()).toMatchObject({ status: "APPROVED" });
    const audit = await db
      .knex("audit_log")
      .where({ action: "role_request.approve", target_id: String(requestId) })
      .first();
    expect(audit.details).toMatchObject({ path: "button" });
    expect(text(fake.callsOf("respond"))).toMatch(/Approved/);
    expect(fake.callsOf("chat.update")).toHaveLength(1);
  });

  it("rejects with a reason through the modal", async () => {
    const { fake } = harness();
    await fake.command(ADMIN, "approvals");
    await fake.settle();
    const reject = fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.roleReject) && b.method === "respond")!;
    const requestId = JSON.parse(reject.value!).id as number;
    await fake.click(ADMIN, { action_id: reject.action_id, value: reject.value }, { channel: "C0OPS", ts: "1700000000.000002" });
    await fake.settle();
    const [open] = fake.callsOf("views.open");
    const view = open!.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(VIEWS.rejectReason);
    const empty = await fake.submitView(ADMIN, {
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      values: { [BLOCKS.rejectReasonInput]: { [ACTIONS.rejectReasonInput]: { value: "  " } } },
    });
    expect(text(empty.response)).toMatch(/errors/);
    await fake.submitView(ADMIN, {
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      values: { [BLOCKS.rejectReasonInput]: { [ACTIONS.rejectReasonInput]: { value: "Not teaching this term" } } },
    });
    await fake.settle();
    expect(await db.knex("role_requests").where({ id: requestId }).first()).toMatchObject({
      status: "REJECTED",
      decision_reason: "Not teaching this term",
    });
  });

  it("disables and enables a rule from the rules list", async () => {
    const { fake } = harness();
    await fake.command(ADMIN, "rules");
    await fake.settle();
    const disable = fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.ruleDisable))!;
    const ruleId = JSON.parse(disable.value!).id as number;
    await fake.click(ADMIN, { action_id: disable.action_id, value: disable.value }, { channel: "C0OPS", ts: "1700000000.000003" });
    await fake.settle();
    expect(await db.knex("workflow_rules").where({ id: ruleId }).first()).toMatchObject({ enabled: false });
    const enable = fake
      .buttons()
      .filter((b) => b.action_id === `${ACTIONS.ruleEnable}:${ruleId}`)
      .at(-1)!;
    await fake.click(ADMIN, { action_id: enable.action_id, value: enable.value }, { channel: "C0OPS", ts: "1700000000.000003" });
    await fake.settle();
    expect(await db.knex("workflow_rules").where({ id: ruleId }).first()).toMatchObject({ enabled: true });
  });

  it("replaces an ephemeral rules list in place through its response_url", async () => {
    const { fake } = harness();
    await fake.command(ADMIN, "rules");
    await fake.settle();
    const disable = fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.ruleDisable))!;
    const ruleId = JSON.parse(disable.value!).id as number;
    fake.reset();
    await fake.click(
      ADMIN,
      { action_id: disable.action_id, value: disable.value },
      { channel: "D0U0MAESTRO1", ts: "1700000000.000005", ephemeral: true },
    );
    await fake.settle();
    expect(await db.knex("workflow_rules").where({ id: ruleId }).first()).toMatchObject({ enabled: false });
    expect(fake.callsOf("chat.update")).toHaveLength(0);
    const [replaced] = fake.callsOf("respond");
    expect(replaced!.args).toMatchObject({ replace_original: true });
    expect(text(replaced!.args.blocks)).toContain(`${ACTIONS.ruleEnable}:${ruleId}`);
    await db.knex("workflow_rules").where({ id: ruleId }).update({ enabled: true });
  });

  it("tells a non-staff clicker why nothing happened", async () => {
    const { fake } = harness();
    const pending = await db.knex("role_requests").where({ status: "PENDING" }).first();
    await fake.click(
      "U0MEMBER1",
      { action_id: `${ACTIONS.roleApprove}:${pending.id}`, value: JSON.stringify({ id: pending.id }) },
      { channel: "C0OPS", ts: "1700000000.000004" },
    );
    await fake.settle();
    expect(await db.knex("role_requests").where({ id: pending.id }).first()).toMatchObject({ status: "PENDING" });
    expect(text(fake.callsOf("respond"))).toMatch(/only for studio staff/);
  });
});

describe("reply streaming", () => {
  it("streams a reply in a thread and falls back to post + update when the stream breaks", async () => {
    const long = "word ".repeat(200);
    const model = new ScriptedModel([reply(long)]);
    const { fake } = harness({ model });
    await fake.dm(ADMIN, "tell me", { threadTs: "1700000000.100000" });
    await fake.settle();
    expect(fake.callsOf("chat.startStream")).toHaveLength(1);
    expect(fake.callsOf("chat.stopStream")).toHaveLength(1);

    // The stream expired before it could be stopped: its message is replaced by the full reply.
    fake.reset();
    fake.respondTo("chat.startStream", (args) => ({ ok: true, channel: args.channel, ts: "1700000000.200000" }));
    fake.respondTo("chat.stopStream", slackError("message_not_in_streaming_state"));
    model.push(reply(long));
    await fake.dm(ADMIN, "again", { threadTs: "1700000000.100000" });
    await fake.settle();
    const update = fake.callsOf("chat.update").find((c) => c.args.ts === "1700000000.200000");
    expect(update, "the broken stream's message is replaced by the full reply").toBeDefined();
    expect(text(update!.args.blocks)).toContain("word word");
    expect(fake.callsOf("chat.postMessage")).toHaveLength(0);

    // Slack refused the stream outright (too long): the reply is posted instead.
    fake.reset();
    fake.respondTo("chat.startStream", slackError("msg_too_long"));
    model.push(reply(long));
    await fake.dm(ADMIN, "once more", { threadTs: "1700000000.100000" });
    await fake.settle();
    expect(fake.callsOf("chat.postMessage")).toHaveLength(1);
    expect(text(fake.callsOf("chat.postMessage")[0]!.args.blocks)).toContain("word word");
  });
});
