// `maestro rules export|apply` through the CLI on a real database: export → apply is a no-op, --dry-run writes nothing,
// apply writes the shown diff, a bad file names the rule and field and writes nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, afterEach, describe, expect, it, vi } from "vitest";
import { testDatabaseUrl } from "../../config.ts";
import { openDatabase, type Database } from "../../db/connect.ts";
import { insertRule } from "../../testing/fixtures/workflows.ts";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database.ts";
import type { CliIO } from "../command.ts";
import { runCli } from "../run.ts";

function fakeIO(): CliIO & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (l) => out.push(l), err: (l) => err.push(l), stdout: () => out.join("\n"), stderr: () => err.join("\n") };
}

let root: string;
let pgDb: TestDatabase | undefined;
let env: Record<string, string>;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-cli-rules-"));
  const pgUrl = testDatabaseUrl();
  if (pgUrl) {
    pgDb = await createTestDatabase();
    const u = new URL(pgUrl);
    u.pathname = `/${pgDb.name}`;
    env = { DATABASE_URL: u.toString() };
  } else {
    env = { DATABASE_URL: "", MAESTRO_DATA_DIR: path.join(root, "pgdata") };
  }
});
afterAll(async () => {
  await pgDb?.drop();
  fs.rmSync(root, { recursive: true, force: true });
});
afterEach(() => vi.unstubAllEnvs());

async function cli(...argv: string[]) {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  vi.stubEnv("ANTHROPIC_API_KEY", "");
  const io = fakeIO();
  const code = await runCli(["rules", ...argv], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ url: env.DATABASE_URL || undefined, dataDir: env.MAESTRO_DATA_DIR ?? "" });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
const counts = () =>
  withDb(async (db) => ({
    rules: Number((await db.knex("workflow_rules").count("* as n"))[0]!.n),
    audit: Number((await db.knex("audit_log").count("* as n"))[0]!.n),
  }));

describe("maestro rules", () => {
  it("exports, applies the export as a no-op, previews a change with --dry-run, then applies it", async () => {
    expect((await cli("export")).code).toBe(0); // migrates an empty database
    await withDb((db) =>
      insertRule(db.knex, { name: "ops-ping", trigger: "IntakeCreated", actionConfig: { channel: "#ops", text: "New" } }),
    );
    const file = path.join(root, "rules.yaml");
    expect(await cli("export", file)).toMatchObject({ code: 0, err: `wrote 1 rule to ${file}` });
    const exported = fs.readFileSync(file, "utf8");
    expect(exported).toContain("name: ops-ping");

    const before = await counts();
    expect(await cli("apply", file)).toMatchObject({
      code: 0,
      out: "= same    ops-ping\nnothing to do: 0 to create, 0 to change, 1 unchanged",
    });
    expect(await counts()).toEqual(before);

    fs.writeFileSync(file, exported.replace('channel: "#ops"', 'channel: "#studio"'));
    const dry = await cli("apply", file, "--dry-run");
    expect(dry.out).toBe(
      '~ change  ops-ping (rule 1)\n    action_config: {"channel":"#ops","text":"New"} → {"channel":"#studio","text":"New"}\n' +
        "dry run: 0 to create, 1 to change, 0 unchanged; nothing was written",
    );
    expect(await counts()).toEqual(before);

    expect((await cli("apply", file)).out).toMatch(/applied: 0 to create, 1 to change/);
    expect(await counts()).toEqual({ rules: 1, audit: before.audit + 2 }); // the rule's change and the apply
    expect((await cli("export")).out).toContain('channel: "#studio"');
  });

  it("refuses a bad file naming the rule and the field, writing nothing", async () => {
    const file = path.join(root, "bad.yaml");
    fs.writeFileSync(
      file,
      "rules:\n  - name: broken\n    trigger_event_type: IntakeCreated\n    action_type: NOTIFY_SLACK\n    action_config: { channel: '#ops' }\n",
    );
    const before = await counts();
    const result = await cli("apply", file);
    expect(result.code).toBe(1);
    expect(result.err).toContain('rule "broken", field action_config.text: text is required');
    expect(await counts()).toEqual(before);
    expect((await cli("apply")).code).toBe(2);
  });
});
