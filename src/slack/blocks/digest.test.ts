// The digest builder: what matters first, one line per empty section, an all-clear on a quiet day, and
// Slack's limits on any studio (500 pending items end with "and N more — `/maestro …`").
import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { BLOCKS, actionPattern, ACTIONS } from "../ids.ts";
import type { DigestContent } from "../../digest/digest-content.ts";
import { digestBlocks, markDigestDecision } from "./digest.ts";
import { blocksToText } from "../../console/render-blocks.ts";
import { buttonsOf, expectValid } from "../../testing/blocks/expect-valid.ts";
import { HOSTILE, NOW, TZ, long } from "../../testing/blocks/hostile.ts";
import { execution, intake, roleRequest, slot } from "../../testing/blocks/inputs.ts";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function content(over: Partial<DigestContent> = {}): DigestContent {
  return {
    version: 1,
    localDate: "2026-11-24",
    timeZone: TZ,
    generatedAt: NOW.toISOString(),
    queue: { total: 12, counts_by_status: { NEW: 4, TRIAGED: 3, QUALIFIED: 2, BOOKED: 3 } },
    newIntakes: {
      total: 4,
      items: range(4)
        .reverse()
        .map((i) => intake(i, { status: "NEW" })),
    }, // oldest first, as the tool returns them
    roleRequests: { total: 2, items: [roleRequest(0), roleRequest(1)] },
    failures: { total: 1, items: [execution(0, { status: "FAILED", error: "contact not found" })] },
    today: { booked: [slot(0, { status: "BOOKED" })], open: [slot(1, { status: "OPEN", booking: null })] },
    activity: {
      days: 7,
      total: 140,
      top: [
        { event_type: "IntakeCreated", count: 40 },
        { event_type: "RoleRequested", count: 3 },
      ],
    },
    changes: null,
    ...over,
  };
}

const text = (blocks: readonly KnownBlock[]) => blocksToText(blocks).join("\n");
const quiet = () =>
  content({
    newIntakes: { total: 0, items: [] },
    roleRequests: { total: 0, items: [] },
    failures: { total: 0, items: [] },
    today: { booked: [], open: [] },
  });

describe("digestBlocks", () => {
  it("leads with the headline numbers, then each section, with Approve / Reject per pending request", () => {
    const msg = expectValid(digestBlocks(content(), NOW));
    expect(msg.blocks[0]).toMatchObject({ type: "header", block_id: BLOCKS.digest });
    const out = text(msg.blocks);
    expect(out.indexOf("Open queue: 12")).toBeLessThan(out.indexOf("New, untriaged intakes · 4"));
    expect(out).toContain("Pending approvals: 2");
    expect(out).toContain("Workflow failures (24 h): 1");
    expect(out).toContain("Today: 1 booked · 1 open");
    expect(out).toMatch(/oldest waiting 4 days/);
    expect(out).toContain("contact not found");
    expect(out).toContain("Last 7 days: 140 events — 40 IntakeCreated · 3 RoleRequested");
    const buttons = buttonsOf(msg);
    expect(buttons.map((b) => b.action_id)).toEqual([
      "maestro.role.approve:1",
      "maestro.role.reject:1",
      "maestro.role.approve:2",
      "maestro.role.reject:2",
    ]);
    expect(actionPattern(ACTIONS.roleApprove).test(String(buttons[0]!.action_id))).toBe(true);
    const actionBlocks = msg.blocks.filter((b) => b.type === "actions").map((b) => b.block_id);
    expect(actionBlocks).toEqual([`${BLOCKS.digestRoleActions}:1`, `${BLOCKS.digestRoleActions}:2`]);
    expect(msg.text).toBe("Morning digest: 4 new intakes, 2 pending role requests, 1 workflow failure in 24 h.");
  });

  it("says an empty section in one line", () => {
    const msg = expectValid(
      digestBlocks(
        content({ failures: { total: 0, items: [] }, roleRequests: { total: 0, items: [] }, today: { booked: [], open: [] } }),
        NOW,
      ),
    );
    const out = text(msg.blocks);
    expect(out).toContain("Workflow failures — no workflow failures in the last 24 h.");
    expect(out).toContain("Pending role requests — none.");
    expect(out).toContain("Today — no bookings and no open slots.");
    expect(buttonsOf(msg)).toHaveLength(0);
  });

  it("posts a short all-clear on a quiet day", () => {
    const msg = expectValid(digestBlocks(quiet(), NOW));
    const out = text(msg.blocks);
    expect(out).toContain(
      "All clear. No new intakes waiting, no pending role requests and no workflow failures in the last 24 h. Nothing booked today.",
    );
    expect(out).toContain("Open queue 12: 4 NEW · 3 TRIAGED · 2 QUALIFIED · 3 BOOKED");
    expect(msg.blocks.length).toBeLessThanOrEqual(10);
    expect(out).not.toContain("Pending approvals");
  });

  it("shows a part whose tool failed as unavailable, not as zero", () => {
    const msg = expectValid(
      digestBlocks(content({ failures: { error: "list_workflow_executions failed because of an internal error." } }), NOW),
    );
    const out = text(msg.blocks);
    expect(out).toContain("Workflow failures (24 h): ⚠️ unavailable");
    expect(out).toContain("Could not load this: list_workflow_executions failed");
    expect(msg.text).toContain("? workflow failures");
  });

  it("fits Slack's limits with 500 pending requests, 500 NEW intakes and hostile text, ending lists with the command", () => {
    const big = content({
      queue: { total: 1000, counts_by_status: { NEW: 500, TRIAGED: 500, QUALIFIED: 0, BOOKED: 0 } },
      newIntakes: { total: 500, items: range(5).map((i) => intake(i, { status: "NEW", contact_name: long(400), audience: HOSTILE })) },
      roleRequests: {
        total: 500,
        items: range(5).map((i) => roleRequest(i, { reason: long(5000), user: { id: i + 1, name: long(300), email: HOSTILE } })),
      },
      failures: { total: 500, items: range(5).map((i) => execution(i, { error: long(5000), rule: { id: i, name: long(300) } })) },
      today: {
        booked: range(40).map((i) => slot(i, { status: "BOOKED" })),
        open: range(40).map((i) => slot(i + 40, { status: "OPEN", booking: null })),
      },
      activity: { days: 7, total: 99_999, top: range(50).map((i) => ({ event_type: long(200), count: i })) },
      summary: long(2000),
    });
    const msg = expectValid(digestBlocks(big, NOW));
    const out = text(msg.blocks);
    expect(out).toContain("…and 495 more — /maestro approvals");
    expect(out).toContain("…and 495 more — /maestro queue new");
    expect(out).toContain("…and 495 more — /maestro workflows failed");
    expect(out).toContain("…and 30 more — /maestro bookings");
    expect(buttonsOf(msg)).toHaveLength(10);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
  });

  it("says what changed since the previous digest", () => {
    const changes = {
      previousDate: "2026-11-23",
      postedAt: "2026-11-23T08:00:00.000Z",
      figures: [
        { label: "open queue", now: 12, before: 9 },
        { label: "approvals", now: 2, before: 3 },
      ],
    };
    const out = text(digestBlocks(content({ changes }), NOW).blocks);
    expect(out).toContain("Since the digest of Mon 23 Nov, 08:00: open queue 12 (+3) · approvals 2 (−1)");
    expect(text(digestBlocks(content(), NOW).blocks)).toContain("First digest: nothing to compare with yet.");
  });
});

describe("markDigestDecision", () => {
  it("replaces only the decided request's buttons with the outcome", () => {
    const msg = digestBlocks(content(), NOW);
    const after = markDigestDecision(msg.blocks, 1, "✅ Approved by <!channel> Sam");
    expectValid({ text: msg.text, blocks: after });
    expect(after).toHaveLength(msg.blocks.length);
    expect(buttonsOf({ blocks: after }).map((b) => b.action_id)).toEqual(["maestro.role.approve:2", "maestro.role.reject:2"]);
    expect(JSON.stringify(after)).toContain("Approved by &lt;!channel&gt; Sam");
  });
});
