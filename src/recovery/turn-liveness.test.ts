// A living turn keeps its conversation (its lease is renewed past turnLeaseMs, the recovery sweep leaves it alone, a
// second message queues behind it), and a turn that fails outside the model loop is never silent: the person is told
// where they asked, the ⏳ comes off, the run ends, the lease is free — over the real app and the fake Slack.
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ModelClient, ModelRequest } from "../agent/model-client.ts";
import { testDatabaseUrl } from "../config.ts";
import { insertStaff } from "../testing/fixtures/people.ts";
import { reply, ScriptedModel, type ScriptStep } from "../testing/scripted-model.ts";
import { createSlackHarness, type SlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { runRecovery } from "./recovery.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw("truncate conversations, agent_runs, conversation_messages, conversation_inbox, model_usage restart identity cascade");
});

// Long enough that a loaded test machine still renews in time (a renewal every third of it).
const LEASE_MS = 1_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A scripted model whose first call takes `slowMs` (a long model call); `entered` resolves when it starts. */
function slowFirstCall(steps: ScriptStep[], slowMs: number) {
  const scripted = new ScriptedModel(steps);
  let entered!: () => void;
  const started = new Promise<void>((resolve) => (entered = resolve));
  const model: ModelClient = {
    async createMessage(request: ModelRequest, options) {
      if (scripted.requests.length === 0) {
        entered();
        await sleep(slowMs);
      }
      return scripted.createMessage(request, options);
    },
  };
  return { model, scripted, started };
}

const recover = (maestro: SlackHarness) => runRecovery({ surface: maestro.surface, client: maestro.app.client });
const postedTexts = (maestro: SlackHarness) => maestro.fake.replyTexts();

describe("a turn longer than its lease", () => {
  it("keeps the conversation: the lease is renewed, the sweep leaves it, a second message queues and is answered after", async () => {
    const { model, scripted, started } = slowFirstCall([reply("First answer."), reply("Second answer.")], LEASE_MS * 4);
    const maestro = createSlackHarness(db, { model, limits: { turnLeaseMs: LEASE_MS } });
    const first = await maestro.fake.dm("U0SAM", "first question");
    await started;
    const taken = (await db.knex("conversations").first()).busy_until as Date;
    await sleep(LEASE_MS * 2.5);
    const held = await db.knex("conversations").first();
    expect(held.busy_run_id).not.toBeNull();
    expect((held.busy_until as Date).getTime()).toBeGreaterThan(taken.getTime() + LEASE_MS); // renewed, more than once
    expect(await recover(maestro)).toMatchObject({ conversations: 0 }); // alive: not taken over

    await maestro.fake.dm("U0SAM", "second question", { threadTs: first.ts });
    await maestro.fake.settle();
    expect(postedTexts(maestro)).toEqual([expect.stringMatching(/still answering/), "First answer.", "Second answer."]);
    expect(JSON.stringify(scripted.requests[1]!.messages)).toContain("First answer."); // ran after, never beside
    const runs = await db.knex("agent_runs").orderBy("started_at").select("status");
    expect(runs.map((r) => r.status)).toEqual(["completed", "completed"]);
    expect((await db.knex("conversations").first()).busy_run_id).toBeNull();
  });
});

describe("a turn that fails outside the model loop", () => {
  it("tells the person where they asked, takes the ⏳ off, ends the run and frees the conversation", async () => {
    const maestro = createSlackHarness(db, { model: new ScriptedModel([reply("Back again.")]), limits: { turnLeaseMs: LEASE_MS } });
    // The transcript cannot be written (a broken table stands in for any database failure inside the turn).
    await db.knex.raw("alter table conversation_messages rename to conversation_messages_away");
    try {
      const { ts } = await maestro.fake.dm("U0SAM", "what is in the queue?");
      await maestro.fake.settle();
      expect(postedTexts(maestro)).toEqual([expect.stringMatching(/^Something went wrong on my side and I stopped before finishing this/)]);
      const reactions = maestro.fake.calls.filter((c) => c.method.startsWith("reactions.")).map((c) => [c.method, c.args.timestamp]);
      expect(reactions).toEqual([
        ["reactions.add", ts],
        ["reactions.remove", ts],
      ]);
    } finally {
      await db.knex.raw("alter table conversation_messages_away rename to conversation_messages");
    }
    expect(await db.knex("agent_runs").select("status")).toEqual([{ status: "failed" }]);
    expect((await db.knex("conversations").first()).busy_run_id).toBeNull();
    expect(await recover(maestro)).toMatchObject({ conversations: 0 }); // nothing left behind

    await maestro.fake.dm("U0SAM", "and now?");
    await maestro.fake.settle();
    expect(postedTexts(maestro).at(-1)).toBe("Back again.");
  });
});

// PostgreSQL only: an outage is a server refusing connections; the embedded database lives inside the process.
describe.skipIf(!testDatabaseUrl())("a database outage in the middle of a turn", () => {
  it("tells the person at once, then the sweep ends the run and frees the conversation once the database is back", async () => {
    const admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    const allow = (on: boolean) => admin.query(`alter database "${db.name}" with allow_connections ${on}`);
    const model: ModelClient = {
      async createMessage() {
        // While the model answers, the database goes away: every connection cut, none accepted.
        await allow(false);
        await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1", [db.name]);
        return reply("An answer nobody will read.");
      },
    };
    const maestro = createSlackHarness(db, { model, limits: { turnLeaseMs: LEASE_MS } });
    try {
      const { ts } = await maestro.fake.dm("U0SAM", "how many intakes are new?");
      await maestro.fake.settle(30_000);
      expect(postedTexts(maestro)).toEqual([expect.stringMatching(/^I couldn't finish answering this: my database stopped responding/)]);
      expect(maestro.fake.callsOf("reactions.remove").map((c) => c.args.timestamp)).toEqual([ts]);
    } finally {
      await allow(true);
      await admin.end();
    }
    let recovered: Record<string, number> = {};
    for (let tries = 0; !recovered.conversations && tries < 50; tries++) {
      recovered = await recover(maestro);
      if (!recovered.conversations) await sleep(100);
    }
    expect(recovered).toMatchObject({ conversations: 1 });
    expect(postedTexts(maestro).at(-1)).toMatch(/^I was interrupted while answering “how many intakes are new\?” and could not finish\./);
    expect(await db.knex("agent_runs").select("status")).toEqual([{ status: "failed" }]);
    expect((await db.knex("conversations").first()).busy_run_id).toBeNull();
  }, 60_000);
});
