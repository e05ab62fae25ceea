// kill -9 at each step of a Confirm click, on PostgreSQL (a crash kills an embedded database with its process; the
// states it can leave are covered on both engines in pending-action-recovery.test.ts). A child process composes the app
// and clicks; a second session holds a lock the click needs at the chosen step, the child is killed while it waits, and
// a restarted app's recovery sweep takes over: nothing run twice, the card true, the run resumed, the person told.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { STRANDED_AFTER_MS } from "../agent/approvals/recover.ts";
import { testDatabaseUrl } from "../config.ts";
import { insertIntake } from "../testing/fixtures/intakes.ts";
import { insertStaff } from "../testing/fixtures/people.ts";
import { callTools, reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createSlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { recoverPendingActions } from "./cards/recover-cards.ts";
import { ACTIONS } from "./ids.ts";

const CHILD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../testing/click-child.ts");
const url = testDatabaseUrl();
let db: TestDatabase;
let dbUrl: string;

beforeAll(async () => {
  if (!url) return;
  db = await createTestDatabase();
  const u = new URL(url);
  u.pathname = `/${db.name}`;
  dbUrl = u.toString();
  // A killed client's statement blocked on a lock is aborted when PostgreSQL notices, instead of running on (and, for a
  // statement outside a transaction, committing) once the lock is free. docs/recovery.md recommends it in production.
  await db.knex.raw(`alter database "${db.name}" set client_connection_check_interval = '100ms'`);
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
  await insertStaff(db.knex, "Bea Boss", "U0BEA");
});
afterAll(() => db?.drop());
beforeEach(async () => {
  if (!url) return;
  await db.knex.raw(
    "truncate conversations, agent_runs, conversation_messages, pending_actions, model_usage, conversation_inbox, slack_event_receipts, rate_limit_counters, intake_requests, intake_status_history, audit_log, feed_events restart identity cascade",
  );
});

async function session(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  return client;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Sessions waiting on a lock now (the statistics snapshot is cleared: inside a transaction it would be kept). */
const lockWaiters = async (client: pg.Client) =>
  (
    await client
      .query("select pg_stat_clear_snapshot()")
      .then(() =>
        client.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"),
      )
  ).rows[0].n as number;

/** The click, made by the app in a child process. */
function clickInChild(button: { action_id: string; value?: string }, card: { channel: string; ts: string }): ChildProcess {
  const args = [dbUrl, JSON.stringify(button), JSON.stringify(card), "U0BEA"];
  return spawn(process.execPath, ["--import", "tsx", CHILD, ...args], {
    env: { ...process.env, LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.on("exit", () => resolve());
    child.kill("SIGKILL");
  });

type Step = {
  name: string;
  /** Takes, in the holder's transaction, the lock the click waits on at this step. */
  hold: (holder: pg.Client, ids: { intake: number }) => Promise<void>;
  /** The action's status the dead process left. */
  left: "confirmed" | "executed";
};

const STEPS: Step[] = [
  {
    name: "after the claim, before the write (waiting for the intake's row)",
    hold: (holder, ids) => holder.query("select id from intake_requests where id = $1 for update", [ids.intake]).then(() => undefined),
    left: "confirmed",
  },
  {
    name: "during the write (the status changed, its audit row waiting)",
    hold: (holder) => holder.query("lock table audit_log in exclusive mode").then(() => undefined),
    left: "confirmed",
  },
  {
    name: "after the settle, before the card update and the resume (waiting for the conversation)",
    hold: (holder) => holder.query("select id from conversations for update").then(() => undefined),
    left: "executed",
  },
];

describe.runIf(url)("kill -9 during a Confirm click, then a restart", () => {
  it.each(STEPS)("$name", async (step) => {
    const intake = await insertIntake(db.knex, { name: "Lee Park", status: "TRIAGED" });
    const first = createSlackHarness(db, {
      model: new ScriptedModel([callTools([{ name: "update_intake_status", input: { intake_id: intake.id, new_status: "REJECTED" } }])]),
      rateLimitPerMinute: 1000,
    });
    await first.fake.dm("U0SAM", "reject Lee");
    await first.fake.settle();
    const button = first.fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.confirm))!;
    const posted = first.fake.callsOf("chat.postMessage").find((c) => JSON.stringify(c.args.blocks).includes(ACTIONS.confirm))!;
    const card = { channel: String(posted.response!.channel), ts: String(posted.response!.ts) };

    const holder = await session();
    await holder.query("begin");
    await step.hold(holder, { intake: intake.id });
    const child = clickInChild(button, card);
    let output = "";
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    try {
      await until(async () => (await lockWaiters(holder)) > 0, "the click to wait on the held lock").catch((error: Error) => {
        throw new Error(`${error.message}; the child said: ${output}`);
      });
      if (step.left === "executed") expect((await holder.query("select status from pending_actions")).rows[0].status).toBe("executed");
      await killed(child);
      // PostgreSQL notices the dead client while its statement still waits (client_connection_check_interval), so the
      // statement is aborted before the lock is let go.
      await until(async () => (await lockWaiters(holder)) === 0, "the dead process's statement to be aborted");
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await holder.query("rollback");
      await holder.end();
    }

    // What the dead process left: the claim, and the write only if it committed with the settle.
    const left = await db.knex("pending_actions").first();
    expect(left.status).toBe(step.left);
    expect(await db.knex("audit_log").where({ action: "intake.status_update" })).toHaveLength(step.left === "executed" ? 1 : 0);
    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({
      status: step.left === "executed" ? "REJECTED" : "TRIAGED",
    });
    expect(await db.knex("agent_runs").first()).toMatchObject({ status: "awaiting_confirmation" });

    // The restart, a minute later: the recovery sweep.
    await db.knex("pending_actions").update({ decided_at: new Date(Date.now() - STRANDED_AFTER_MS - 1_000) });
    const restarted = createSlackHarness(db, { model: new ScriptedModel([reply("Lee Park is rejected.")]), rateLimitPerMinute: 1000 });
    await recoverPendingActions(restarted.surface, restarted.app.client);
    await restarted.fake.settle();
    await recoverPendingActions(restarted.surface, restarted.app.client); // a second pass (another replica) changes nothing
    await restarted.fake.settle();

    expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "REJECTED" });
    expect(await db.knex("audit_log").where({ action: "intake.status_update" })).toHaveLength(1);
    expect(await db.knex("intake_status_history").where({ intake_id: intake.id })).toHaveLength(1);
    expect(await db.knex("pending_actions").first()).toMatchObject({ status: "executed", card_status: "executed" });
    const updates = restarted.fake.callsOf("chat.update").filter((c) => c.args.ts === card.ts);
    expect(updates).toHaveLength(1);
    expect(JSON.stringify(updates[0]!.args)).toMatch(/✅ Done.*Confirmed by Bea Boss/);
    const replies = restarted.fake.callsOf("chat.postMessage").filter((c) => JSON.stringify(c.args).includes("Lee Park is rejected."));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.args).toMatchObject({ channel: card.channel });
    expect(await db.knex("agent_runs").first()).toMatchObject({ status: "completed" });
  });
});
