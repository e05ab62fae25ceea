// `maestro db copy`: the demo studio moves from the embedded database to PostgreSQL and back (or, on the embedded test
// engine, to another embedded directory) with counts that match, sequences past the copied ids, and a smoke run.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { testDatabaseUrl } from "../../config.ts";
import { openDatabase } from "../../db/connect.ts";
import { migrateLatest } from "../../db/migrate.ts";
import { seedDemo } from "../../seed/demo.ts";
import type { CliIO } from "../command.ts";
import { runCli } from "../run.ts";

function fakeIO(): CliIO & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (l) => out.push(l), err: (l) => err.push(l), stdout: () => out.join("\n"), stderr: () => err.join("\n") };
}

const adminUrl = testDatabaseUrl();
let root: string;
const created: string[] = [];

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new empty PostgreSQL database (TEST_DATABASE_URL's server); dropped after the file. */
async function emptyPostgres(): Promise<string> {
  const name = `maestro_copy_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
  await admin(`create database "${name}"`);
  created.push(name);
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Opens a copy target the way the test engine selects: a PostgreSQL URL, or an embedded directory. */
const targetArgs = (where: string) => (where.startsWith("postgres") ? ["--to", where] : ["--to-data-dir", where]);
const openTarget = (where: string) => openDatabase(where.startsWith("postgres") ? { url: where } : { dataDir: where });

let sourceDir: string;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-db-copy-"));
  sourceDir = path.join(root, "source");
  const source = await openDatabase({ dataDir: sourceDir });
  try {
    await migrateLatest(source.knex);
    await seedDemo(source.knex, { adminSlackIds: [], timeZone: "Europe/London" });
  } finally {
    await source.close();
  }
}, 180_000);
afterEach(() => vi.unstubAllEnvs());
afterAll(async () => {
  for (const name of created) await admin(`drop database if exists "${name}" with (force)`);
  fs.rmSync(root, { recursive: true, force: true });
});

function fromEmbeddedSource() {
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("MAESTRO_DATA_DIR", sourceDir);
}

describe(`maestro db copy from the embedded database to ${adminUrl ? "PostgreSQL" : "another embedded directory"}`, () => {
  let target: string;
  let firstOutput: string;

  it("copies every table with matching counts, and the smoke run answers the same on both", async () => {
    target = adminUrl ? await emptyPostgres() : path.join(root, "target");
    fromEmbeddedSource();
    const io = fakeIO();
    expect(await runCli(["db", "copy", ...targetArgs(target)], io), io.stderr()).toBe(0);
    firstOutput = io.stdout();
    expect(firstOutput).toMatch(/^migrated the target: \d+ migration\(s\)$/m);
    expect(firstOutput).toMatch(/copied \d+ rows in \d+ tables \(counts verified\); \d+ sequences advanced/);
    for (const tool of ["get_intake_queue", "list_role_requests", "list_workflow_rules"])
      expect(firstOutput).toContain(`smoke: ${tool} answers the same on both`);

    const [source, copy] = [await openDatabase({ dataDir: sourceDir }), await openTarget(target)];
    try {
      for (const table of [
        "users",
        "intake_requests",
        "intake_status_history",
        "workflow_executions",
        "audit_log",
        "feed_events",
        "intake_request_counts",
      ]) {
        const [a, b] = [await source.knex(table).count({ n: "*" }), await copy.knex(table).count({ n: "*" })];
        expect(Number(b[0]!.n), table).toBe(Number(a[0]!.n));
        expect(Number(a[0]!.n), table).toBeGreaterThan(0);
        expect(firstOutput).toMatch(new RegExp(`^  ${table} +${a[0]!.n} → +${a[0]!.n}$`, "m"));
      }
      // Values arrive exactly (jsonb, timestamps), and the next id follows the copied ones.
      const pick = (db: typeof source) => db.knex("workflow_executions").orderBy("id").select("*");
      expect(await pick(copy)).toEqual(await pick(source));
      const maxId = Number((await copy.knex("contacts").max({ m: "id" }))[0]!.m);
      const [inserted] = await copy.knex("contacts").insert({ name: "After the copy", email: "after@example.com" }).returning("id");
      expect(Number((inserted as { id: number }).id)).toBeGreaterThan(maxId);
    } finally {
      await source.close();
      await copy.close();
    }
  }, 240_000);

  it("refuses a target that holds data and changes nothing; --replace copies over it", async () => {
    fromEmbeddedSource();
    const refused = fakeIO();
    expect(await runCli(["db", "copy", ...targetArgs(target)], refused)).toBe(1);
    expect(refused.stderr()).toMatch(/already holds data \(.*users.*\)\. Copy into an empty database, or pass --replace/);
    const copy = await openTarget(target);
    try {
      expect(await copy.knex("contacts").where({ email: "after@example.com" }).first()).toBeDefined();
    } finally {
      await copy.close();
    }
    const replaced = fakeIO();
    expect(await runCli(["db", "copy", ...targetArgs(target), "--replace"], replaced), replaced.stderr()).toBe(0);
    const tableLines = (text: string) => text.split("\n").filter((line) => line.startsWith("  "));
    expect(tableLines(replaced.stdout())).toEqual(tableLines(firstOutput));
  }, 240_000);

  if (adminUrl) {
    it("copies back from PostgreSQL to a new embedded directory", async () => {
      const back = path.join(root, "back");
      const io = fakeIO();
      expect(await runCli(["db", "copy", "--from", target, "--to-data-dir", back], io), io.stderr()).toBe(0);
      expect(io.stdout()).toContain("smoke: get_intake_queue answers the same on both");
      const db = await openDatabase({ dataDir: back });
      try {
        expect(await db.knex("contacts").where({ email: "after@example.com" }).first()).toBeUndefined(); // --replace removed it
      } finally {
        await db.close();
      }
    }, 240_000);
  }

  it("names what it needs: a subcommand, one target, a postgres URL", async () => {
    for (const [argv, message] of [
      [["db"], /only db subcommand is `copy`/],
      [["db", "copy"], /Give the target/],
      [["db", "copy", "--to", "mysql://x"], /postgres:\/\/ URL/],
      [["db", "copy", "--to-data-dir", sourceDir, "--from-data-dir", sourceDir], /the same database/],
    ] as const) {
      const io = fakeIO();
      expect(await runCli([...argv], io)).toBe(2);
      expect(io.stderr()).toMatch(message);
    }
  });
});
