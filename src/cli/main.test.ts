// The CLI entry point as a process: a reader that closes stdout early (`| head -1`) ends it quietly.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

const repoRoot = new URL("../..", import.meta.url).pathname;

describe("bin/maestro.js", () => {
  it("exits 0 without a stack trace when stdout closes before it is done writing", async () => {
    const child = spawn(process.execPath, ["bin/maestro.js", "tool", "--list"], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Closed at once: the CLI takes ~1 s to load, so every write it makes meets a closed pipe (EPIPE), not only
    // those after the first line, as `head -1` would.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += String(chunk)));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
