// A Maestro process for crash tests, run as a child (`node --import tsx`): the real app over the fake Slack transport
// answers one DM with a scripted model that stops at a chosen step and waits there for ever, then takes a second DM
// (queued behind the first), and says where it is on stdout — so the parent can kill -9 it mid-turn.
// Its one argument is JSON (the crash test's, not settings: config.ts stays the one reader of the environment):
//   at: "model" — waiting on the model call (the message recorded, nothing done)
//   at: "tool"  — inside add_intake_note, after its write committed, before its result was recorded
//   databaseUrl (PostgreSQL) or dataDir (embedded, migrated here); leaseMs: the turn lease.
// It sets up its own rows (the staff member U0SAM, one intake): an embedded database has one process at a time.
import type { ModelClient } from "../agent/model-client.ts";
import { openDatabase } from "../db/connect.ts";
import { migrateLatest } from "../db/migrate.ts";
import { CATALOGUE } from "../tools/catalogue.ts";
import { createRegistry } from "../tools/registry.ts";
import type { Tool } from "../tools/tool.ts";
import { insertIntake } from "./fixtures/intakes.ts";
import { insertStaff } from "./fixtures/people.ts";
import { callTools, ScriptedModel } from "./scripted-model.ts";
import { createSlackHarness } from "./slack-harness.ts";

const {
  at: stage,
  databaseUrl,
  dataDir,
  leaseMs,
} = JSON.parse(process.argv[2] ?? "{}") as {
  at: "model" | "tool";
  databaseUrl?: string;
  dataDir?: string;
  leaseMs: number;
};
setInterval(() => undefined, 60_000); // alive until killed: a turn stuck on a promise holds no handle of its own
const say = (line: string) => process.stdout.write(`${line}\n`);
const forever = () => new Promise<never>(() => undefined);
let stuck!: () => void;
const atStage = new Promise<void>((resolve) => (stuck = resolve));
const stop = (where: string) => {
  say(`at ${where}`);
  stuck();
  return forever();
};

const db = await openDatabase({ url: databaseUrl, dataDir });
if (db.engine === "pglite") await migrateLatest(db.knex);
await insertStaff(db.knex, "Sam Staff", "U0SAM");
const intake = await insertIntake(db.knex);
say(`intake ${intake.id}`);

const scripted = new ScriptedModel([
  callTools([{ name: "add_intake_note", input: { intake_id: intake.id, note: "Called the client back" } }]),
]);
const model: ModelClient = {
  async createMessage(request, options) {
    if (stage === "model") return stop("model");
    return scripted.createMessage(request, options);
  },
};
const stuckAfterWrite = (tool: Tool): Tool => ({
  ...tool,
  async run(args, ctx) {
    await tool.run(args, ctx);
    return stop("tool");
  },
});
const registry = createRegistry(CATALOGUE.map((t) => (t.name === "add_intake_note" ? stuckAfterWrite(t) : t)));
const maestro = createSlackHarness(db, { model, registry, limits: { turnLeaseMs: leaseMs } });

const first = maestro.fake.dm("U0SAM", "Please note on the intake that I called the client back");
await atStage;
// A second message arrives in the session's thread while the first is stuck, and waits its turn behind it.
await maestro.fake.dm("U0SAM", "And what is in the queue?", { threadTs: (await first).ts });
while (!maestro.fake.callsOf("chat.postMessage").some((c) => /still answering/.test(String(c.args.text)))) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
say("queued");
await forever();
