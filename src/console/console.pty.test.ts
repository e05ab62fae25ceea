// `maestro console` in a real pseudo-terminal (util-linux `script`): a fresh embedded database is created,
// migrated and seeded, a slash command shows the demo queue, and :quit exits 0.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CONTACTS } from "../seed/demo-cast.ts";
import { INTAKES } from "../seed/demo-intakes.ts";
import { stripAnsi } from "./style.ts";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/maestro.js");
const INTAKE_NAMES = INTAKES.map((i) => i.name ?? CONTACTS.find((c) => c.key === i.contact)?.name).filter((n): n is string => !!n);
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-console-pty-"));
  // The child inherits this environment: its own embedded database, whatever the suite runs on, and no model.
  vi.stubEnv("MAESTRO_DATA_DIR", path.join(dir, "pgdata"));
  for (const name of ["DATABASE_URL", "TEST_DATABASE_URL", "ANTHROPIC_API_KEY", "MAESTRO_ADMIN_SLACK_IDS"]) vi.stubEnv(name, undefined);
});
afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("maestro console in a terminal", () => {
  it("seeds the demo studio, shows the queue for /maestro queue and exits 0 on :quit", async () => {
    // An empty working directory, so no .env is read.
    const child = spawn("script", ["-qfec", `${quote(process.execPath)} ${quote(BIN)} console`, "/dev/null"], {
      cwd: dir,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let screen = "";
    child.stdout.on("data", (d: Buffer) => (screen += d.toString()));
    child.stderr.on("data", (d: Buffer) => (screen += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const waitFor = async (what: string, test: (text: string) => boolean, ms: number) => {
      const deadline = Date.now() + ms;
      while (!test(stripAnsi(screen))) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`waited for ${what}; the terminal shows:\n${stripAnsi(screen)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    try {
      await waitFor("the first prompt", (t) => /U0MAESTRO1 › /.test(t), 60_000);
      expect(stripAnsi(screen)).toContain(`Database: embedded (${path.join(dir, "pgdata")})`);
      expect(stripAnsi(screen)).toMatch(/The database was empty, so I seeded the demo studio \(Studio Ordo\)\./);
      expect(screen).toContain("\x1b[1m"); // a terminal gets styled text
      child.stdin.write("/maestro queue\r");
      await waitFor("the demo queue", (t) => /INTAKE QUEUE/.test(t) && INTAKE_NAMES.some((n) => t.includes(n)), 30_000);
      await waitFor("the next prompt", (t) => /INTAKE QUEUE[\s\S]*U0MAESTRO1 › /.test(t), 10_000);
      child.stdin.write(":quit\r");
      expect(await Promise.race([exited, new Promise((r) => setTimeout(() => r("still running"), 30_000))])).toBe(0);
      const text = stripAnsi(screen);
      expect(INTAKE_NAMES.filter((n) => text.includes(n)).length).toBeGreaterThan(5);
      expect(text).toMatch(/Maestro stopped\. Bye\./);
      expect(fs.readFileSync(path.join(dir, "pgdata.lock"), "utf8")).toBe(""); // released (the file stays: see data-dir-lock.ts)
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 120_000);
});
