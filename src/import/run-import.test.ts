// Imports on a real database (both engines): a dry run writes nothing yet reports what a real run does, a second run
// changes nothing, bad rows are refused with their reasons while good rows land, and a file's header is checked first.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "../domain/actor.ts";
import { manualClock } from "../domain/clock.ts";
import type { RowOutcome } from "../domain/imports/import-batch.ts";
import { countRows } from "../seed/count-rows.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { ImportFileError } from "./import-error.ts";
import type { ImportKindName } from "./import-kinds.ts";
import { runImport, type ImportSummary } from "./run-import.ts";

let db: TestDatabase;
let dir: string;
const clock = manualClock("2026-12-02T10:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-import-"));
});
afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.knex.raw(
    "truncate contacts, intake_requests, intake_status_history, users, role_assignments, audit_log, feed_events, workflow_rules, workflow_executions, email_outbox restart identity cascade",
  );
});

function csvFile(content: string | Buffer, name = "file.csv"): string {
  const file = path.join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}-${name}`);
  fs.writeFileSync(file, content);
  return file;
}

async function importFile(
  kind: ImportKindName,
  file: string,
  over: { dryRun?: boolean; fireRules?: boolean; grantAdmin?: boolean; batchSize?: number } = {},
) {
  const outcomes: RowOutcome[] = [];
  const summary: ImportSummary = await runImport(db.knex, {
    kind,
    file,
    dryRun: over.dryRun ?? false,
    fireRules: over.fireRules ?? false,
    grantAdmin: over.grantAdmin ?? false,
    batchSize: over.batchSize,
    actor: systemActor("cli"),
    clock,
    onBatch: (batch) => void outcomes.push(...batch),
  });
  return { summary, outcomes, byRow: (row: number) => outcomes.find((o) => o.row === row) };
}

const CONTACTS = [
  "email,name,status,source",
  "ana@example.com,Ana Lima,NEW,website",
  "bob@example.com,Bob Reyes,qualified,walk-in",
  "not-an-email,Carl,,",
  "dan@example.com,,,",
  "eve@example.com,Eve Park,SLEEPING,",
  "",
  "fay@example.com,Fay Ito,,instagram",
].join("\n");

describe("import contacts", () => {
  it("a dry run writes nothing and reports exactly what the real run then does", async () => {
    const file = csvFile(CONTACTS);
    const before = await countRows(db.knex);
    const dry = await importFile("contacts", file, { dryRun: true });
    expect(await countRows(db.knex)).toEqual(before);
    const real = await importFile("contacts", file);
    const strip = (o: RowOutcome) => ({ row: o.row, outcome: o.outcome, fields: o.fields, reason: o.reason });
    expect(dry.outcomes.map(strip)).toEqual(real.outcomes.map(strip));
    expect(dry.summary.counts).toEqual({ created: 3, updated: 0, unchanged: 0, refused: 3 });
    expect(real.summary.counts).toEqual(dry.summary.counts);
    expect(await db.knex("contacts").orderBy("id").select("name", "email", "status", "source")).toEqual([
      { name: "Ana Lima", email: "ana@example.com", status: "NEW", source: "website" },
      { name: "Bob Reyes", email: "bob@example.com", status: "QUALIFIED", source: "walk-in" },
      { name: "Fay Ito", email: "fay@example.com", status: "NEW", source: "instagram" },
    ]);
  });

  it("refuses bad rows with the row, the field and the reason, while the good rows land", async () => {
    const { byRow, summary } = await importFile("contacts", csvFile(CONTACTS));
    expect(byRow(4)).toMatchObject({ outcome: "refused", fields: ["email"], reason: '"not-an-email" is not an email address' });
    expect(byRow(5)).toMatchObject({ outcome: "refused", fields: ["name"], reason: expect.stringMatching(/new contact needs a name/) });
    expect(byRow(6)).toMatchObject({
      outcome: "refused",
      fields: ["contact status"],
      reason: expect.stringMatching(/"SLEEPING" is not a contact status; use one of NEW, CONTACTED/),
    });
    expect(byRow(2)).toMatchObject({ outcome: "created", id: expect.any(Number) });
    // Rows keep the spreadsheet's numbers (header = row 1, a blank line is an empty row, skipped).
    expect(byRow(8)).toMatchObject({ outcome: "created", email: "fay@example.com" });
    expect(summary.rows).toBe(6);
  });

  it("a second run changes nothing; a changed cell updates only that field; an empty cell keeps it", async () => {
    const file = csvFile(CONTACTS);
    await importFile("contacts", file);
    const rows = await db.knex("contacts").orderBy("id").select("*");
    const audits = await db.knex("audit_log").count<{ n: number }[]>("* as n");
    const again = await importFile("contacts", file);
    expect(again.summary.counts).toEqual({ created: 0, updated: 0, unchanged: 3, refused: 3 });
    expect(await db.knex("contacts").orderBy("id").select("*")).toEqual(rows);
    // Only the run's own audit row is new.
    expect(Number((await db.knex("audit_log").count<{ n: number }[]>("* as n"))[0]!.n)).toBe(Number(audits[0]!.n) + 1);

    const edited = await importFile("contacts", csvFile("E-mail,Name,Status\nANA@EXAMPLE.COM,,CONTACTED\n"));
    expect(edited.outcomes).toEqual([expect.objectContaining({ row: 2, outcome: "updated", fields: ["status"], id: rows[0].id })]);
    expect(await db.knex("contacts").where({ id: rows[0].id }).first()).toMatchObject({
      name: "Ana Lima",
      status: "CONTACTED",
      source: "website",
    });
  });

  it("audits each change and the run: the file, the counts", async () => {
    const { summary } = await importFile("contacts", csvFile(CONTACTS, "studio-contacts.csv"));
    const audits = await db.knex("audit_log").orderBy("id").select("action", "target_type", "details");
    expect(audits.filter((a) => a.action === "contact.create")).toHaveLength(3);
    expect(audits.at(-1)).toMatchObject({
      action: "import.run",
      target_type: "import",
      details: { kind: "contacts", file: expect.stringMatching(/studio-contacts\.csv$/), rows: 6, created: 3, refused: 3, completed: true },
    });
    expect(audits[0]!.details).toMatchObject({
      import_id: summary.importId,
      row: 2,
      email: "ana@example.com",
      name: "Ana Lima",
      status: "NEW",
      source: "website",
    });
    // No feed events without --fire-rules: an import of old contacts is not a wave of new ones.
    expect(await db.knex("feed_events").count<{ n: number }[]>("* as n")).toEqual([{ n: expect.anything() }]);
    expect(Number((await db.knex("feed_events").count<{ n: number }[]>("* as n"))[0]!.n)).toBe(0);
  });

  it("reads a spreadsheet's export: BOM, CRLF, quoted commas and line breaks, aliases, first + last name, semicolons", async () => {
    const bom = "\uFEFF";
    const comma = `${bom}E-Mail Address,First Name,Last Name,Lead Source,Phone\r\nana@example.com,Ana,"Lima, Jr.","web, via ""Google""",555\r\nbob@example.com,"Bob","Re\r\nyes",,\r\n`;
    const { outcomes, summary } = await importFile("contacts", csvFile(comma));
    expect(outcomes.map((o) => o.outcome)).toEqual(["created", "created"]);
    expect(summary.ignoredColumns).toEqual(["Phone"]);
    expect(await db.knex("contacts").orderBy("id").select("name", "source")).toEqual([
      { name: "Ana Lima, Jr.", source: 'web, via "Google"' },
      { name: "Bob Re\r\nyes", source: null },
    ]);
    const semicolons = await importFile("contacts", csvFile("Email;Name\r\ncy@example.com;Cy Twombly\r\n"));
    expect(semicolons.outcomes).toEqual([expect.objectContaining({ outcome: "created", email: "cy@example.com" })]);
  });

  it("refuses a row with more cells than the header, and a later row about the same email", async () => {
    const { byRow } = await importFile(
      "contacts",
      csvFile("email,name\nana@example.com,Ana,Lima\nbob@example.com,Bob\nBOB@example.com,Robert\n"),
    );
    expect(byRow(2)).toMatchObject({ outcome: "refused", fields: ["row"], reason: expect.stringMatching(/3 cells but the header has 2/) });
    expect(byRow(4)).toMatchObject({ outcome: "refused", reason: "row 3 of this file is already about this email; merge the two rows" });
  });

  it("batches: rows of one file across many batches give the same result as one batch", async () => {
    const lines = ["email,name", ...Array.from({ length: 23 }, (_, i) => `p${i}@example.com,Person ${i}`), "p3@example.com,Again"];
    const { summary } = await importFile("contacts", csvFile(lines.join("\n")), { batchSize: 4 });
    expect(summary.counts).toEqual({ created: 23, updated: 0, unchanged: 0, refused: 1 });
    expect(Number((await db.knex("contacts").count<{ n: number }[]>("* as n"))[0]!.n)).toBe(23);
  });
});

describe("a row the database refuses", () => {
  it("is refused alone with the database's reason: the batch is retried row by row and the other rows land", async () => {
    // A rule the row readers do not know, as a studio's own constraint might be.
    await db.knex.raw("alter table contacts add constraint contacts_no_zed_ck check (name <> 'Zed')");
    try {
      const { byRow, summary } = await importFile(
        "contacts",
        csvFile("email,name\nana@example.com,Ana\nzed@example.com,Zed\nbob@example.com,Bob\n"),
      );
      expect(byRow(3)).toMatchObject({
        outcome: "refused",
        fields: ["row"],
        reason: expect.stringMatching(/^the database refused it: .*contacts_no_zed_ck/),
      });
      expect(summary.counts).toEqual({ created: 2, updated: 0, unchanged: 0, refused: 1 });
      expect(await db.knex("contacts").orderBy("id").pluck("name")).toEqual(["Ana", "Bob"]);
      // Only the landed rows are audited (the failed batch's audit rows were rolled back with it), plus the run.
      expect(await db.knex("audit_log").orderBy("id").pluck("action")).toEqual(["contact.create", "contact.create", "import.run"]);
    } finally {
      await db.knex.raw("alter table contacts drop constraint contacts_no_zed_ck");
    }
  });
});

describe("a file that cannot be imported", () => {
  it("names every missing required column before any row is read, and writes nothing", async () => {
    const before = await countRows(db.knex);
    await expect(importFile("contacts", csvFile("Full name,Phone\nAna,555\n"))).rejects.toThrow(
      /lacks a required column for contacts: "email" .*Its header row has: "Full name", "Phone"\. Nothing was imported\./,
    );
    await expect(importFile("people", csvFile("Phone\n555\n"))).rejects.toThrow(/lacks 2 required columns for people: "email" .*; "name"/);
    expect(await countRows(db.knex)).toEqual(before);
  });

  it("says a workbook, a binary or an empty file is not CSV", async () => {
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)]);
    await expect(importFile("contacts", csvFile(xlsx, "x.xlsx"))).rejects.toThrow(
      /is an Excel or Numbers workbook .*not a CSV file\. In the spreadsheet choose File/,
    );
    await expect(importFile("contacts", csvFile(Buffer.from([0x41, 0x00, 0x42, 0x00])))).rejects.toThrow(ImportFileError);
    await expect(importFile("contacts", csvFile(""))).rejects.toThrow(/is empty/);
    await expect(importFile("contacts", csvFile('email,name\n"ana@example.com,Ana\n'))).rejects.toThrow(/is not valid CSV near line/);
  });
});
