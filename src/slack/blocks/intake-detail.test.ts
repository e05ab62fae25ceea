// One intake in full: fields, goals, a bounded history timeline and bookings, for normal, huge and bare intakes.
import { describe, expect, it } from "vitest";
import { HISTORY_MAX_ITEMS, intakeDetailBlocks } from "./intake-detail.ts";
import { expectValid } from "../../testing/blocks/expect-valid.ts";
import { HOSTILE, long, OPTS } from "../../testing/blocks/hostile.ts";
import { detail } from "../../testing/blocks/inputs.ts";

describe("intakeDetailBlocks", () => {
  it("renders fields, goals, history and bookings", () => {
    const msg = expectValid(intakeDetailBlocks(detail(), OPTS));
    expect(msg.blocks[0]).toMatchObject({ type: "header", text: { text: "Pat Prospect · TRIAGED" } });
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain("Called, left a voicemail.");
    expect(json).toContain("Wed 25 Nov, 17:00–18:00");
    expect(msg).toMatchSnapshot();
  });

  it("bounds 100 history entries with 10k-character notes, a 10k goal and a 300-character name", () => {
    const msg = expectValid(
      intakeDetailBlocks(
        detail({ name: long(300), goals: long(10_000), notes: long(10_000), entries: 100, total: 140, bookings: 40 }),
        OPTS,
      ),
    );
    expect(msg.blocks.filter((b) => b.type === "context").length).toBeLessThanOrEqual(HISTORY_MAX_ITEMS + 1);
    expect(JSON.stringify(msg.blocks)).toContain("Showing 15 of 140 — and 125 more");
    expect((msg.blocks[0] as { text: { text: string } }).text.text).toMatch(/… · TRIAGED$/);
  });

  it("says so when there are no goals, history or bookings", () => {
    const msg = expectValid(intakeDetailBlocks(detail({ goals: null, entries: 0, bookings: 0 }), OPTS));
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain("_none given_");
    expect(json).toContain("No status changes or notes yet.");
    expect(json).toContain("_No bookings._");
  });

  it("keeps a hostile name inert in mrkdwn", () => {
    expectValid(intakeDetailBlocks(detail({ name: HOSTILE, goals: HOSTILE, notes: HOSTILE }), OPTS));
  });
});
