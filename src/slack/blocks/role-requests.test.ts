// Role requests with Approve / Reject, the ADMIN confirm dialog, and the reject-reason modal round trip.
import { describe, expect, it } from "vitest";
import { parseRejectMetadata } from "../decisions/origin.ts";
import { ACTIONS, BLOCKS, VIEWS, actionPattern, parseButtonValue } from "../ids.ts";
import { readRejectSubmission, rejectReasonModal } from "./reject-reason-modal.ts";
import { roleRequestBlocks, roleRequestSummary, ROLE_REQUESTS_MAX_ITEMS } from "./role-requests.ts";
import { buttonsOf, expectValid } from "../../testing/blocks/expect-valid.ts";
import { HOSTILE, long, OPTS } from "../../testing/blocks/hostile.ts";
import { rejected, roleRequest, roleRequests, roleRequestsNormal, roleRequestsOversized } from "../../testing/blocks/inputs.ts";

describe("roleRequestBlocks", () => {
  it("puts Approve (primary) and Reject (danger) on pending requests only", () => {
    const msg = expectValid(roleRequestBlocks(roleRequestsNormal(), OPTS));
    const buttons = buttonsOf(msg);
    expect(buttons.map((b) => [b.action_id, b.style])).toEqual([
      ["maestro.role.approve:1", "primary"],
      ["maestro.role.reject:1", "danger"],
      ["maestro.role.approve:2", "primary"],
      ["maestro.role.reject:2", "danger"],
    ]);
    expect(JSON.stringify(msg.blocks)).toContain("*REJECTED* by Ada Admin");
    expect(msg).toMatchSnapshot();
  });

  it("asks again before granting ADMIN, not STAFF", () => {
    const [adminApprove, , staffApprove] = buttonsOf(roleRequestBlocks(roleRequests([roleRequest(0), roleRequest(1)]), OPTS));
    expect(adminApprove!.confirm).toMatchObject({ title: { text: "Grant ADMIN?" }, style: "danger" });
    expect(staffApprove!.confirm).toBeUndefined();
  });

  it("carries the request id (and a label for the modal) in the button values", () => {
    const [approve, reject] = buttonsOf(roleRequestBlocks(roleRequests([roleRequest(4)]), OPTS));
    expect(parseButtonValue(approve!.value)).toEqual({ ok: true, value: { id: 5 } });
    expect(parseButtonValue(reject!.value)).toEqual({ ok: true, value: { id: 5, label: "the ADMIN role request of “Mia Member”" } });
    expect(actionPattern(ACTIONS.roleReject).test(String(reject!.action_id))).toBe(true);
  });

  it("caps 200 hostile requests within 50 blocks", () => {
    const msg = expectValid(roleRequestBlocks(roleRequestsOversized(), OPTS));
    expect(buttonsOf(msg)).toHaveLength(ROLE_REQUESTS_MAX_ITEMS * 2);
    expect(JSON.stringify(msg.blocks.at(-1))).toContain("and 185 more");
  });

  it("says so in one line when nothing is pending", () => {
    const msg = expectValid(roleRequestBlocks(roleRequests([], 0), OPTS));
    expect(msg.blocks).toHaveLength(1);
    expect(msg.text).toBe("No pending role requests.");
    expect(roleRequestBlocks(roleRequests([], 0, "ALL"), OPTS).text).toBe("There are no role requests.");
  });

  it("renders a decided request without buttons", () => {
    expect(buttonsOf(roleRequestBlocks(roleRequests([rejected(0, { decision_reason: long(10_000) })], 1, "REJECTED"), OPTS))).toHaveLength(
      0,
    );
  });
});

describe("the reject-reason modal", () => {
  const summary = roleRequestSummary(roleRequest(0));

  it("is a modal with a required reason of at most 1,000 characters", () => {
    const list = { kind: "list" as const, channel: "C0123ABC", ts: "1732460400.123456" };
    const view = expectValid(rejectReasonModal(12, summary, list));
    expect(view.callback_id).toBe(VIEWS.rejectReason);
    expect(parseRejectMetadata(view.private_metadata)).toEqual({ ok: true, value: { id: 12, origin: list } });
    expect(view.blocks[1]).toMatchObject({
      type: "input",
      block_id: BLOCKS.rejectReasonInput,
      element: { type: "plain_text_input", action_id: ACTIONS.rejectReasonInput, min_length: 1, max_length: 1000 },
    });
    expect((view.blocks[1] as { optional?: boolean }).optional).toBeUndefined();
    expect(view).toMatchSnapshot();
  });

  it("stays within limits with a hostile 10k summary", () => {
    expectValid(rejectReasonModal(12, long(10_000) + HOSTILE));
  });

  const submitted = (value: string | null, metadata = rejectReasonModal(12, summary).private_metadata) => ({
    private_metadata: metadata,
    state: { values: { [BLOCKS.rejectReasonInput]: { [ACTIONS.rejectReasonInput]: { value } } } },
  });

  it("reads a submission back: the request id and the trimmed reason", () => {
    expect(readRejectSubmission(submitted("  Not teaching this term.  "))).toEqual({
      ok: true,
      requestId: 12,
      reason: "Not teaching this term.",
      origin: { kind: "home" },
    });
  });

  it("reads back where the click was: an ephemeral list's response_url, a digest", () => {
    const list = {
      kind: "ephemeral-list" as const,
      channel: "D0123ABC",
      ts: "1732460400.123456",
      responseUrl: "https://hooks.slack.com/actions/T0123/456/abc",
    };
    expect(readRejectSubmission(submitted("No.", rejectReasonModal(12, summary, list).private_metadata))).toMatchObject({
      ok: true,
      origin: list,
    });
    const digest = { kind: "digest" as const, channel: "C0123ABC", ts: "1732460400.123456" };
    expect(readRejectSubmission(submitted("No.", rejectReasonModal(12, summary, digest).private_metadata))).toMatchObject({
      ok: true,
      origin: digest,
    });
  });

  it("answers a blank reason or a broken form with field errors for ack()", () => {
    expect(readRejectSubmission(submitted("   "))).toMatchObject({
      ok: false,
      errors: { [BLOCKS.rejectReasonInput]: expect.stringContaining("reason") },
    });
    expect(readRejectSubmission(submitted(null))).toMatchObject({ ok: false });
    expect(readRejectSubmission(submitted("x".repeat(1001)))).toMatchObject({ ok: false });
    expect(readRejectSubmission(submitted("fine", '{"id":"12"}'))).toMatchObject({ ok: false, log: expect.stringContaining("malformed") });
  });
});
