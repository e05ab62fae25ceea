// The context block: the studio's local time, in the zone it is asked for, whichever zone was asked for before.
import { describe, expect, it } from "vitest";
import { contextBlock } from "./prompt.ts";

const at = (timeZone: string) =>
  contextBlock({ userName: "Sam", roles: ["STAFF"], now: new Date("2026-11-24T15:05:00Z"), timeZone, surface: "dm" });

describe("contextBlock", () => {
  it("shows the time in each zone asked for, alternating zones (one cached formatter per zone)", () => {
    for (let i = 0; i < 2; i++) {
      expect(at("Europe/London")).toContain(
        "studio time: Tuesday, 24 November 2026 at 15:05 (Europe/London); UTC 2026-11-24T15:05:00.000Z",
      );
      expect(at("America/New_York")).toContain("studio time: Tuesday, 24 November 2026 at 10:05 (America/New_York)");
    }
  });
});
