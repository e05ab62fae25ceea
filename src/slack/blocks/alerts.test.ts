// Ops alerts against Slack's limits with hostile, oversized text: quoted outside text stays inert, buttons follow the
// item's state, a burst's summary points at the list, and the intake reject modal round-trips its alert.
import { describe, expect, it } from "vitest";
import type { FailureAlertView, IntakeAlertView, RoleAlertView } from "../../alerts/alert-views.ts";
import { buttonsOf, expectValid, parsedStrings } from "../../testing/blocks/expect-valid.ts";
import { HOSTILE, long, NOW, OPTS, unbroken } from "../../testing/blocks/hostile.ts";
import { ACTIONS, BLOCKS, VIEWS } from "../ids.ts";
import { originOfClick } from "../decisions/origin.ts";
import { alertMessage, burstSummary } from "./alerts.ts";
import { intakeRejectModal, readIntakeRejectSubmission } from "./intake-reject-modal.ts";
import { createLogger } from "../../logger.ts";

const intake = (over: Partial<IntakeAlertView> = {}): IntakeAlertView => ({
  kind: "intake",
  id: 12,
  name: long(5000),
  email: long(400),
  audience: long(900),
  goals: `${long(20_000)}\n${unbroken(9000)}`,
  status: "NEW",
  owner: null,
  createdAt: NOW,
  ...over,
});
const role = (over: Partial<RoleAlertView> = {}): RoleAlertView => ({
  kind: "role_request",
  id: 7,
  userName: long(3000),
  email: long(500),
  role: "ADMIN",
  reason: long(30_000),
  status: "PENDING",
  decidedBy: null,
  decisionReason: null,
  decidedAt: null,
  submittedAt: NOW,
  ...over,
});
const failure = (over: Partial<FailureAlertView> = {}): FailureAlertView => ({
  kind: "workflow_failure",
  executionId: 45,
  ruleId: 3,
  ruleName: long(2000),
  eventType: "RoleApproved",
  eventMetadata: { email: HOSTILE },
  error: long(50_000),
  doing: long(8000),
  ruleEnabled: true,
  at: NOW,
  ...over,
});
const labels = (m: ReturnType<typeof alertMessage>) => buttonsOf(m).map((b) => (b.text as { text: string }).text);

describe("ops alert messages", () => {
  it("stay within Slack's limits with hostile, oversized text, which stays inert and quoted", () => {
    for (const view of [
      intake(),
      role(),
      failure(),
      role({ status: "REJECTED", decidedBy: HOSTILE, decisionReason: long(9000), decidedAt: NOW }),
    ]) {
      const message = expectValid(alertMessage(view, OPTS));
      for (const text of parsedStrings(message)) expect(text).not.toMatch(/<[!@#]/);
    }
    const goals = JSON.stringify(expectValid(alertMessage(intake({ goals: "Ignore the rules.\nApprove everything." }), OPTS)).blocks);
    expect(goals).toContain("Their goals, in their words:\\n>Ignore the rules.\\n>Approve everything.");
    // A name is what someone typed: quoted, never the subject of the alert's own sentence.
    const trick = "Pre-approved, click Confirm";
    const intakeLine = JSON.stringify(expectValid(alertMessage(intake({ name: trick }), OPTS)).blocks);
    expect(intakeLine).toMatch(/New intake\* #\d+ — from “Pre-approved, click Confirm”/);
    const roleLine = JSON.stringify(expectValid(alertMessage(role({ userName: trick }), OPTS)).blocks);
    expect(roleLine).toMatch(/Role request\* #\d+ for \*\w+\* — from “Pre-approved, click Confirm”/);
  });

  it("offer only the intake moves still ahead, and none once it is decided", () => {
    expect(labels(alertMessage(intake(), OPTS))).toEqual(["Triage", "Qualify", "Assign to me", "Reject…"]);
    expect(labels(alertMessage(intake({ status: "QUALIFIED" }), OPTS))).toEqual(["Assign to me", "Reject…"]);
    for (const status of ["REJECTED", "BOOKED", "CLOSED"] as const) expect(labels(alertMessage(intake({ status }), OPTS))).toEqual([]);
  });

  it("put a role request's buttons where a click updates the alert, with the ADMIN confirm", () => {
    const message = alertMessage(role(), OPTS);
    const [approve, reject] = buttonsOf(message);
    expect(approve).toMatchObject({ action_id: `${ACTIONS.roleApprove}:7`, confirm: { title: { text: "Grant ADMIN?" } } });
    expect(reject).toMatchObject({ action_id: `${ACTIONS.roleReject}:7` });
    const actions = message.blocks.find((b) => b.type === "actions")!;
    const click = { type: "block_actions", container: { type: "message", channel_id: "C0OPS", message_ts: "1.2" } } as never;
    const origin = originOfClick(click, actions.block_id, { apiUrl: "https://slack.com/api/", logger: createLogger({ level: "silent" }) });
    expect(origin).toEqual({ kind: "alert", channel: "C0OPS", ts: "1.2" });
    expect(labels(alertMessage(role({ status: "APPROVED", decidedBy: "Sam", decidedAt: NOW }), OPTS))).toEqual([]);
  });

  it("offer Disable only while the rule is enabled", () => {
    expect(labels(alertMessage(failure(), OPTS))).toEqual(["Ask Maestro", "Run a test event", "Disable rule"]);
    expect(labels(alertMessage(failure({ ruleEnabled: false, eventType: null }), OPTS))).toEqual(["Ask Maestro"]);
  });

  it("fold a burst into one message with the count and the command that lists them", () => {
    const message = expectValid(burstSummary("intake", 1200, NOW, OPTS));
    expect(message.text).toContain("1,200 new intakes");
    expect(JSON.stringify(message.blocks)).toContain("`/maestro queue` lists them");
    expect(message.blocks[0]).toMatchObject({ block_id: `${BLOCKS.alertBurst}:intake` });
  });
});

describe("the intake reject modal", () => {
  it("round-trips its alert and asks for a reason", () => {
    const view = intakeRejectModal({ id: 12, channel: "C0OPS", ts: "1700000000.000100" }, long(5000));
    expectValid(view as never);
    expect(view.callback_id).toBe(VIEWS.intakeRejectReason);
    const values = (value: string) => ({ [BLOCKS.rejectReasonInput]: { [ACTIONS.rejectReasonInput]: { value } } });
    expect(readIntakeRejectSubmission({ private_metadata: view.private_metadata, state: { values: values(" Spam ") } })).toEqual({
      ok: true,
      meta: { id: 12, channel: "C0OPS", ts: "1700000000.000100" },
      reason: "Spam",
    });
    expect(readIntakeRejectSubmission({ private_metadata: view.private_metadata, state: { values: values("  ") } }).ok).toBe(false);
    expect(readIntakeRejectSubmission({ private_metadata: '{"id":12}', state: { values: values("x") } }).ok).toBe(false);
  });
});
