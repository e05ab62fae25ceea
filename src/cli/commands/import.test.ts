// `maestro import` as a person runs it: usage mistakes and unreadable files are said before any database is opened;
// a dry run prints what would happen, writes nothing, and a --report file holds every row.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { CliIO } from "../command.ts";
import { runCli } from "../run.ts";

function fakeIO(): CliIO & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (l) => out.push(l), err: (l) => err.push(l), stdout: () => out.join("\n"), stderr: () => err.join("\n") };
}

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-cli-import-"));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

function env() {
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("MAESTRO_DATA_DIR", path.join(root, "pgdata"));
}

describe("maestro import", () => {
  it("asks what the file holds and for one file", async () => {
    for (const argv of [["import"], ["import", "invoices", "x.csv"], ["import", "contacts"]]) {
      const io = fakeIO();
      expect(await runCli(argv, io)).toBe(2);
      expect(io.stderr()).toMatch(/Say what the file holds: contacts, intakes, people|Give exactly one CSV file/);
    }
  });

  it("names the missing columns and opens no database", async () => {
    env();
    const file = path.join(root, "no-email.csv");
    fs.writeFileSync(file, "Name,Phone\r\nAna,555\r\n");
    const io = fakeIO();
    expect(await runCli(["import", "contacts", file], io)).toBe(1);
    expect(io.stderr()).toMatch(/lacks a required column for contacts: "email"/);
    expect(fs.existsSync(path.join(root, "pgdata"))).toBe(false);
  });

  it("a dry run prints what would happen and writes nothing; --report holds every row", async () => {
    env();
    const file = path.join(root, "contacts.csv");
    fs.writeFileSync(file, "email,name\r\nana@example.com,Ana\r\nnope,Bob\r\n");
    const report = path.join(root, "report.csv");
    const dry = fakeIO();
    expect(await runCli(["import", "contacts", file, "--dry-run", "--report", report], dry)).toBe(1);
    expect(dry.stdout()).toMatch(/row +2 +would create +ana@example\.com/);
    expect(dry.stdout()).toMatch(/row +3 +refused +nope +email: "nope" is not an email address/);
    expect(dry.stdout()).toMatch(/Dry run: nothing was written\. 2 contacts rows: 1 would be created, 0 updated, 0 unchanged, 1 refused\./);
    expect(fs.readFileSync(report, "utf8")).toBe(
      'row,outcome,email,id,fields,reason\r\n2,would create,ana@example.com,,,\r\n3,refused,nope,,email,"""nope"" is not an email address"\r\n',
    );
    const real = fakeIO();
    expect(await runCli(["import", "contacts", file], real)).toBe(1);
    expect(real.stdout()).toMatch(/Imported contacts: 2 rows: 1 created, 0 updated, 0 unchanged, 1 refused/);
  }, 120_000);
});
