// The embedded engine's data directory: one opener at a time, stale locks taken over, parents created;
// and connection descriptions that never show a password. Uses PGlite whatever TEST_DATABASE_URL says.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeUrl, openDatabase } from "./connect.ts";
import { DataDirInUseError, lockDataDir } from "./data-dir-lock.ts";

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-connect-"));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid!;
}

/** Runs `fn` while another live process exists; passes its pid. */
async function withLiveProcess(fn: (pid: number) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  try {
    await fn(child.pid!);
  } finally {
    child.kill();
  }
}

const lockOf = (dataDir: string) => `${dataDir}.lock`;

// Each fresh embedded instance runs initdb (~2.5 s alone, far more on a busy machine): a generous timeout.
const SLOW = 120_000;

describe("openDatabase on a data directory", () => {
  it(
    "creates missing parent directories, keeps data across reopen, and refuses a second opener while open",
    async () => {
      const dataDir = path.join(root, "does", "not", "exist", "yet", "pgdata");
      const db = await openDatabase({ dataDir });
      try {
        expect(db.engine).toBe("pglite");
        expect(db.description).toBe(`embedded (${dataDir})`);
        expect(fs.existsSync(dataDir)).toBe(true);
        expect(fs.readFileSync(lockOf(dataDir), "utf8")).toBe(String(process.pid));
        await db.knex.raw("create table kept (n int)");
        await db.knex("kept").insert({ n: 7 });

        const error = await openDatabase({ dataDir }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DataDirInUseError);
        expect((error as DataDirInUseError).dataDir).toBe(dataDir);
        expect((error as DataDirInUseError).pid).toBe(process.pid);
        // The message says what to do about it.
        expect((error as Error).message).toContain(dataDir);
        expect((error as Error).message).toMatch(/Stop that process first/);
        expect((error as Error).message).toMatch(/DATABASE_URL/);
        // The refused opener left the holder's lock alone.
        expect(fs.readFileSync(lockOf(dataDir), "utf8")).toBe(String(process.pid));
      } finally {
        await db.close();
      }
      expect(fs.existsSync(lockOf(dataDir))).toBe(false);

      const reopened = await openDatabase({ dataDir });
      try {
        expect((await reopened.knex("kept").select("n"))[0]).toEqual({ n: 7 });
      } finally {
        await reopened.close();
      }
    },
    SLOW,
  );

  it(
    "takes over a stale lock whose process is gone (a crash, a kill -9)",
    async () => {
      const dataDir = path.join(root, "stale", "pgdata");
      fs.mkdirSync(path.dirname(dataDir), { recursive: true });
      fs.writeFileSync(lockOf(dataDir), String(deadPid()));
      const db = await openDatabase({ dataDir });
      try {
        expect(fs.readFileSync(lockOf(dataDir), "utf8")).toBe(String(process.pid));
        expect((await db.knex.raw("select 1 as one")).rows).toEqual([{ one: 1 }]);
      } finally {
        await db.close();
      }
      expect(fs.existsSync(lockOf(dataDir))).toBe(false);
    },
    SLOW,
  );

  it("refuses a directory another live process holds, naming its pid, before touching the directory", async () => {
    const dataDir = path.join(root, "held", "pgdata");
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await withLiveProcess(async (pid) => {
      fs.writeFileSync(lockOf(dataDir), String(pid));
      const error = await openDatabase({ dataDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataDirInUseError);
      expect((error as DataDirInUseError).pid).toBe(pid);
      expect((error as Error).message).toContain(`another Maestro process (pid ${pid})`);
      expect((error as Error).message).toMatch(/Stop that process first .* or set DATABASE_URL/);
      expect(fs.existsSync(dataDir)).toBe(false);
      expect(fs.readFileSync(lockOf(dataDir), "utf8")).toBe(String(pid));
    });
  });
});

describe("lockDataDir", () => {
  it("takes over a lock naming this pid that this process does not hold (a restarted container reuses pids)", () => {
    const dataDir = path.join(root, "reused-pid", "pgdata");
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    fs.writeFileSync(lockOf(dataDir), String(process.pid));
    const release = lockDataDir(dataDir);
    expect(() => lockDataDir(dataDir)).toThrow(DataDirInUseError);
    release();
    release(); // idempotent
    expect(fs.existsSync(lockOf(dataDir))).toBe(false);
  });

  it("takes over an unreadable or empty lock file", () => {
    const dataDir = path.join(root, "garbage", "pgdata");
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    for (const content of ["", "not a pid", "-1"]) {
      fs.writeFileSync(lockOf(dataDir), content);
      lockDataDir(dataDir)();
    }
    expect(fs.existsSync(lockOf(dataDir))).toBe(false);
  });

  it("a released lock can be taken again at once", () => {
    const dataDir = path.join(root, "again", "pgdata");
    lockDataDir(dataDir)();
    lockDataDir(dataDir)();
    expect(fs.existsSync(lockOf(dataDir))).toBe(false);
  });
});

describe("describeUrl", () => {
  it.each([
    ["postgres://maestro:s3cret@db.internal:5432/studio", "postgresql://maestro@db.internal:5432/studio"],
    ["postgresql://maestro:p%40ss%3Aw0rd@db/studio?sslmode=require&password=s3cret", "postgresql://maestro@db/studio"],
    ["postgres://postgres@127.0.0.1:5432/postgres", "postgresql://postgres@127.0.0.1:5432/postgres"],
    ["postgres://:s3cret@db/studio", "postgresql://db/studio"],
  ])("%s is described as %s", (url, expected) => {
    expect(describeUrl(url)).toBe(expected);
    expect(describeUrl(url)).not.toMatch(/s3cret|p%40ss|w0rd/);
  });

  it("says nothing of an unparseable URL (it may still hold a password)", () => {
    expect(describeUrl("postgres://maestro:s3cret@[bad")).toBe("postgresql (unparseable URL)");
  });
});
