// People and intake imports on a real database (both engines): roles only ever added and ADMIN only when allowed; intakes
// with their contact matched or created by email, starting statuses checked, rules fired only on request.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "../domain/actor.ts";
import { manualClock } from "../domain/clock.ts";
import type { RowOutcome } from "../domain/imports/import-batch.ts";
import { liveRoles } from "../domain/users/user-store.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import type { ImportKindName } from "./import-kinds.ts";
import { runImport } from "./run-import.ts";

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

async function importText(kind: ImportKindName, text: string, over: { fireRules?: boolean; grantAdmin?: boolean; dryRun?: boolean } = {}) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(file, text);
  const outcomes: RowOutcome[] = [];
  const summary = await runImport(db.knex, {
    kind,
    file,
    dryRun: over.dryRun ?? false,
    fireRules: over.fireRules ?? false,
    grantAdmin: over.grantAdmin ?? false,
    actor: systemActor("cli"),
    clock,
    onBatch: (batch) => void outcomes.push(...batch),
  });
  return { summary, outcomes, byRow: (row: number) => outcomes.find((o) => o.row === row) };
}

const rolesOf = async (email: string) => {
  const user = await db.knex("users").where({ email }).first();
  return liveRoles(db.knex, user.id);
};

describe("import people", () => {
  const PEOPLE =
    "Name,E-mail,Roles\nMaya Ortiz,maya@studio.test,STAFF; instructor\nTom Ng,tom@studio.test,member\nZed,zed@studio.test,ADMIN\nQ,q@studio.test,WIZARD\n";

  it("creates people with their roles, refuses ADMIN without --grant-admin and unknown roles, and a rerun changes nothing", async () => {
    const first = await importText("people", PEOPLE);
    expect(first.outcomes.map((o) => o.outcome)).toEqual(["created", "created", "refused", "refused"]);
    expect(first.byRow(4)).toMatchObject({
      fields: ["roles"],
      reason: expect.stringMatching(/granting ADMIN from a file needs --grant-admin/),
    });
    expect(first.byRow(5)).toMatchObject({
      fields: ["roles"],
      reason: expect.stringMatching(/"WIZARD" is not one of the roles: ADMIN, STAFF, MEMBER, INSTRUCTOR/),
    });
    expect(await rolesOf("maya@studio.test")).toEqual(["INSTRUCTOR", "STAFF"]);
    expect(await rolesOf("tom@studio.test")).toEqual(["MEMBER"]);
    expect(await db.knex("users").where({ email: "zed@studio.test" }).first()).toBeUndefined();

    const again = await importText("people", PEOPLE);
    expect(again.summary.counts).toEqual({ created: 0, updated: 0, unchanged: 2, refused: 2 });
    expect(Number((await db.knex("role_assignments").count<{ n: number }[]>("* as n"))[0]!.n)).toBe(3);
  });

  it("adds roles, never revokes them; ADMIN is granted with --grant-admin", async () => {
    await importText("people", PEOPLE);
    const more = await importText("people", "email,name,role\nMAYA@studio.test,,ADMIN\ntom@studio.test,Tom Ng,\n", { grantAdmin: true });
    expect(more.outcomes).toEqual([
      expect.objectContaining({ row: 2, outcome: "updated", fields: ["roles"] }),
      expect.objectContaining({ row: 3, outcome: "unchanged" }),
    ]);
    expect(await rolesOf("maya@studio.test")).toEqual(["ADMIN", "INSTRUCTOR", "STAFF"]);
    expect(await rolesOf("tom@studio.test")).toEqual(["MEMBER"]);
    const audit = await db.knex("audit_log").where({ action: "user.import" }).orderBy("id", "desc").first();
    expect(audit.details).toMatchObject({ roles_granted: ["ADMIN"] });
  });
});

describe("import intakes", () => {
  const INTAKES = [
    "Email,Name,Audience,Goals,Status,Source,Date",
    'ana@example.com,Ana Lima,individual,"Throwing, then glazes",,website,2025-03-01',
    "bob@example.com,Bob Reyes,group,Team day,TRIAGED,,2025-04-02 09:30",
    "cy@example.com,Cy Twombly,,,CLOSED,,",
    "di@example.com,Di Fox,,,BOOKED,,",
    "ed@example.com,Ed Moss,,,,,31/03/2025",
  ].join("\n");

  it("creates each intake with its contact, refuses final and BOOKED starting statuses and foreign dates; a rerun changes nothing", async () => {
    const { outcomes, byRow } = await importText("intakes", INTAKES);
    expect(outcomes.map((o) => o.outcome)).toEqual(["created", "created", "refused", "refused", "refused"]);
    expect(byRow(4)).toMatchObject({
      fields: ["status"],
      reason: expect.stringMatching(/cannot start as CLOSED: that is a final decision/),
    });
    expect(byRow(5)).toMatchObject({ fields: ["status"], reason: expect.stringMatching(/BOOKED by booking one of Maestro's slots/) });
    expect(byRow(6)).toMatchObject({ fields: ["created_at"], reason: expect.stringMatching(/write it as 2024-03-31/) });
    const intakes = await db
      .knex("intake_requests as i")
      .join("contacts as c", "c.id", "i.contact_id")
      .orderBy("i.id")
      .select("i.contact_name", "i.status", "i.goals", "i.created_at", "c.email", "c.source");
    expect(intakes).toEqual([
      {
        contact_name: "Ana Lima",
        status: "NEW",
        goals: "Throwing, then glazes",
        created_at: new Date("2025-03-01T00:00:00Z"),
        email: "ana@example.com",
        source: "website",
      },
      {
        contact_name: "Bob Reyes",
        status: "TRIAGED",
        goals: "Team day",
        created_at: new Date("2025-04-02T09:30:00Z"),
        email: "bob@example.com",
        source: null,
      },
    ]);
    expect(await db.knex("intake_status_history").orderBy("id").select("from_status", "to_status")).toEqual([
      { from_status: "NEW", to_status: "NEW" },
      { from_status: "NEW", to_status: "TRIAGED" },
    ]);
    const again = await importText("intakes", INTAKES);
    expect(again.summary.counts).toEqual({ created: 0, updated: 0, unchanged: 2, refused: 3 });
    expect(Number((await db.knex("intake_requests").count<{ n: number }[]>("* as n"))[0]!.n)).toBe(2);
    expect(Number((await db.knex("contacts").count<{ n: number }[]>("* as n"))[0]!.n)).toBe(2);
  });

  it("never moves an existing intake's status", async () => {
    await importText("intakes", INTAKES);
    const { outcomes } = await importText("intakes", "email,name,status,date\nbob@example.com,Bob Reyes,QUALIFIED,2025-04-02 09:30\n");
    expect(outcomes[0]).toMatchObject({
      outcome: "refused",
      fields: ["status"],
      reason: expect.stringMatching(/is TRIAGED in Maestro and the file says QUALIFIED/),
    });
  });

  it("fires IntakeCreated rules only with --fire-rules", async () => {
    await db.knex("workflow_rules").insert({
      name: "welcome",
      trigger_event_type: "IntakeCreated",
      condition: JSON.stringify({ all: [{ field: "metadata.email", op: "exists" }] }),
      action_type: "SEND_EMAIL",
      action_config: JSON.stringify({ to: "{{metadata.email}}", subject: "Welcome", template: "welcome" }),
    });
    await importText("intakes", "email,name\nana@example.com,Ana Lima\n");
    expect(await db.knex("email_outbox").select("to_address")).toEqual([]);
    expect(await db.knex("feed_events").select("event_type")).toEqual([]);
    await importText("intakes", "email,name\nbob@example.com,Bob Reyes\n", { fireRules: true });
    expect(await db.knex("feed_events").orderBy("id").select("event_type")).toEqual([
      { event_type: "ContactCreated" },
      { event_type: "IntakeCreated" },
    ]);
    expect(await db.knex("workflow_executions").select("status")).toEqual([{ status: "SUCCESS" }]);
    expect(await db.knex("email_outbox").select("to_address")).toEqual([{ to_address: "bob@example.com" }]);
  });
});
