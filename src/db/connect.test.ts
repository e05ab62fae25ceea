// The embedded engine's data directory: one opener at a time across processes (an OS lock), parents created;
// and connection descriptions that never show a password. Uses PGlite whatever TEST_DATABASE_URL says.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeUrl, openDatabase } from "./connect.ts";
import { holdDataDirInAnotherProcess } from "../testing/hold-data-dir.ts";
import { DataDirInUseError, lockDataDir } from "./data-dir-lock.ts";

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-connect-"));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

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
        expect(JSON.parse(fs.readFileSync(lockOf(dataDir), "utf8"))).toMatchObject({ pid: process.pid, host: os.hostname() });
        await db.knex.raw("create table kept (n int)");
        await db.knex("kept").insert({ n: 7 });

        const error = await openDatabase({ dataDir }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DataDirInUseError);
        expect((error as DataDirInUseError).dataDir).toBe(dataDir);
        expect((error as DataDirInUseError).holder).toBe("this process");
        // The message says what to do about it.
        expect((error as Error).message).toContain(dataDir);
        expect((error as Error).message).toMatch(/Stop that process first/);
        expect((error as Error).message).toMatch(/DATABASE_URL/);
      } finally {
        await db.close();
      }

      const reopened = await openDatabase({ dataDir });
      try {
        expect((await reopened.knex("kept").select("n"))[0]).toEqual({ n: 7 });
      } finally {
        await reopened.close();
      }
    },
    SLOW,
  );

  it("refuses a directory another live process holds, naming it, before touching the directory", async () => {
    const dataDir = path.join(root, "held", "pgdata");
    const holder = await holdDataDirInAnotherProcess(dataDir);
    try {
      const error = await openDatabase({ dataDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataDirInUseError);
      expect((error as DataDirInUseError).holder).toMatch(new RegExp(`^pid ${holder.pid} on host ${os.hostname()} since `));
      expect((error as Error).message).toContain(`another Maestro process (pid ${holder.pid} on host`);
      expect((error as Error).message).toMatch(/Stop that process first .* or set DATABASE_URL/);
      expect(fs.existsSync(dataDir)).toBe(false);
    } finally {
      await holder.kill();
    }
  });
});

describe("lockDataDir across processes", () => {
  it("holds whatever pid the file names (containers each have their own pid 1), and frees at once when its holder dies", async () => {
    const dataDir = path.join(root, "two-processes", "pgdata");
    const holder = await holdDataDirInAnotherProcess(dataDir);
    try {
      // What a pid file could not survive: the text names a pid that is dead here (another container's, or reused).
      fs.writeFileSync(lockOf(dataDir), JSON.stringify({ pid: 1, host: "another-container", since: "2026-12-01T00:00:00Z" }));
      expect(() => lockDataDir(dataDir)).toThrow(DataDirInUseError);
      fs.writeFileSync(lockOf(dataDir), String(process.pid));
      expect(() => lockDataDir(dataDir)).toThrow(DataDirInUseError);
    } finally {
      await holder.kill(); // kill -9: no release code runs; the kernel drops the lock with the process
    }
    const release = lockDataDir(dataDir);
    release();
  });

  it("a second process waits for nothing once the first released it, and the first is refused while the second holds it", async () => {
    const dataDir = path.join(root, "hand-over", "pgdata");
    const release = lockDataDir(dataDir);
    release();
    const holder = await holdDataDirInAnotherProcess(dataDir);
    try {
      expect(() => lockDataDir(dataDir)).toThrow(/another Maestro process \(pid \d+ on host/);
    } finally {
      await holder.kill("SIGTERM");
    }
    lockDataDir(dataDir)();
  });
});

describe("lockDataDir", () => {
  it("takes a lock file left by anyone who no longer holds it: an old pid file, garbage, empty", () => {
    const dataDir = path.join(root, "leftovers", "pgdata");
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    for (const content of ["", "not a pid", "-1", String(process.pid), "4242"]) {
      fs.writeFileSync(lockOf(dataDir), content);
      lockDataDir(dataDir)();
    }
  });

  it("refuses a second hold in the same process; release is idempotent; a released lock can be taken again at once", () => {
    const dataDir = path.join(root, "again", "pgdata");
    const release = lockDataDir(dataDir);
    expect(() => lockDataDir(dataDir)).toThrow(/this Maestro process/);
    release();
    release();
    expect(fs.readFileSync(lockOf(dataDir), "utf8")).toBe("");
    lockDataDir(dataDir)();
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
