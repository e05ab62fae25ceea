// kill -9 of a Maestro process mid-turn, then a restart's recovery sweep over the same database: the person is told
// in the place they asked (the ⏳ comes off), the run ends failed, the transcript alternates, the lease is free, the
// message queued behind it is answered — and nothing runs twice. Real child processes (src/testing/crash-child.ts).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "../config.ts";
import { createPGlite, openDatabase, type Database } from "../db/connect.ts";
import { reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createSlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, ensurePgliteTemplate, type TestDatabase } from "../testing/test-database.ts";
import { runRecovery } from "./recovery.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const LEASE_MS = 1_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Where the child's database lives: a fresh PostgreSQL database, or an embedded data directory. */
async function crashDatabase(): Promise<{ where: { databaseUrl?: string; dataDir?: string }; open(): Promise<Database> }> {
  const url = testDatabaseUrl();
  if (url) {
    const db: TestDatabase = await createTestDatabase();
    cleanups.push(() => db.drop());
    const own = Object.assign(new URL(url), { pathname: `/${db.name}` }).toString();
    return { where: { databaseUrl: own }, open: async () => db };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-crash-"));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const dataDir = path.join(dir, "pgdata");
  // Loaded from the migrated template, so the child starts in seconds instead of migrating from nothing.
  const seeded = await createPGlite({ dataDir, loadDataDir: new Blob([fs.readFileSync(await ensurePgliteTemplate())]) });
  await seeded.close();
  return {
    where: { dataDir },
    open: async () => {
      const db = await openDatabase({ dataDir });
      cleanups.push(() => db.close());
      return db;
    },
  };
}

/** Starts the child and resolves once it printed `line`; kills it (SIGKILL) on cleanup in any case. */
function startChild(settings: Record<string, unknown>): { child: ChildProcess; reached(line: string): Promise<void>; output(): string } {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/testing/crash-child.ts", JSON.stringify({ leaseMs: LEASE_MS, ...settings })],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    },
  );
  let output = "";
  const waiting: { line: string; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    for (const w of waiting) if (output.split("\n").includes(w.line)) w.resolve();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  cleanups.push(async () => void child.kill("SIGKILL"));
  return {
    child,
    output: () => output,
    reached: (line) =>
      new Promise<void>((resolve, reject) => {
        waiting.push({ line, resolve });
        child.on("exit", (code, signal) => reject(new Error(`child exited (${code ?? signal}) before "${line}":\n${output}`)));
        onData(Buffer.from(""));
      }),
  };
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.on("exit", () => resolve());
    child.kill("SIGKILL");
  });

describe.each(["model", "tool"] as const)("kill -9 while a turn waits on the %s", (stage) => {
  // On the embedded database the stuck tool's write transaction holds its one connection: the second message cannot
  // even be queued until the kill, so this step is tested on PostgreSQL.
  it.skipIf(stage === "tool" && !testDatabaseUrl())(
    "is recovered on restart: person told, run failed, lease free, the queued message answered once",
    async () => {
      const database = await crashDatabase();
      const crashing = startChild({ ...database.where, at: stage });
      await crashing.reached("queued");
      await killed(crashing.child);

      const db = await database.open();
      const model = new ScriptedModel([reply("Three intakes are waiting.")]);
      const restarted = createSlackHarness(db, { model, limits: { turnLeaseMs: LEASE_MS } });
      const recover = () => runRecovery({ surface: restarted.surface, client: restarted.app.client });
      // The dead holder's lease runs out within LEASE_MS; until then the sweep leaves the conversation alone.
      let recovered: Record<string, number> = {};
      for (let tries = 0; !recovered.conversations && tries < 50; tries++) {
        recovered = await recover();
        if (!recovered.conversations) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(recovered).toMatchObject({ conversations: 1 });
      await restarted.fake.settle();

      const runs = await db.knex("agent_runs").orderBy("started_at").select("status", "error", "origin");
      expect(runs.map((r) => r.status)).toEqual(["failed", "completed"]);
      expect(runs[0].error).toMatch(/^interrupted/);
      const posted = restarted.fake.replyTexts();
      const notice =
        stage === "model"
          ? /^I was interrupted while answering “Please note on the intake that I called the client back” and could not finish\. Nothing was done for it\. Please ask again\.$/
          : /^I was interrupted while answering “Please note .*” and could not finish\. I was in the middle of add intake note, which may or may not have taken effect: check it before asking again\.$/;
      expect(posted).toEqual([expect.stringMatching(notice), "Three intakes are waiting."]);
      // The ⏳ on the interrupted message comes off, where it was asked.
      const removed = restarted.fake.callsOf("reactions.remove").map((c) => c.args.timestamp);
      expect(removed).toContain(runs[0].origin.messageTs);

      expect(await db.knex("conversations").select("busy_run_id")).toEqual([{ busy_run_id: null }]);
      expect(await db.knex("conversation_inbox").select("status")).toEqual([{ status: "done" }]);
      // Nothing ran twice: the note is there at most once (committed before the crash, or rolled back with its
      // transaction) and never written again; the model was asked once, for the queued message.
      const notes = await db.knex("audit_log").where({ action: "intake.note_add" }).count<{ count: string }[]>("* as count");
      expect(Number(notes[0]!.count)).toBeLessThanOrEqual(stage === "tool" ? 1 : 0);
      expect(model.requests).toHaveLength(1);
      // The transcript the next turn reads alternates, and every tool_use has its tool_result.
      const messages = await db.knex("conversation_messages").orderBy("seq").select("role", "content");
      for (let i = 1; i < messages.length; i++) expect(messages[i].role).not.toBe(messages[i - 1].role);
      const uses = messages
        .flatMap((m) => m.content)
        .filter((b: { type: string }) => b.type === "tool_use")
        .map((b: { id: string }) => b.id);
      const results = messages
        .flatMap((m) => m.content)
        .filter((b: { type: string }) => b.type === "tool_result")
        .map((b: { tool_use_id: string }) => b.tool_use_id);
      expect(results).toEqual(uses);
      expect(await recover()).toMatchObject({ conversations: 0 }); // once
    },
    240_000,
  );
});
