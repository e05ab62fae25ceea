// The rule engine on a real database: every action, skips and failures, savepoints, dry runs, what execution rows hold.
import type { Knex } from "knex";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { insertFeedEvent, type FeedEventRow } from "../feed/feed-store.ts";
import { insertContact, insertIntake } from "../../testing/fixtures/intakes.ts";
import { insertStaff, insertUser, type TestUser } from "../../testing/fixtures/people.ts";
import { insertRule } from "../../testing/fixtures/workflows.ts";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database.ts";
import { ACTIONS } from "./actions.ts";
import { evaluateWorkflowRules } from "./engine.ts";
import type { ExecutionRow } from "./execution-store.ts";

let db: TestDatabase;
let knex: Knex;
let staff: TestUser;
const at = new Date("2026-05-04T09:30:00.000Z");

beforeAll(async () => {
  db = await createTestDatabase();
  knex = db.knex;
  staff = await insertStaff(knex, "Sam Staff");
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await knex.raw(
    "truncate intake_requests, intake_status_history, contacts, feed_events, workflow_executions, workflow_rules, slack_outbox, email_outbox, audit_log restart identity cascade",
  );
});
afterEach(() => {
  vi.restoreAllMocks();
});

interface Fire {
  type?: string;
  subjectType?: string | null;
  subjectId?: number | string | null;
  metadata?: Record<string, unknown>;
}

/** Writes a feed event and evaluates its rules in one transaction, as recordChange does. */
async function fire(
  options: Fire = {},
  inside?: (trx: Knex) => Promise<void>,
): Promise<{ event: FeedEventRow; executions: ExecutionRow[] }> {
  return knex.transaction(async (trx) => {
    if (inside) await inside(trx);
    const event = await insertFeedEvent(
      trx,
      {
        eventType: options.type ?? "TriageTicket",
        actorType: "AGENT",
        actorId: String(staff.id),
        subjectType: options.subjectType ?? null,
        subjectId: options.subjectId ?? null,
        metadata: options.metadata ?? {},
      },
      at,
    );
    return { event, executions: await evaluateWorkflowRules(trx, event, at) };
  });
}

const onlyExecution = (executions: ExecutionRow[]) => {
  expect(executions).toHaveLength(1);
  return executions[0]!;
};

describe("actions that succeed", () => {
  it("ADD_INTAKE_NOTE appends a templated SYSTEM note to the event's intake", async () => {
    const intake = await insertIntake(knex, { name: "Robin", status: "TRIAGED" });
    await insertRule(knex, {
      name: "note",
      trigger: "IntakeAssigned",
      actionType: "ADD_INTAKE_NOTE",
      actionConfig: { note: "Assigned to {{metadata.owner}}; was {{metadata.missing}}." },
    });
    const { executions } = await fire({ type: "IntakeAssigned", subjectType: "intake", subjectId: intake.id, metadata: { owner: "Sam" } });
    const execution = onlyExecution(executions);
    expect(execution).toMatchObject({
      status: "SUCCESS",
      error: null,
      action_result: { intake_id: intake.id, note: "Assigned to Sam; was ." },
    });
    expect(await knex("intake_status_history").where({ intake_id: intake.id })).toMatchObject([
      { from_status: "TRIAGED", to_status: "TRIAGED", note: "Assigned to Sam; was .", actor_type: "SYSTEM", actor_id: null },
    ]);
  });

  it("ADD_INTAKE_NOTE finds the intake through metadata.intake_id too", async () => {
    const intake = await insertIntake(knex);
    await insertRule(knex, { actionType: "ADD_INTAKE_NOTE", actionConfig: { note: "Ticket raised" } });
    const { executions } = await fire({ metadata: { intake_id: intake.id } });
    expect(onlyExecution(executions)).toMatchObject({ status: "SUCCESS", action_result: { intake_id: intake.id } });
  });

  it("SET_CONTACT_STATUS changes the subject contact", async () => {
    const contact = await insertContact(knex, { status: "NEW" });
    await insertRule(knex, { trigger: "ContactCreated", actionType: "SET_CONTACT_STATUS", actionConfig: { status: "CONTACTED" } });
    const { executions } = await fire({ type: "ContactCreated", subjectType: "contact", subjectId: contact.id });
    expect(onlyExecution(executions)).toMatchObject({
      status: "SUCCESS",
      action_result: { contact_id: contact.id, from_status: "NEW", to_status: "CONTACTED" },
    });
    expect(await knex("contacts").where({ id: contact.id }).first()).toMatchObject({ status: "CONTACTED", updated_at: at });
  });

  it("SET_CONTACT_STATUS reaches the contact through the event's intake", async () => {
    const contact = await insertContact(knex, { status: "CONTACTED" });
    const intake = await insertIntake(knex, { contactId: contact.id });
    await insertRule(knex, {
      trigger: "IntakeStatusChanged",
      condition: { field: "metadata.to_status", op: "eq", value: "QUALIFIED" },
      actionType: "SET_CONTACT_STATUS",
      actionConfig: { status: "QUALIFIED" },
    });
    const { executions } = await fire({
      type: "IntakeStatusChanged",
      subjectType: "intake",
      subjectId: intake.id,
      metadata: { to_status: "QUALIFIED" },
    });
    expect(onlyExecution(executions)).toMatchObject({
      status: "SUCCESS",
      action_result: { contact_id: contact.id, to_status: "QUALIFIED" },
    });
    expect(await knex("contacts").where({ id: contact.id }).first()).toMatchObject({ status: "QUALIFIED" });
  });

  it("ASSIGN_OWNER sets a staff owner by email or by id", async () => {
    const intake = await insertIntake(knex);
    const other = await insertStaff(knex, "Olive Other");
    await insertRule(knex, {
      name: "by-email",
      trigger: "IntakeCreated",
      actionType: "ASSIGN_OWNER",
      actionConfig: { user_email: staff.email.toUpperCase() },
    });
    const first = await fire({ type: "IntakeCreated", subjectType: "intake", subjectId: intake.id });
    expect(onlyExecution(first.executions)).toMatchObject({
      status: "SUCCESS",
      action_result: { intake_id: intake.id, owner_user_id: staff.id, owner_name: "Sam Staff", previous_owner_user_id: null },
    });
    await knex("workflow_rules").update({ action_config: JSON.stringify({ user_id: other.id }) });
    const second = await fire({ type: "IntakeCreated", subjectType: "intake", subjectId: intake.id });
    expect(onlyExecution(second.executions)).toMatchObject({
      status: "SUCCESS",
      action_result: { owner_user_id: other.id, previous_owner_user_id: staff.id },
    });
    expect(await knex("intake_requests").where({ id: intake.id }).first()).toMatchObject({ owner_user_id: other.id, updated_at: at });
  });

  it("NOTIFY_SLACK queues a templated message in the Slack outbox, linked to its execution", async () => {
    await insertRule(knex, {
      actionType: "NOTIFY_SLACK",
      actionConfig: { channel: "#ops", text: "Ticket {{subject_id}} from {{metadata.who}}" },
    });
    const { executions } = await fire({ subjectType: "ticket", subjectId: 88, metadata: { who: "Dana" } });
    const execution = onlyExecution(executions);
    expect(execution).toMatchObject({
      status: "SUCCESS",
      action_result: { channel: "#ops", text: "Ticket 88 from Dana", delivery: "queued" },
    });
    expect(execution.action_result).not.toHaveProperty("dry_run");
    expect(await knex("slack_outbox")).toMatchObject([
      {
        id: execution.action_result!.outbox_id,
        channel: "#ops",
        text: "Ticket 88 from Dana",
        status: "QUEUED",
        dry_run: false,
        workflow_execution_id: execution.id,
      },
    ]);
  });

  it("SEND_EMAIL queues an email to the templated recipient", async () => {
    await insertRule(knex, {
      trigger: "RoleApproved",
      condition: { field: "metadata.role", op: "eq", value: "STAFF" },
      actionType: "SEND_EMAIL",
      actionConfig: { to: "{{metadata.email}}", template: "welcome" },
    });
    const { executions } = await fire({ type: "RoleApproved", metadata: { role: "STAFF", email: "dana@example.test" } });
    const execution = onlyExecution(executions);
    expect(execution).toMatchObject({ status: "SUCCESS", action_result: { to: "dana@example.test", delivery: "queued" } });
    expect(await knex("email_outbox")).toMatchObject([
      { to_address: "dana@example.test", body: "template:welcome", status: "QUEUED", dry_run: false, workflow_execution_id: execution.id },
    ]);
  });
});

describe("skips and failures", () => {
  it("SKIPS a rule whose condition is false, doing nothing", async () => {
    await insertRule(knex, { condition: { field: "metadata.priority", op: "eq", value: "high" } });
    const { executions } = await fire({ metadata: { priority: "low" } });
    expect(onlyExecution(executions)).toMatchObject({ status: "SKIPPED", error: null, action_result: { reason: "condition not met" } });
    expect(await knex("slack_outbox")).toHaveLength(0);
  });

  it("FAILS with 'contact not found' when the intake has no contact, changing nothing", async () => {
    const intake = await insertIntake(knex, { contactId: null });
    await insertRule(knex, { trigger: "IntakeStatusChanged", actionType: "SET_CONTACT_STATUS", actionConfig: { status: "QUALIFIED" } });
    const { executions } = await fire({
      type: "IntakeStatusChanged",
      subjectType: "intake",
      subjectId: intake.id,
      metadata: { contact_id: null },
    });
    const execution = onlyExecution(executions);
    expect(execution.status).toBe("FAILED");
    expect(execution.error).toMatch(/contact not found/);
    expect(execution.error).toContain(`intake ${intake.id} has no contact`);
    expect(execution.action_result).toBeNull();
  });

  it("FAILS with 'contact not found' for a contact id that does not exist", async () => {
    await insertRule(knex, { trigger: "ContactCreated", actionType: "SET_CONTACT_STATUS", actionConfig: { status: "ACTIVE" } });
    const { executions } = await fire({ type: "ContactCreated", subjectType: "contact", subjectId: 999 });
    expect(onlyExecution(executions)).toMatchObject({ status: "FAILED", error: "contact not found: contact 999 does not exist" });
  });

  it("FAILS when the event names no intake, or a non-staff owner", async () => {
    const member = await insertUser(knex, { name: "Mo Member", roles: ["MEMBER"] });
    const intake = await insertIntake(knex);
    await insertRule(knex, { name: "note", actionType: "ADD_INTAKE_NOTE", actionConfig: { note: "x" } });
    await insertRule(knex, { name: "owner", actionType: "ASSIGN_OWNER", actionConfig: { user_id: member.id } });
    const { executions } = await fire({ metadata: { intake_id: "not-a-number" } });
    expect(executions.map((e) => e.status)).toEqual(["FAILED", "FAILED"]);
    expect(executions[0]!.error).toMatch(/^intake not found: the event names no intake/);
    expect(executions[1]!.error).toBe("user Mo Member is not staff and cannot own intakes");
    const again = await fire({ subjectType: "intake", subjectId: intake.id + 100 });
    expect(again.executions[0]!.error).toBe(`intake not found: intake ${intake.id + 100} does not exist`);
  });

  it("FAILS a rule with malformed action config, naming the bad field", async () => {
    await insertRule(knex, { name: "no-channel", actionType: "NOTIFY_SLACK", actionConfig: { text: "hi" } });
    await insertRule(knex, { name: "bad-status", actionType: "SET_CONTACT_STATUS", actionConfig: { status: "FRIEND" } });
    await insertRule(knex, { name: "config-not-object", actionType: "ADD_INTAKE_NOTE", actionConfig: "note please" });
    await insertRule(knex, { name: "no-recipient", actionType: "SEND_EMAIL", actionConfig: { to: "{{metadata.email}}" } });
    const { executions } = await fire();
    expect(executions.map((e) => [e.rule_snapshot.name, e.status])).toEqual([
      ["no-channel", "FAILED"],
      ["bad-status", "FAILED"],
      ["config-not-object", "FAILED"],
      ["no-recipient", "FAILED"],
    ]);
    expect(executions[0]!.error).toMatch(/^invalid NOTIFY_SLACK config: channel/);
    expect(executions[1]!.error).toMatch(/^invalid SET_CONTACT_STATUS config: status/);
    expect(executions[2]!.error).toMatch(/^invalid ADD_INTAKE_NOTE config/);
    expect(executions[3]!.error).toMatch(/^no recipient/);
    expect(await knex("slack_outbox")).toHaveLength(0);
    expect(await knex("email_outbox")).toHaveLength(0);
  });

  it("FAILS a rule with a malformed condition without running its action", async () => {
    await insertRule(knex, { condition: { field: "metadata.role", op: "like", value: "ST%" } });
    await insertRule(knex, { condition: "metadata.role eq STAFF" });
    const { executions } = await fire({ metadata: { role: "STAFF" } });
    expect(executions.map((e) => e.status)).toEqual(["FAILED", "FAILED"]);
    for (const e of executions) expect(e.error).toMatch(/^invalid condition/);
    expect(await knex("slack_outbox")).toHaveLength(0);
  });

  it("does not run disabled rules or rules for other event types", async () => {
    await insertRule(knex, { name: "disabled", enabled: false });
    await insertRule(knex, { name: "other-type", trigger: "RoleApproved" });
    await insertRule(knex, { name: "runs" });
    const { executions } = await fire();
    expect(executions.map((e) => e.rule_snapshot.name)).toEqual(["runs"]);
    expect(await knex("workflow_executions")).toHaveLength(1);
    const none = await fire({ type: "NobodyListens" });
    expect(none.executions).toEqual([]);
  });

  it("runs every matching rule in id order, one execution each", async () => {
    const names = ["c-first", "a-second", "b-third"];
    for (const name of names) await insertRule(knex, { name });
    const { executions } = await fire();
    expect(executions.map((e) => e.rule_snapshot.name)).toEqual(names);
    expect(await knex("slack_outbox")).toHaveLength(3);
  });
});

describe("savepoints: a failing rule undoes only itself", () => {
  it("keeps other rules' writes and the caller's write when a rule fails after writing", async () => {
    const intake = await insertIntake(knex);
    await insertRule(knex, { name: "before", actionType: "ADD_INTAKE_NOTE", actionConfig: { note: "before" } });
    const failing = await insertRule(knex, {
      name: "writes-then-fails",
      actionType: "SET_CONTACT_STATUS",
      actionConfig: { status: "ACTIVE" },
    });
    await insertRule(knex, { name: "after", actionType: "ADD_INTAKE_NOTE", actionConfig: { note: "after" } });
    // The failing action writes a note and a Slack message, then throws: both must roll back to its savepoint.
    vi.spyOn(ACTIONS, "SET_CONTACT_STATUS").mockImplementation(async ({ trx }) => {
      await trx("intake_status_history").insert({
        intake_id: intake.id,
        from_status: "NEW",
        to_status: "NEW",
        note: "doomed",
        actor_type: "SYSTEM",
      });
      await trx("slack_outbox").insert({ channel: "#ops", text: "doomed" });
      throw new Error("downstream exploded");
    });

    const { executions } = await fire({ subjectType: "intake", subjectId: intake.id }, async (trx) => {
      await trx("audit_log").insert({ actor_type: "SYSTEM", action: "caller.write", details: "{}" });
    });

    expect(executions.map((e) => [e.rule_snapshot.name, e.status])).toEqual([
      ["before", "SUCCESS"],
      ["writes-then-fails", "FAILED"],
      ["after", "SUCCESS"],
    ]);
    expect(executions[1]).toMatchObject({ rule_id: failing.id, error: "downstream exploded" });
    const notes = await knex("intake_status_history").where({ intake_id: intake.id }).orderBy("id").pluck("note");
    expect(notes).toEqual(["before", "after"]);
    expect(await knex("slack_outbox")).toHaveLength(0);
    expect(await knex("audit_log").where({ action: "caller.write" })).toHaveLength(1);
    expect(await knex("workflow_executions")).toHaveLength(3);
  });

  it("survives a database error inside an action (the transaction stays usable)", async () => {
    const intake = await insertIntake(knex);
    await insertRule(knex, { name: "sql-error", actionType: "SET_CONTACT_STATUS", actionConfig: { status: "ACTIVE" } });
    await insertRule(knex, { name: "after", actionType: "ADD_INTAKE_NOTE", actionConfig: { note: "still here" } });
    vi.spyOn(ACTIONS, "SET_CONTACT_STATUS").mockImplementation(async ({ trx }) => {
      await trx("contacts").insert({ name: "Bad", status: "NOT_A_STATUS" }); // violates contacts_status_ck
      return {};
    });

    const { executions } = await fire({ subjectType: "intake", subjectId: intake.id });
    expect(executions.map((e) => e.status)).toEqual(["FAILED", "SUCCESS"]);
    expect(executions[0]!.error).toMatch(/contacts_status_ck/);
    expect(await knex("intake_status_history").where({ intake_id: intake.id }).pluck("note")).toEqual(["still here"]);
    expect(await knex("contacts")).toHaveLength(0);
    expect(await knex("feed_events")).toHaveLength(1);
  });

  it("writes nothing at all when the caller's transaction rolls back (no message escapes)", async () => {
    await insertRule(knex, { actionType: "NOTIFY_SLACK", actionConfig: { channel: "#ops", text: "hello" } });
    await expect(
      knex.transaction(async (trx) => {
        const event = await insertFeedEvent(
          trx,
          { eventType: "TriageTicket", actorType: "SYSTEM", actorId: null, subjectType: null, subjectId: null, metadata: {} },
          at,
        );
        const executions = await evaluateWorkflowRules(trx, event, at);
        expect(executions[0]!.status).toBe("SUCCESS");
        throw new Error("the caller changed its mind");
      }),
    ).rejects.toThrow("the caller changed its mind");
    for (const table of ["feed_events", "workflow_executions", "slack_outbox"]) expect(await knex(table), table).toHaveLength(0);
  });
});

describe("EVAL events", () => {
  it("records Slack posts and emails as dry runs and queues nothing, while data actions still run", async () => {
    const intake = await insertIntake(knex);
    await insertRule(knex, { name: "slack", actionType: "NOTIFY_SLACK", actionConfig: { channel: "#ops", text: "test {{metadata.n}}" } });
    await insertRule(knex, { name: "email", actionType: "SEND_EMAIL", actionConfig: { to: "ops@example.test", subject: "Test" } });
    await insertRule(knex, { name: "note", actionType: "ADD_INTAKE_NOTE", actionConfig: { note: "eval note" } });
    const { executions } = await fire({ subjectType: "intake", subjectId: intake.id, metadata: { source: "EVAL", n: 1 } });

    expect(executions.map((e) => e.status)).toEqual(["SUCCESS", "SUCCESS", "SUCCESS"]);
    expect(executions[0]!.action_result).toMatchObject({ delivery: "dry_run", dry_run: true, text: "test 1" });
    expect(executions[1]!.action_result).toMatchObject({ delivery: "dry_run", dry_run: true, to: "ops@example.test" });
    expect(executions[2]!.action_result).not.toHaveProperty("dry_run"); // the note was really written
    expect(await knex("slack_outbox")).toMatchObject([{ status: "DRY_RUN", dry_run: true, workflow_execution_id: executions[0]!.id }]);
    expect(await knex("email_outbox")).toMatchObject([{ status: "DRY_RUN", dry_run: true, workflow_execution_id: executions[1]!.id }]);
    expect(await knex("slack_outbox").where({ status: "QUEUED" })).toHaveLength(0);
    expect(await knex("email_outbox").where({ status: "QUEUED" })).toHaveLength(0);
    expect(await knex("intake_status_history").where({ intake_id: intake.id }).pluck("note")).toEqual(["eval note"]);
  });

  it("only source EVAL marks a dry run", async () => {
    await insertRule(knex, { actionType: "NOTIFY_SLACK", actionConfig: { channel: "#ops", text: "x" } });
    await fire({ metadata: { source: "eval" } });
    expect(await knex("slack_outbox")).toMatchObject([{ status: "QUEUED", dry_run: false }]);
  });
});

describe("execution rows", () => {
  it("carry the rule snapshot, the event payload, the duration and the event id", async () => {
    const rule = await insertRule(knex, {
      name: "snapshot-me",
      description: "ignored by the snapshot",
      condition: { field: "metadata.kind", op: "eq", value: "pottery" },
      actionConfig: { channel: "#ops", text: "hi" },
    });
    const { event, executions } = await fire({ subjectType: "ticket", subjectId: "T-9", metadata: { kind: "pottery" } });
    const [row] = await knex("workflow_executions");
    expect(row).toMatchObject({
      id: executions[0]!.id,
      rule_id: rule.id,
      feed_event_id: event.id,
      status: "SUCCESS",
      created_at: at,
      rule_snapshot: {
        id: rule.id,
        name: "snapshot-me",
        trigger_event_type: "TriageTicket",
        condition: { field: "metadata.kind", op: "eq", value: "pottery" },
        action_type: "NOTIFY_SLACK",
        action_config: { channel: "#ops", text: "hi" },
        enabled: true,
      },
      event_payload: {
        id: event.id,
        event_type: "TriageTicket",
        actor_type: "AGENT",
        actor_id: String(staff.id),
        subject_type: "ticket",
        subject_id: "T-9",
        metadata: { kind: "pottery" },
        created_at: at.toISOString(),
      },
    });
    expect(Number.isInteger(row.duration_ms)).toBe(true);
    expect(row.duration_ms).toBeGreaterThanOrEqual(0);

    // The snapshot is history: editing the rule later leaves the row as it ran.
    await knex("workflow_rules").where({ id: rule.id }).update({ name: "renamed" });
    expect((await knex("workflow_executions").first()).rule_snapshot.name).toBe("snapshot-me");
  });

  it("measures the time an action takes", async () => {
    await insertRule(knex, { actionType: "ADD_INTAKE_NOTE", actionConfig: { note: "slow" } });
    vi.spyOn(ACTIONS, "ADD_INTAKE_NOTE").mockImplementation(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { waited: true };
    });
    const { executions } = await fire();
    expect(executions[0]!.duration_ms).toBeGreaterThanOrEqual(25);
  });
});
