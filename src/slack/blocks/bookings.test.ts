// The calendar grouped by local day, within limits for a normal, a crowded and an empty window.
import { describe, expect, it } from "vitest";
import { bookingBlocks } from "./bookings.ts";
import { expectValid } from "../../testing/blocks/expect-valid.ts";
import { NOW, OPTS } from "../../testing/blocks/hostile.ts";
import { bookings, bookingsNormal, bookingsOversized, slot } from "../../testing/blocks/inputs.ts";

describe("bookingBlocks", () => {
  it("groups slots by local day with time range, status and who booked", () => {
    const msg = expectValid(bookingBlocks(bookingsNormal(), OPTS));
    const days = msg.blocks.filter((b) => b.type === "section").map((b) => JSON.stringify(b));
    expect(days[0]).toContain("Today · Tuesday 24 November");
    expect(days[0]).toContain("17:00–18:00 · BOOKED · Pat Prospect (intake 40) · slot 1");
    expect(msg).toMatchSnapshot();
  });

  it("groups by the studio's day, not UTC's", () => {
    // 03:00 UTC on the 25th is the evening of the 24th in New York.
    const late = bookings([slot(0, { start_at: "2026-11-25T03:00:00.000Z", end_at: "2026-11-25T04:00:00.000Z" })]);
    const ny = JSON.stringify(bookingBlocks(late, { timeZone: "America/New_York", now: NOW }).blocks);
    expect(ny).toContain("Today · Tuesday 24 November");
    expect(ny).toContain("22:00–23:00");
  });

  it("shows the end's date when a slot crosses midnight", () => {
    const msg = bookingBlocks(bookings([slot(0, { start_at: "2026-11-24T23:00:00.000Z", end_at: "2026-11-25T01:00:00.000Z" })]), OPTS);
    expect(JSON.stringify(msg.blocks)).toContain("23:00–Wed 25 Nov, 01:00");
  });

  it("bounds 200 slots with 300-character names within 50 blocks", () => {
    const msg = expectValid(bookingBlocks(bookingsOversized(), OPTS));
    expect(JSON.stringify(msg.blocks.at(-1))).toContain("of 5,000");
  });

  it("says the window is empty in one line", () => {
    const msg = expectValid(bookingBlocks(bookings([], 0), OPTS));
    expect(msg.blocks).toHaveLength(1);
    expect(msg.text).toMatch(/^No slots from Tue 24 Nov, 15:00 to Tue 8 Dec, 15:00\.$/);
  });
});
