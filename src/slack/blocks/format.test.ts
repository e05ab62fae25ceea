// Times in the studio's zone and relative times, the way cards show them.
import { describe, expect, it } from "vitest";
import { age, dayKey, duration, formatClock, formatDay, formatMs, formatTime, percent, relative, signed } from "./format.ts";

const now = new Date("2026-11-24T15:00:00.000Z");
const london = { timeZone: "Europe/London", now };
const newYork = { timeZone: "America/New_York", now };

describe("formatting times", () => {
  it("formats in the studio time zone", () => {
    expect(formatTime("2026-11-24T10:00:00.000Z", london)).toBe("Tue 24 Nov, 10:00");
    expect(formatTime("2026-11-24T10:00:00.000Z", newYork)).toBe("Tue 24 Nov, 05:00");
    expect(formatClock("2026-11-24T10:00:00.000Z", "America/New_York")).toBe("05:00");
  });

  it("adds the year only when it is not this year", () => {
    expect(formatTime("2025-11-24T10:00:00.000Z", london)).toContain("2025");
  });

  it("groups by the local calendar day", () => {
    // 02:00 UTC on the 25th is still the 24th in New York.
    expect(dayKey("2026-11-25T02:00:00.000Z", "America/New_York")).toBe("2026-11-24");
    expect(dayKey("2026-11-25T02:00:00.000Z", "Europe/London")).toBe("2026-11-25");
    expect(formatDay("2026-11-24T20:00:00.000Z", london)).toBe("Today · Tuesday 24 November");
    expect(formatDay("2026-11-25T20:00:00.000Z", london)).toBe("Tomorrow · Wednesday 25 November");
    expect(formatDay("2026-11-27T20:00:00.000Z", london)).toBe("Friday 27 November");
  });

  it("says unknown for a missing or bad time instead of Invalid Date", () => {
    expect(formatTime(null, london)).toBe("unknown time");
    expect(formatTime("nope", london)).toBe("unknown time");
    expect(relative(undefined, now)).toBe("at an unknown time");
  });
});

describe("relative times", () => {
  it.each([
    ["2026-11-21T15:00:00.000Z", "3 days ago"],
    ["2026-11-24T17:30:00.000Z", "in 2 hours"],
    ["2026-11-24T14:59:30.000Z", "just now"],
    ["2026-11-24T14:00:00.000Z", "1 hour ago"],
    ["2026-11-24T14:45:00.000Z", "15 minutes ago"],
    ["2024-11-24T15:00:00.000Z", "2 years ago"],
  ])("%s is %s", (at, words) => {
    expect(relative(at, now)).toBe(words);
  });

  it("ages without 'ago'", () => {
    expect(age("2026-11-21T15:00:00.000Z", now)).toBe("3 days");
    expect(duration(30_000)).toBe("under a minute");
  });

  it("formats small numbers the way cards show them", () => {
    expect(formatMs(12)).toBe("12 ms");
    expect(formatMs(1234)).toBe("1.2 s");
    expect(formatMs(null)).toBe("—");
    expect(percent(45.55)).toBe("45.6%");
    expect(percent(null)).toBe("—");
    expect(signed(5)).toBe("+5");
    expect(signed(-2.5, " pts")).toBe("−2.5 pts");
    expect(signed(0)).toBe("±0");
    expect(signed(null)).toBe("");
  });
});
