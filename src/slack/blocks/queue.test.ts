// The intake queue renders within Slack's limits for a normal, a huge and an empty queue, and echoes its filter.
import { describe, expect, it } from "vitest";
import { queueBlocks, QUEUE_MAX_ITEMS } from "./queue.ts";
import { expectValid, parsedStrings } from "../../testing/blocks/expect-valid.ts";
import { OPTS } from "../../testing/blocks/hostile.ts";
import { intake, queue, queueEmpty, queueNormal, queueOversized } from "../../testing/blocks/inputs.ts";

describe("queueBlocks", () => {
  it("renders counts by status and one section per intake", () => {
    const msg = expectValid(queueBlocks(queueNormal(), OPTS));
    expect(msg.blocks[0]).toMatchObject({ type: "header", text: { text: "Intake queue · 2 NEW · 1 TRIAGED · 0 QUALIFIED · 0 BOOKED" } });
    expect(msg.blocks).toHaveLength(4);
    expect(JSON.stringify(msg.blocks[1])).toContain("1 day old");
    expect(JSON.stringify(msg.blocks[2])).toContain("owner Sam Staff");
    expect(msg).toMatchSnapshot();
  });

  it("caps a 500-intake queue and says what to type for the rest", () => {
    const msg = expectValid(queueBlocks(queueOversized(), OPTS));
    expect(msg.blocks.filter((b) => b.type === "section")).toHaveLength(QUEUE_MAX_ITEMS);
    const last = JSON.stringify(msg.blocks.at(-1));
    expect(last).toContain("Showing 20 of 500 — and 480 more");
    expect(last).toContain("/maestro queue &lt;status&gt;");
  });

  it("keeps hostile names and goals inert", () => {
    const msg = expectValid(queueBlocks(queueOversized(), OPTS));
    expect(parsedStrings(msg).join("\n")).toContain("&lt;!channel&gt;");
  });

  it("says the queue is empty in one line, echoing the filter", () => {
    const open = expectValid(queueBlocks(queueEmpty(), OPTS));
    expect(open.blocks).toHaveLength(1);
    expect(open.text).toBe("The queue is empty (open intakes).");
    const filtered = queueBlocks(queue([], 0, { filter: { status: "NEW", owner_user_id: 3 }, counts_by_status: { NEW: 0 } }), OPTS);
    expect(filtered.text).toBe("The queue is empty (status NEW, owner user 3).");
    const unassigned = queueBlocks(queue([], 0, { filter: { status: "NEW", owner_user_id: "unassigned" } }), OPTS);
    expect(unassigned.text).toBe("The queue is empty (status NEW, unassigned).");
  });

  it("shows a later page as a range", () => {
    const page = queue([intake(20), intake(21)], 30, { offset: 20, filter: { status: "NEW", owner_user_id: "any" } });
    const msg = expectValid(queueBlocks(page, OPTS));
    expect(JSON.stringify(msg.blocks.at(-1))).toContain("Showing 21–22 of 30 — and 8 more");
  });
});
