// `maestro console` run twice on one data directory: the second session's first Home open and DM are answered, not
// dropped as retries of the first session's events (its de-duplication receipts live in the database).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/maestro.js");
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-console-twice-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** One console session over a pipe: the lines in, everything it printed out. */
function session(lines: string[]): Promise<{ code: number | null; output: string }> {
  const env: Record<string, string | undefined> = { ...process.env, MAESTRO_DATA_DIR: path.join(dir, "pgdata") };
  for (const name of ["DATABASE_URL", "TEST_DATABASE_URL", "ANTHROPIC_API_KEY", "MAESTRO_ADMIN_SLACK_IDS"]) delete env[name];
  // An empty working directory, so no .env is read.
  const child = spawn(process.execPath, [BIN, "console"], { cwd: dir, env, stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  child.stdin.end(`${lines.join("\n")}\n`);
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
}

describe("maestro console, twice on one data directory", () => {
  it("answers the first Home open and DM of the second session too", async () => {
    const lines = [":home", "hello there", ":quit"];
    const first = await session(lines);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toMatch(/seeded the demo studio/);
    const second = await session(lines);
    expect(second.code, second.output).toBe(0);
    expect(second.output).not.toMatch(/seeded/);
    for (const { output } of [first, second]) {
      expect(output).toMatch(/Maestro → your Home tab\n {2}MAESTRO · STUDIO SNAPSHOT/);
      expect(output).toMatch(/› hello there\nMaestro → your DM · in a thread\n {2}I can't answer free-text questions here/);
      expect(output).not.toMatch(/nothing visible came back/);
    }
  }, 180_000);
});
