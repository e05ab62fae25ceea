// `maestro api-key`: create shows the key once and keeps only its hash; list shows names and last use, never secrets;
// revoke by id or name; each audited with the path "cli".
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase } from "../../db/connect.ts";
import type { CliIO } from "../command.ts";
import { runCli } from "../run.ts";

function fakeIO(): CliIO & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (l) => out.push(l), err: (l) => err.push(l), stdout: () => out.join("\n"), stderr: () => err.join("\n") };
}

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-cli-api-key-"));
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("MAESTRO_DATA_DIR", path.join(root, "pgdata"));
});
afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(root, { recursive: true, force: true });
});

describe("maestro api-key", () => {
  it("creates (secret shown once, hash stored), lists without secrets, refuses a duplicate name, revokes", async () => {
    const created = fakeIO();
    expect(await runCli(["api-key", "create", "website"], created)).toBe(0);
    const secret = /(mst_k[a-z2-7]{10}_\S{43})/.exec(created.stdout())![1]!;
    const id = secret.slice(4, 15);

    const dup = fakeIO();
    expect(await runCli(["api-key", "create", "Website"], dup)).toBe(1);
    expect(dup.stderr()).toContain("already named");

    const listed = fakeIO();
    expect(await runCli(["api-key", "list"], listed)).toBe(0);
    expect(listed.stdout()).toMatch(new RegExp(`${id}\\s+website\\s+created .* last used never`));
    expect(listed.stdout()).not.toContain(secret.slice(16));

    const revoked = fakeIO();
    expect(await runCli(["api-key", "revoke", "website"], revoked)).toBe(0);
    expect(revoked.stdout()).toContain(`revoked API key ${id}`);
    const again = fakeIO();
    expect(await runCli(["api-key", "revoke", id], again)).toBe(1);
    expect(again.stderr()).toContain("already revoked");
    const all = fakeIO();
    await runCli(["api-key", "list", "--all"], all);
    expect(all.stdout()).toMatch(/revoked \d{4}-/);

    const db = await openDatabase({ dataDir: path.join(root, "pgdata") });
    try {
      const row = await db.knex("api_keys").where({ id }).first();
      expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(await db.knex("api_keys").select())).not.toContain(secret);
      const audit = await db.knex("audit_log").where({ target_type: "api_key", target_id: id }).orderBy("id");
      expect(audit.map((a) => [a.action, a.details.path])).toEqual([
        ["api_key.create", "cli"],
        ["api_key.revoke", "cli"],
      ]);
      expect(JSON.stringify(audit)).not.toContain(secret.slice(16));
    } finally {
      await db.close();
    }
  }, 240_000);

  it("says what is missing", async () => {
    const io = fakeIO();
    expect(await runCli(["api-key", "create"], io)).toBe(2);
    expect(io.stderr()).toContain("needs a name");
  });
});
