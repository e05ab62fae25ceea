// The progress sink: a bar redrawn in place on a terminal (at most every 100 ms, always at 100 %), plain lines every
// 10 s elsewhere, and the bar cleared before the summary.
import { describe, expect, it } from "vitest";
import { createProgress } from "./import-progress.ts";

function fakeClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("import progress", () => {
  it("draws a bar on a terminal, throttled, and clears it", () => {
    const clock = fakeClock();
    const written: string[] = [];
    const progress = createProgress({ tty: { write: (text) => written.push(text), columns: 80 }, line: () => {}, now: clock.now });
    clock.advance(1000);
    progress.update({ rows: 500, bytesRead: 250, totalBytes: 1000 });
    progress.update({ rows: 1000, bytesRead: 500, totalBytes: 1000 }); // within 100 ms: not redrawn
    clock.advance(1000);
    progress.update({ rows: 2000, bytesRead: 1000, totalBytes: 1000 });
    progress.finish();
    expect(written).toHaveLength(3);
    expect(written[0]).toBe("\r[########......................]  25%  500 rows  500 rows/s");
    expect(written[1]).toBe("\r[##############################] 100%  2,000 rows  1,000 rows/s");
    expect(written[2]).toMatch(/^\r +\r$/);
  });

  it("prints a plain line every 10 s when stderr is not a terminal", () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const progress = createProgress({ tty: null, line: (text) => lines.push(text), now: clock.now });
    clock.advance(5_000);
    progress.update({ rows: 10_000, bytesRead: 100, totalBytes: 1000 });
    clock.advance(6_000);
    progress.update({ rows: 22_000, bytesRead: 220, totalBytes: 1000 });
    progress.finish();
    expect(lines).toEqual(["import: 22,000 rows read (22 % of the file), 2,000 rows/s"]);
  });
});
