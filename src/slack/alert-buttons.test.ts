// The buttons of an ops alert, through the real app over the fake Slack: each runs the same tool as the clicker (non-staff
// refused), and the alert is updated in place when its item is decided anywhere — on the alert, a DM card, a list, a tool.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { blocksToText } from "../console/render-blocks.ts";
import { systemActor } from "../domain/actor.ts";
import { arriveIntake, askForRole } from "../testing/fixtures/arrivals.ts";
import { insertStaff, insertUser } from "../testing/fixtures/people.ts";
import { insertExecution, insertRule } from "../testing/fixtures/workflows.ts";
import { callTools, reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createSlackHarness, testConfig, type SlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { ACTIONS, BLOCKS, VIEWS } from "./ids.ts";
import { callTool } from "./tool-calls.ts";

const OPS = "C0OPS";
let db: TestDatabase;
let staffId: number;
beforeAll(async () => {
  db = await createTestDatabase();
  staffId = (await insertStaff(db.knex, "Sam Staff", "U0SAM")).id;
  await insertUser(db.knex, { name: "Mo Member", roles: ["MEMBER"], slackUserId: "U0MO" });
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw(
    "truncate intake_requests, intake_status_history, audit_log, feed_events, role_requests, workflow_rules, workflow_executions, ops_alerts, ops_alert_bursts, ops_alert_updates, pending_actions, agent_runs, conversations, conversation_messages, conversation_inbox restart identity cascade",
  );
});

const harness = (model?: ScriptedModel) =>
  createSlackHarness(db, { config: testConfig({ OPS_CHANNEL: OPS }), rateLimitPerMinute: 10_000, model: model ?? null });

interface Button {
  action_id: string;
  value?: string;
  block_id: string;
  text: string;
}

/** The alert as posted in the ops channel: where it is, and its buttons with their block ids. */
function postedAlert(h: SlackHarness) {
  const call = h.fake.callsOf("chat.postMessage").find((c) => c.args.channel === OPS && !c.args.thread_ts)!;
  const buttons: Button[] = [];
  for (const block of call.args.blocks as { type: string; block_id: string; elements?: Record<string, unknown>[] }[]) {
    if (block.type !== "actions") continue;
    for (const e of block.elements ?? []) {
      const text = (e.text as { text: string }).text;
      buttons.push({ action_id: e.action_id as string, value: e.value as string, block_id: block.block_id, text });
    }
  }
  return { where: { channel: OPS, ts: String(call.response!.ts) }, button: (text: string) => buttons.find((b) => b.text === text)! };
}

/** The newest text of the alert: its last chat.update, or as posted. */
function alertNow(h: SlackHarness, ts: string): string {
  const updates = h.fake.callsOf("chat.update").filter((c) => c.args.ts === ts);
  const latest = updates.at(-1) ?? h.fake.callsOf("chat.postMessage").find((c) => c.response?.ts === ts)!;
  return blocksToText(latest.args.blocks as never).join("\n");
}

async function click(h: SlackHarness, user: string, alert: ReturnType<typeof postedAlert>, text: string) {
  const { action_id, value, block_id } = alert.button(text);
  await h.fake.click(user, { action_id, value, block_id }, alert.where);
  await h.fake.settle();
}

describe("an intake's alert", () => {
  it("Triage, Assign to me and Reject… act as the clicker, and the alert keeps only the buttons that still apply", async () => {
    const h = harness();
    const intake = await arriveIntake(db.knex, { name: "Pat Prospect" });
    await h.alerts!.drain();
    const alert = postedAlert(h);
    await click(h, "U0SAM", alert, "Triage");
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "TRIAGED" });
    expect(await db.knex("audit_log").where({ action: "intake.status_update" }).first()).toMatchObject({ actor_id: String(staffId) });
    expect(alertNow(h, alert.where.ts)).toMatch(/TRIAGED .* no owner[\s\S]*\[1\] Qualify {2}\[2\] Assign to me {2}\[3\] Reject…/);
    await click(h, "U0SAM", alert, "Assign to me");
    expect(alertNow(h, alert.where.ts)).toContain("owner Sam Staff");
    await click(h, "U0SAM", alert, "Reject…");
    const view = h.fake.callsOf("views.open")[0]!.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(VIEWS.intakeRejectReason);
    await h.fake.submitView("U0SAM", {
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      values: { [BLOCKS.rejectReasonInput]: { [ACTIONS.rejectReasonInput]: { type: "plain_text_input", value: "Outside our area." } } },
    });
    await h.fake.settle();
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "REJECTED" });
    expect(await db.knex("intake_status_history").where({ to_status: "REJECTED" }).first()).toMatchObject({ note: "Outside our area." });
    expect(alertNow(h, alert.where.ts)).toContain("REJECTED");
    expect(alertNow(h, alert.where.ts)).not.toMatch(/\[\d\]/);
  });

  it("refuses a non-staff click and changes nothing", async () => {
    const h = harness();
    const intake = await arriveIntake(db.knex);
    await h.alerts!.drain();
    const alert = postedAlert(h);
    await click(h, "U0MO", alert, "Qualify");
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "NEW" });
    expect(h.fake.callsOf("chat.update")).toHaveLength(0);
    expect(JSON.stringify(h.fake.posted())).toMatch(/only for studio staff/);
  });

  it("is updated when the intake is decided from a DM card", async () => {
    const intake = await arriveIntake(db.knex);
    const model = new ScriptedModel([
      callTools([{ name: "update_intake_status", input: { intake_id: intake.id, new_status: "REJECTED", note: "Spam." } }]),
      reply("Rejected."),
    ]);
    const h = harness(model);
    await h.alerts!.drain();
    const alert = postedAlert(h);
    await h.fake.dm("U0SAM", "reject the new one, it is spam");
    await h.fake.settle();
    const confirm = h.fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.confirm))!;
    const card = h.fake.callsOf("chat.postMessage").find((c) => JSON.stringify(c.args.blocks ?? "").includes(ACTIONS.confirm))!;
    await h.fake.click("U0SAM", confirm, { channel: String(card.response!.channel), ts: String(card.response!.ts) });
    await h.fake.settle();
    expect(await h.alerts!.drain()).toMatchObject({ updated: 1 });
    expect(alertNow(h, alert.where.ts)).toContain("REJECTED");
    expect(alertNow(h, alert.where.ts)).not.toMatch(/\[\d\]/);
    expect(await h.alerts!.drain()).toMatchObject({ updated: 0 });
  });

  it("is updated when the intake is moved by the tool directly (as the studio API would)", async () => {
    const h = harness();
    const intake = await arriveIntake(db.knex);
    await h.alerts!.drain();
    const alert = postedAlert(h);
    const moved = await callTool(h.surface, systemActor("system"), "update_intake_status", {
      intake_id: intake.id,
      new_status: "QUALIFIED",
    });
    expect(moved.ok).toBe(true);
    await h.alerts!.drain();
    expect(alertNow(h, alert.where.ts)).toMatch(/QUALIFIED[\s\S]*\[1\] Assign to me {2}\[2\] Reject…/);
  });
});

describe("a role request's alert", () => {
  it("Approve on the alert grants the role and shows the decision in place", async () => {
    const h = harness();
    const mia = await insertUser(db.knex, { name: "Mia Member" });
    const request = await askForRole(db.knex, { userId: mia.id, role: "STAFF" });
    await h.alerts!.drain();
    const alert = postedAlert(h);
    await click(h, "U0SAM", alert, "Approve");
    expect(await db.knex("role_requests").where({ id: request.id }).first()).toMatchObject({ status: "APPROVED" });
    expect(alertNow(h, alert.where.ts)).toMatch(/APPROVED by Sam Staff/);
    expect(alertNow(h, alert.where.ts)).not.toMatch(/\[\d\]/);
    // Not a list re-rendered over the alert.
    expect(alertNow(h, alert.where.ts)).toContain(`Role request #${request.id}`);
  });

  it("an ADMIN grant still needs an ADMIN: a STAFF click on the alert is refused and the buttons stay", async () => {
    const h = harness();
    const mia = await insertUser(db.knex, { name: "Mia Member" });
    const request = await askForRole(db.knex, { userId: mia.id, role: "ADMIN" });
    await h.alerts!.drain();
    const alert = postedAlert(h);
    await click(h, "U0SAM", alert, "Approve");
    expect(await db.knex("role_requests").where({ id: request.id }).first()).toMatchObject({ status: "PENDING" });
    expect(JSON.stringify(h.fake.posted())).toMatch(/only an ADMIN may approve it; Sam Staff is not an ADMIN/);
    expect(alertNow(h, alert.where.ts)).toMatch(/Pending[\s\S]*\[1\] Approve {2}\[2\] Reject…/);
  });

  it("is updated when the request is decided from the approvals list", async () => {
    const h = harness();
    const mia = await insertUser(db.knex, { name: "Mia Member" });
    const request = await askForRole(db.knex, { userId: mia.id, role: "STAFF" });
    await h.alerts!.drain();
    const alert = postedAlert(h);
    await h.fake.command("U0SAM", "approvals");
    await h.fake.settle();
    const approve = h.fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.roleApprove) && b.method === "respond")!;
    await h.fake.click("U0SAM", approve, { channel: "D0U0SAM", ts: "1700000000.000001", ephemeral: true });
    await h.fake.settle();
    expect(await db.knex("role_requests").where({ id: request.id }).first()).toMatchObject({ status: "APPROVED" });
    await h.alerts!.drain();
    expect(alertNow(h, alert.where.ts)).toMatch(/APPROVED by Sam Staff/);
  });
});

describe("a workflow failure's alert", () => {
  it("Ask Maestro opens a thread with the agent; Disable rule disables it and the alert says so", async () => {
    const model = new ScriptedModel([reply("The rule's recipient template resolved to nothing: the event has no email.")]);
    const h = harness(model);
    const rule = await insertRule(db.knex, {
      name: "Welcome email",
      trigger: "RoleApproved",
      actionType: "SEND_EMAIL",
      actionConfig: { to: "{{metadata.email}}" },
    });
    const run = await insertExecution(db.knex, rule, { status: "FAILED", error: "no recipient" });
    await h.alerts!.drain();
    const alert = postedAlert(h);
    await click(h, "U0SAM", alert, "Ask Maestro");
    const thread = h.fake.posted().filter((c) => c.args.thread_ts === alert.where.ts || c.args.channel === OPS);
    expect(JSON.stringify(thread)).toContain("the event has no email");
    expect(JSON.stringify(model.requests[0])).toContain(`Workflow run #${run.id} of rule #${rule.id} failed`);
    await click(h, "U0SAM", alert, "Disable rule");
    expect(await db.knex("workflow_rules").where({ id: rule.id }).first()).toMatchObject({ enabled: false });
    expect(alertNow(h, alert.where.ts)).toContain("The rule is disabled.");
    expect(alertNow(h, alert.where.ts)).not.toContain("Disable rule");
  });

  it("is updated when the rule is switched off anywhere else (every failure of that rule)", async () => {
    const h = harness();
    const rule = await insertRule(db.knex, { name: "Welcome email", trigger: "RoleApproved" });
    await insertExecution(db.knex, rule, { status: "FAILED", error: "first" });
    await insertExecution(db.knex, rule, { status: "FAILED", error: "second" });
    await h.alerts!.drain();
    const alerts = h.fake.callsOf("chat.postMessage").filter((c) => c.args.channel === OPS);
    expect(alerts).toHaveLength(2);
    const off = await callTool(h.surface, systemActor("system"), "toggle_workflow_rule", { rule_id: rule.id, enabled: false });
    expect(off.ok).toBe(true);
    expect(await h.alerts!.drain()).toMatchObject({ updated: 2 });
    for (const alert of alerts) {
      expect(alertNow(h, String(alert.response!.ts))).toContain("The rule is disabled.");
      expect(alertNow(h, String(alert.response!.ts))).not.toContain("Disable rule");
    }
    expect(await h.alerts!.drain()).toMatchObject({ updated: 0 });
  });

  it("Run a test event fires an EVAL event through the rules, which raises no alert of its own", async () => {
    const h = harness();
    const rule = await insertRule(db.knex, {
      name: "Welcome email",
      trigger: "RoleApproved",
      actionType: "SEND_EMAIL",
      actionConfig: { to: "{{metadata.email}}" },
    });
    await insertExecution(db.knex, rule, { status: "FAILED", error: "no recipient" });
    await h.alerts!.drain();
    await click(h, "U0SAM", postedAlert(h), "Run a test event");
    expect(JSON.stringify(h.fake.posted())).toMatch(/Welcome email: FAILED/);
    expect(await h.alerts!.drain()).toEqual({ posted: 0, folded: 0, updated: 0 });
  });
});
