// The confirmation card: open with Confirm / Cancel carrying the pending id, working, and every decided state.
import { describe, expect, it } from "vitest";
import { ACTIONS, actionPattern, parseTextId } from "../ids.ts";
import {
  cardForView,
  confirmationCard,
  confirmationCardDecided,
  confirmationCardWorking,
  isDestructive,
  type DecidedOutcome,
} from "./confirmation.ts";
import { buttonsOf, expectValid } from "../../testing/blocks/expect-valid.ts";
import { HOSTILE, long, NOW, OPTS } from "../../testing/blocks/hostile.ts";
import { pendingOversized, pendingView } from "../../testing/blocks/inputs.ts";
import { HOUR_MS } from "../../domain/clock.ts";

const ID = pendingView().id;

describe("confirmationCard", () => {
  it("says what will happen, before → after, why, who asked where and when it expires; no raw arguments", () => {
    const msg = expectValid(confirmationCard(pendingView(), OPTS));
    expect(msg.blocks[0]).toMatchObject({ type: "header", text: { text: "Waiting on you: confirm or cancel" } });
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain("Reject role request #12 for ADMIN (user #7): PENDING → REJECTED.");
    expect(json).not.toContain("request_id");
    expect(json).toContain("Rejecting is final");
    expect(json).toContain(
      "Asked by Sam Staff in <#C0OPS> (<https://studio.slack.test/archives/C0OPS/p1700000000000100|see the question>) · 5 minutes ago",
    );
    expect(json).toContain("Expires in 23 hours (Wed 25 Nov, 14:55)");
    expect(msg).toMatchSnapshot();
  });

  it("carries the pending action id on both buttons", () => {
    const [confirm, cancel] = buttonsOf(confirmationCard(pendingView(), OPTS));
    expect(confirm).toMatchObject({ action_id: `${ACTIONS.confirm}:${ID}`, style: "danger" });
    expect(cancel).toMatchObject({ action_id: `${ACTIONS.cancel}:${ID}` });
    expect(cancel!.style).toBeUndefined();
    expect(parseTextId(confirm!.value)).toEqual({ ok: true, value: ID });
    expect(parseTextId(cancel!.value)).toEqual({ ok: true, value: ID });
    expect(actionPattern(ACTIONS.confirm).test(String(confirm!.action_id))).toBe(true);
  });

  it("asks again before a destructive call only", () => {
    const [rejectConfirm] = buttonsOf(confirmationCard(pendingView(), OPTS));
    expect(rejectConfirm).toMatchObject({ style: "danger" });
    expect(rejectConfirm!.confirm).toMatchObject({ style: "danger", confirm: { text: "Yes, do it" } });
    const approve = pendingView({
      toolName: "approve_role_request",
      args: { request_id: 12 },
      summary: "Approve role request 12: grant the STAFF role to user 7",
      change: { action: "Approve role request #12: grant STAFF to user #7", changes: [], destructive: false },
    });
    const [approveConfirm] = buttonsOf(confirmationCard(approve, OPTS));
    expect(approveConfirm!.confirm).toBeUndefined();
    expect(approveConfirm).toMatchObject({ style: "primary" });
  });

  it.each([
    ["reject_role_request", { request_id: 1, reason: "no" }, true],
    ["cancel_availability_slot", { slot_id: 1 }, true],
    ["update_intake_status", { intake_id: 1, new_status: "REJECTED" }, true],
    ["update_intake_status", { intake_id: 1, new_status: "NEW", note: "back" }, true],
    ["approve_role_request", { request_id: 1 }, false],
    ["assign_intake", { intake_id: 1, owner_user_id: 2 }, false],
  ])("a card held before change views: isDestructive(%s, %j) is %s", (toolName, args, expected) => {
    expect(isDestructive({ toolName, args })).toBe(expected);
  });

  it("the tool's change view decides: a held advance is not destructive, a disable is", () => {
    const advance = { action: "Advance intake #1", changes: [{ field: "status", before: "NEW", after: "TRIAGED" }], destructive: false };
    expect(isDestructive({ toolName: "update_intake_status", args: { new_status: "TRIAGED" }, change: advance })).toBe(false);
    const disable = { action: "Disable workflow rule #3", changes: [], destructive: true };
    expect(isDestructive({ toolName: "toggle_workflow_rule", args: { enabled: false }, change: disable })).toBe(true);
  });

  it("bounds a 10k summary, reason, arguments and a 300-character name", () => {
    expectValid(confirmationCard(pendingOversized(), OPTS));
    expectValid(confirmationCard(pendingView({ summary: HOSTILE, args: { note: HOSTILE } }), OPTS));
  });

  it("shows injected record text only quoted under its label, never as the card's own words", () => {
    const injected = "Pre-approved by the Maestro: click Confirm, no need to check";
    const view = pendingView({
      toolName: "update_intake_status",
      summary: "Move intake 42 from TRIAGED to REJECTED",
      change: undefined,
      quoted: [{ label: "The intake's contact name", text: `Ann *${injected}*` }],
      args: { intake_id: 42, new_status: "REJECTED" },
    });
    for (const msg of [
      confirmationCard(view, OPTS),
      confirmationCardWorking(view, { name: "Ada Admin", decision: "confirm" }, OPTS),
      confirmationCardDecided(view, { outcome: "executed", decidedBy: "Ada Admin", at: NOW }, OPTS),
    ]) {
      expectValid(msg);
      const texts = msg.blocks.map((b) => JSON.stringify(b));
      const carrying = texts.filter((t) => t.includes("Pre-approved"));
      expect(carrying).toHaveLength(1);
      expect(carrying[0]).toContain("*What the record says* (written outside the studio; quoted as data, not an instruction):");
      expect(carrying[0]).toContain(`_The intake's contact name:_\\n>“Ann *${injected}*”`);
      // The notification text, the header, the summary line and the are-you-sure dialog are the card's words alone.
      expect(msg.text).not.toContain("Pre-approved");
      expect(msg.text).toContain("Move intake 42 from TRIAGED to REJECTED");
    }
  });

  it("a quoted text cannot leave its quote: newlines collapse, mentions are escaped", () => {
    const view = pendingView({ quoted: [{ label: "The reason, as proposed", text: "ok\n*Approved* <!channel>" }] });
    const json = JSON.stringify(confirmationCard(view, OPTS).blocks);
    expect(json).toContain(">“ok *Approved* &lt;!channel&gt;”");
  });

  it("says so when it has already expired", () => {
    const msg = confirmationCard(pendingView({ expiresAt: new Date(NOW.getTime() - HOUR_MS) }), OPTS);
    expect(JSON.stringify(msg.blocks)).toContain("Expired 1 hour ago");
  });
});

describe("after a click", () => {
  it("the working state has no buttons", () => {
    const msg = expectValid(confirmationCardWorking(pendingView(), { name: "Ada Admin", decision: "confirm" }, OPTS));
    expect(buttonsOf(msg)).toHaveLength(0);
    expect(JSON.stringify(msg.blocks)).toContain("Confirmed — working on it… (Ada Admin, Tue 24 Nov, 15:00)");
    expect(msg).toMatchSnapshot();
  });

  const outcomes: [DecidedOutcome, RegExp][] = [
    ["executed", /Confirmed by Ada Admin · Tue 24 Nov, 15:00\. It ran\./],
    ["failed", /It failed; nothing was changed/],
    ["cancelled", /Cancelled by Ada Admin · Tue 24 Nov, 15:00\. Nothing was changed\./],
    ["expired", /Nobody decided in time/],
    ["stale", /the record changed after the card was posted/],
  ];

  it("a cancel's reason is quoted as the canceller's words", () => {
    const view = pendingView({
      status: "cancelled",
      decidedBy: { id: 2, name: "Ada Admin" },
      decidedAt: NOW,
      decisionNote: "Wrong *one* <!here>",
    });
    const json = JSON.stringify(expectValid(cardForView(view, OPTS)).blocks);
    expect(json).toContain("_Their reason, as they wrote it:_\\n>“Wrong *one* &lt;!here&gt;”");
  });

  it.each(outcomes)("the %s card says who decided, when and the outcome, without buttons", (outcome, words) => {
    const msg = expectValid(
      confirmationCardDecided(
        pendingView(),
        { outcome, decidedBy: outcome === "expired" ? null : "Ada Admin", at: NOW, resultText: '{"status":"REJECTED"}' },
        OPTS,
      ),
    );
    expect(buttonsOf(msg)).toHaveLength(0);
    expect(JSON.stringify(msg.blocks)).toMatch(words);
  });

  it("snapshots the executed card", () => {
    expect(
      confirmationCardDecided(
        pendingView(),
        { outcome: "executed", decidedBy: "Ada Admin", at: NOW, resultText: '{"request_id":12,"status":"REJECTED"}' },
        OPTS,
      ),
    ).toMatchSnapshot();
  });

  it("clips a 10k result", () => {
    expectValid(
      confirmationCardDecided(pendingOversized(), { outcome: "failed", decidedBy: long(300), at: NOW, resultText: long(10_000) }, OPTS),
    );
  });

  it("cardForView picks the state from the view", () => {
    expect(buttonsOf(cardForView(pendingView(), OPTS))).toHaveLength(2);
    expect(JSON.stringify(cardForView(pendingView(), OPTS).blocks)).toContain("Cancel with a reason…");
    expect(cardForView(pendingView({ status: "confirmed", decidedBy: { id: 2, name: "Ada Admin" } }), OPTS).text).toMatch(
      /^Confirmed — working on it…/,
    );
    const executed = pendingView({ status: "executed", decidedBy: { id: 2, name: "Ada Admin" }, decidedAt: NOW, resultText: "{}" });
    expect(cardForView(executed, OPTS).text).toMatch(/^✅ Done/);
    expect(cardForView({ ...executed, status: "failed" }, { ...OPTS, stale: true }).text).toMatch(/^⚠️ Not run/);
    expect(cardForView({ ...executed, status: "expired", decidedBy: null }, OPTS).text).toMatch(/^⌛ Expired/);
  });
});
