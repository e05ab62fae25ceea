// `maestro evals` as typed: flags checked before anything runs, and --live without a key only says it needs one.
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/run.ts";
import { DEFAULT_THRESHOLD } from "./scoring.ts";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) }, out, err };
}

describe("maestro evals", () => {
  it("documents the same default threshold the scoring uses", async () => {
    const { io, out } = capture();
    expect(await runCli(["evals", "--help"], io)).toBe(0);
    expect(out.join("\n")).toContain(`(default ${DEFAULT_THRESHOLD})`);
  });

  it("refuses bad flags and unknown filters with usage help", async () => {
    for (const argv of [
      ["--trials", "0"],
      ["--threshold", "2"],
      ["--replay", "--live"],
      ["--category", "nope"],
      ["--type", "intake"],
      ["--scenario", "maestro-nope"],
    ]) {
      const { io, err } = capture();
      expect(await runCli(["evals", ...argv], io), argv.join(" ")).toBe(2);
      expect(err.join("\n"), argv.join(" ")).toMatch(/Usage: maestro evals/);
    }
  });

  it("lists the scenarios of a category", async () => {
    const { io, out } = capture();
    expect(await runCli(["evals", "--type", "maestro", "--category", "diagnostics", "--list"], io)).toBe(0);
    expect(out.map((l) => l.split(/\s+/)[0])).toEqual(["maestro-health-check", "maestro-audit-log"]);
  });
});
