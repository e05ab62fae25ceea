// The console in-process through streams, on a real database with the demo studio: lines in, Slack as text out.
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { seedDemo } from "../seed/demo.ts";
import { callTools, reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "../testing/test-database.ts";
import { runConsole } from "./console.ts";
import { startConsoleDriver, type ConsoleDriver } from "../testing/console-driver.ts";

const config = loadConfig({ MAESTRO_TIMEZONE: "Europe/London" });
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.knex, { adminSlackIds: [], timeZone: "Europe/London" });
});
afterAll(() => db?.drop());

/** The button number printed before `label` on the first line after one matching `near`. */
function buttonAfter(output: string, near: RegExp, label: string): string {
  const lines = output.split("\n");
  const start = lines.findIndex((l) => near.test(l));
  expect(start, `a line matching ${near}`).toBeGreaterThanOrEqual(0);
  for (const line of lines.slice(start)) {
    const match = new RegExp(`\\[(\\d+)\\] ${label}`).exec(line);
    if (match) return match[1]!;
  }
  throw new Error(`no [N] ${label} after ${near}`);
}

const requestStatus = async (userName: string) =>
  (await db
    .knex("role_requests as r")
    .join("users as u", "u.id", "r.user_id")
    .where("u.name", userName)
    .orderBy("r.id", "desc")
    .first("r.status", "r.decision_reason")) as {
    status: string;
    decision_reason: string | null;
  };

describe(`the console session (${testEngine()})`, () => {
  let c: ConsoleDriver;
  beforeAll(async () => {
    c = await startConsoleDriver({ config, database: db, model: null });
  });
  afterAll(async () => {
    await c?.quit();
  });

  it("starts as the demo owner, says the model is off, and seeds nothing in a studio that exists", () => {
    expect(c.startup).toMatch(/You are Maya Okafor \(U0MAESTRO1, ADMIN\)\./);
    expect(c.startup).toMatch(/Model: off — ANTHROPIC_API_KEY is not set.*\/maestro commands and buttons work\./);
    expect(c.startup).not.toMatch(/seeded/);
    expect(c.startup).not.toContain("\x1b");
  });

  it("/maestro queue shows the demo intakes, ephemerally", async () => {
    const oldest = await db
      .knex("intake_requests")
      .whereIn("status", ["NEW", "TRIAGED", "QUALIFIED", "BOOKED"])
      .orderBy("created_at")
      .first<{ contact_name: string; id: number }>();
    const out = await c.send("/maestro queue");
    expect(out).toMatch(/Maestro → only you can see this\n {2}INTAKE QUEUE · \d+ NEW/);
    expect(out).toContain(`${oldest.contact_name} · `);
  });

  it("/maestro approvals, then a click on Approve, grants the role in the database", async () => {
    const list = await c.send("/maestro approvals");
    expect(list).toMatch(/Ada Mensah asks for INSTRUCTOR/);
    const n = buttonAfter(list, /Ada Mensah asks for INSTRUCTOR/, "Approve");
    const out = await c.send(n);
    expect(out).toMatch(/\(clicked Approve\)\nMaestro → only you can see this\n {2}ℹ️ Approved: Ada Mensah now has the INSTRUCTOR role\./);
    expect(await requestStatus("Ada Mensah")).toMatchObject({ status: "APPROVED" });
  });

  it("asks before a button with a confirm dialog, and 'no' clicks nothing", async () => {
    const list = await c.send("/maestro approvals");
    const out = await c.send(buttonAfter(list, /Jonah Reyes asks for ADMIN/, "Approve"));
    expect(out).toMatch(/Grant ADMIN\?\nApprove the ADMIN role request of “Jonah Reyes”\?/);
    expect(await c.send("n")).toMatch(/Go back: nothing was clicked/);
    expect(await requestStatus("Jonah Reyes")).toMatchObject({ status: "PENDING" });
  });

  it("Reject opens the reason modal, asks for the reason on the next line and submits it", async () => {
    const list = await c.send("/maestro approvals");
    const modal = await c.send(buttonAfter(list, /Ruth Abernathy asks for STAFF/, "Reject…"));
    expect(modal).toMatch(/Maestro → modal · Reject role request\n {2}You are rejecting the STAFF role request of “Ruth Abernathy”/);
    expect(modal).toMatch(/Type the reason on the next line/);
    const out = await c.send("Saturday cover does not need staff access.");
    expect(out).toMatch(/Rejected request #\d+\. The reason is kept with the decision\./);
    // The list it came from was ephemeral: Slack cannot chat.update it, so Maestro does not try.
    expect(out).not.toMatch(/Slack refused chat\.update/);
    expect(await requestStatus("Ruth Abernathy")).toEqual({
      status: "REJECTED",
      decision_reason: "Saturday cover does not need staff access.",
    });
  });

  it("clicks a button on the Home tab", async () => {
    const homeTab = await c.send(":home");
    expect(homeTab).toMatch(/Maestro → your Home tab\n {2}MAESTRO · STUDIO SNAPSHOT/);
    const out = await c.send(buttonAfter(homeTab, /Noor Rahimi asks for MEMBER/, "Approve"));
    expect(out).toMatch(/Approved: Noor Rahimi now has the MEMBER role\./);
    expect(out).toMatch(/Maestro → your Home tab/); // the tab is re-published
    expect(await requestStatus("Noor Rahimi")).toMatchObject({ status: "APPROVED" });
  });

  it("answers a DM without a model with the no-model notice and how to turn it on", async () => {
    const out = await c.send("What's in my queue?");
    expect(out).toMatch(
      /Maestro → your DM · in a thread\n {2}I can't answer free-text questions here because no ANTHROPIC_API_KEY is configured\. Slash commands work: try \/maestro help\./,
    );
    expect(out).toMatch(/set ANTHROPIC_API_KEY in the environment or \.env and restart the console/);
  });

  it(":as U0MEMBER1 then a DM gets the staff-only refusal", async () => {
    expect(await c.send(":as U0MEMBER1")).toMatch(/You are now Ruth Abernathy \(U0MEMBER1, MEMBER\) — not staff/);
    const out = await c.send("approve my request please");
    expect(out).toMatch(/Hi Ruth Abernathy! Maestro is only for studio staff \(STAFF or ADMIN\)\. Your roles are MEMBER/);
    expect(out).not.toMatch(/ANTHROPIC_API_KEY/);
    await c.send(":as U0MAESTRO1");
  });

  it(":quit leaves from inside a confirm dialog", async () => {
    const quitter = await startConsoleDriver({ config, database: db, model: null });
    const list = await quitter.send("/maestro approvals");
    expect(await quitter.send(buttonAfter(list, /Jonah Reyes asks for ADMIN/, "Approve"))).toMatch(/Grant ADMIN\?/);
    expect(await quitter.quit()).toBe(0);
  });

  it("explains what it does not understand", async () => {
    expect(await c.send(":click 99")).toMatch(/There is no button \[99\]/);
    expect(await c.send("/giphy cats")).toMatch(/Only \/maestro is a command here/);
    expect(await c.send(":nope")).toMatch(/There is no :nope console command\. Type :help\./);
    expect(await c.send(":help")).toMatch(/:as <SlackUserId>/);
  });
});

describe("the console with a model", () => {
  it("posts a confirmation card; Confirm (after its dialog) executes once and the run resumes", async () => {
    const intake = await db.knex("intake_requests").where({ status: "TRIAGED" }).first<{ id: number; contact_name: string }>();
    const model = new ScriptedModel([
      callTools(
        [{ name: "update_intake_status", input: { intake_id: intake.id, new_status: "REJECTED", note: "Not a fit" } }],
        "Rejecting needs your OK.",
      ),
      reply(`Done — **${intake.contact_name}** is rejected.`),
    ]);
    const c = await startConsoleDriver({ config, database: db, model });
    try {
      expect(c.startup).toMatch(/Model: claude-/);
      const card = await c.send(`Reject ${intake.contact_name}, not a fit`);
      expect(card).toMatch(/WAITING ON YOU: CONFIRM OR CANCEL/);
      const dialog = await c.send(buttonAfter(card, /WAITING ON YOU: CONFIRM OR CANCEL/, "Confirm"));
      expect(dialog).toMatch(/Go ahead\?/);
      const out = await c.send("y");
      expect(out).toMatch(/Maestro → \(card updated\)/);
      expect(out).toContain(`Done — ${intake.contact_name} is rejected.`);
      expect(await db.knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ status: "REJECTED" });
      expect(model.requests).toHaveLength(2);
    } finally {
      await c.quit();
    }
  });
});

describe("runConsole", () => {
  it("seeds an empty database, and leaves cleanly at the end of its input", async () => {
    const empty = await createTestDatabase();
    try {
      const input = new PassThrough();
      const output = new PassThrough();
      let text = "";
      output.on("data", (d: Buffer) => (text += d.toString()));
      input.end("/maestro queue\n");
      expect(await runConsole({ config, input, output, database: empty, model: null })).toBe(0);
      expect(text).toMatch(/The database was empty, so I seeded the demo studio \(Studio Ordo\)\./);
      expect(text).toMatch(/U0MAESTRO1 › \/maestro queue\nMaestro → only you can see this\n {2}INTAKE QUEUE/);
      expect(text).toMatch(/Maestro stopped\. Bye\.\n$/);
    } finally {
      await empty.drop();
    }
  });
});
