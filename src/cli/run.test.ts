// The CLI dispatcher with a fake terminal: help, unknown commands and options, and how known errors exit.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { CliIO } from "./command.ts";
import { commands } from "./commands/index.ts";
import { runCli } from "./run.ts";
import { holdDataDirInAnotherProcess } from "../testing/hold-data-dir.ts";
import { migrations } from "../../migrations/index.ts";

/** A CliIO that keeps what was printed. */
function fakeIO(): CliIO & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    stdout: () => out.join("\n"),
    stderr: () => err.join("\n"),
  };
}

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-cli-run-"));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** Points the CLI at an embedded database under the test's temporary directory. */
function useEmbeddedDatabase(name: string): string {
  const dataDir = path.join(root, name, "pgdata");
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("MAESTRO_DATA_DIR", dataDir);
  return dataDir;
}

describe("runCli", () => {
  it.each([["--help"], ["-h"], ["help"]])("%s lists every command and exits 0", async (flag) => {
    const io = fakeIO();
    expect(await runCli([flag], io)).toBe(0);
    expect(io.stdout()).toMatch(/Usage: maestro <command> \[options\]/);
    for (const command of commands) {
      const line = io
        .stdout()
        .split("\n")
        .find((l) => l.trim().startsWith(`${command.name} `));
      expect(line, command.name).toContain(command.summary);
    }
    expect(io.stdout()).toContain("migrate");
    expect(io.stderr()).toBe("");
  });

  it("with no command prints the help and exits 2", async () => {
    const io = fakeIO();
    expect(await runCli([], io)).toBe(2);
    expect(io.stdout()).toMatch(/Commands:/);
  });

  it("rejects an unknown command with exit 2 and the list of commands", async () => {
    const io = fakeIO();
    expect(await runCli(["frobnicate", "--now"], io)).toBe(2);
    expect(io.stderr()).toContain('Unknown command "frobnicate"');
    expect(io.stderr()).toContain("migrate");
    expect(io.stdout()).toBe("");
  });

  it("rejects an unknown option with exit 2 and the command's usage", async () => {
    const io = fakeIO();
    expect(await runCli(["migrate", "--frobnicate"], io)).toBe(2);
    expect(io.stderr()).toMatch(/Unknown option '--frobnicate'/);
    expect(io.stderr()).toContain("Usage: maestro migrate [--status] [--rollback-all]");
  });

  it("rejects a stray positional argument with exit 2", async () => {
    const io = fakeIO();
    expect(await runCli(["migrate", "now"], io)).toBe(2);
    expect(io.stderr()).toContain("Usage: maestro migrate");
  });

  it("prints a command's usage for <command> --help", async () => {
    const io = fakeIO();
    expect(await runCli(["migrate", "--help"], io)).toBe(0);
    expect(io.stdout()).toContain("apply pending database migrations");
    expect(io.stdout()).toContain("Usage: maestro migrate");
  });

  it("turns a malformed setting into exit 2 naming it, before opening any database", async () => {
    const dataDir = useEmbeddedDatabase("bad-setting");
    vi.stubEnv("PORT", "abc");
    const io = fakeIO();
    expect(await runCli(["migrate"], io)).toBe(2);
    expect(io.stderr()).toMatch(/PORT: must be a TCP port number/);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it("turns a data directory held by another process into exit 1 with what to do", async () => {
    const dataDir = useEmbeddedDatabase("held");
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    const holder = await holdDataDirInAnotherProcess(dataDir);
    try {
      const io = fakeIO();
      expect(await runCli(["migrate"], io)).toBe(1);
      expect(io.stderr()).toContain(`another Maestro process (pid ${holder.pid} on host`);
      expect(io.stderr()).toMatch(/Stop that process first/);
      expect(io.stderr()).not.toMatch(/^\s+at /m);
    } finally {
      await holder.kill();
    }
  });

  it("migrate applies, reports status, and is idempotent on an embedded database", async () => {
    useEmbeddedDatabase("fresh");
    const first = fakeIO();
    expect(await runCli(["migrate"], first)).toBe(0);
    expect(first.stdout()).toContain(`applied: ${migrations.map((m) => m.name).join(", ")} (embedded (`);

    const status = fakeIO();
    expect(await runCli(["migrate", "--status"], status)).toBe(0);
    expect(status.stdout()).toMatch(/applied {2}20261122_001_studio/);
    expect(status.stdout()).not.toMatch(/^ {2}pending {2}/m); // a status line, not a migration named "…pending…"

    const again = fakeIO();
    expect(await runCli(["migrate"], again)).toBe(0);
    expect(again.stdout()).toMatch(/^already up to date/);
  }, 120_000); // a fresh embedded database runs initdb: seconds alone, far more on a busy machine
});

describe("maestro start without Slack settings", () => {
  it("exits 2 naming the missing settings and pointing to the console", () => {
    const result = spawnSync(process.execPath, ["bin/maestro.js", "start"], {
      cwd: new URL("../..", import.meta.url).pathname,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        MAESTRO_DATA_DIR: path.join(os.tmpdir(), `maestro-start-${process.pid}`, "pg"),
      },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/SLACK_BOT_TOKEN/);
    expect(result.stderr).toMatch(/SLACK_SIGNING_SECRET/);
    expect(result.stderr).toMatch(/npm run console/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
