// The five workflow tools on a real database: windows and counts, failure detail, rule stats, toggling by name, test events.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../domain/actor.ts";
import { HOUR_MS, manualClock } from "../domain/clock.ts";
import { insertIntake, writeFootprint } from "../testing/fixtures/intakes.ts";
import { actorFor, insertStaff } from "../testing/fixtures/people.ts";
import { insertExecution, insertRule } from "../testing/fixtures/workflows.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { toolContext } from "../testing/tool-context.ts";
import type { RuleRow } from "../domain/workflows/rule-store.ts";
import { executeTool, type ToolOutcome } from "./execute.ts";
import { createRegistry } from "./registry.ts";
import { workflowTools } from "./workflow-tools.ts";

const registry = createRegistry(workflowTools);
const NOW = new Date("2026-05-04T15:00:00.000Z");
const clock = manualClock(NOW);
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * HOUR_MS);
let db: TestDatabase;
let actor: Actor;
let staffId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  const staff = await insertStaff(db.knex, "Sam Staff");
  staffId = staff.id;
  actor = actorFor(staff, "agent", "run-1");
});
afterAll(() => db?.drop());
beforeEach(async () => {
  clock.set(NOW);
  await db.knex.raw(
    "truncate intake_requests, intake_status_history, contacts, audit_log, feed_events, workflow_executions, workflow_rules, slack_outbox, email_outbox restart identity cascade",
  );
});

const run = (name: string, args: unknown, options: Parameters<typeof toolContext>[2] = {}) =>
  executeTool(registry, name, args, toolContext(db, actor, { clock, ...options }));

/** The result of a call that must succeed. */
function ok<T = Record<string, unknown>>(outcome: ToolOutcome): T {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result as T;
}

async function expectInvalid(name: string, argsList: unknown[]) {
  const before = await writeFootprint(db.knex);
  for (const args of argsList) {
    const outcome = await run(name, args);
    expect(outcome, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  }
  expect(await writeFootprint(db.knex)).toEqual(before);
}

describe("the catalogue entries", () => {
  it("registers five tools with the policy's effects and model-ready schemas", () => {
    const effects = Object.fromEntries(registry.tools.map((t) => [t.name, "effect" in t.effect ? t.effect.effect : "dynamic"]));
    expect(effects).toEqual({
      get_workflow_execution_detail: "read",
      list_workflow_executions: "read",
      list_workflow_rules: "read",
      toggle_workflow_rule: "write",
      trigger_test_workflow: "write",
    });
    const definitions = Object.fromEntries(registry.modelDefinitions().map((d) => [d.name, d.input_schema]));
    expect(definitions.toggle_workflow_rule).toMatchObject({
      required: ["enabled"],
      properties: { rule_id: {}, rule_name: {}, enabled: {} },
    });
    expect(definitions.list_workflow_executions).not.toHaveProperty("required");
    expect(definitions.trigger_test_workflow).toMatchObject({ required: ["event_type"] });
  });
});

describe("list_workflow_executions", () => {
  let welcome: RuleRow;
  let triage: RuleRow;

  beforeEach(async () => {
    welcome = await insertRule(db.knex, {
      name: "welcome-email",
      trigger: "RoleApproved",
      actionType: "SEND_EMAIL",
      actionConfig: { to: "{{metadata.email}}", template: "welcome" },
    });
    triage = await insertRule(db.knex, { name: "triage-ping", trigger: "TriageTicket" });
  });

  it("answers 'did the workflows run cleanly today' from counts in the window (scenario C1)", async () => {
    await insertExecution(db.knex, welcome, { status: "SUCCESS", createdAt: hoursAgo(5) });
    await insertExecution(db.knex, triage, { status: "SUCCESS", createdAt: hoursAgo(3) });
    await insertExecution(db.knex, welcome, { status: "FAILED", error: `contact not found: ${"x".repeat(400)}`, createdAt: hoursAgo(1) });
    await insertExecution(db.knex, welcome, { status: "FAILED", createdAt: hoursAgo(30) }); // yesterday
    await insertExecution(db.knex, triage, { status: "SKIPPED", createdAt: hoursAgo(24 * 10) }); // outside the default week

    const today = ok<{
      total: number;
      counts_by_status: Record<string, number>;
      window: { from: string; to: string };
      executions: {
        id: number;
        rule: { id: number; name: string };
        event_type: string;
        status: string;
        error: string | null;
        duration_ms: number;
        test_event: boolean;
        created_at: string;
      }[];
    }>(await run("list_workflow_executions", { since_hours: 24 }));
    expect(today.total).toBe(3);
    expect(today.counts_by_status).toEqual({ SUCCESS: 2, FAILED: 1, SKIPPED: 0 });
    expect(today.window).toEqual({ from: hoursAgo(24).toISOString(), to: NOW.toISOString() });
    expect(today.executions.map((e) => [e.rule.name, e.status])).toEqual([
      ["welcome-email", "FAILED"],
      ["triage-ping", "SUCCESS"],
      ["welcome-email", "SUCCESS"],
    ]);
    expect(today.executions[0]).toMatchObject({
      rule: { id: welcome.id },
      event_type: "RoleApproved",
      duration_ms: 12,
      test_event: false,
      created_at: hoursAgo(1).toISOString(),
    });
    expect(today.executions[0]!.error!.length).toBeLessThanOrEqual(200);
    expect(today.executions[0]!.error).toMatch(/^contact not found: x+…$/);

    const week = ok<{ total: number; counts_by_status: Record<string, number> }>(await run("list_workflow_executions", {}));
    expect(week).toMatchObject({ total: 4, counts_by_status: { SUCCESS: 2, FAILED: 2, SKIPPED: 0 }, filter: { since_hours: 168 } });
  });

  it("filters by status while counts_by_status still covers the whole window", async () => {
    await insertExecution(db.knex, welcome, { status: "SUCCESS", createdAt: hoursAgo(2) });
    await insertExecution(db.knex, welcome, { status: "FAILED", createdAt: hoursAgo(1) });
    const result = ok(await run("list_workflow_executions", { status: "FAILED" }));
    expect(result).toMatchObject({ total: 1, returned: 1, counts_by_status: { SUCCESS: 1, FAILED: 1 }, filter: { status: "FAILED" } });
  });

  it("brings the window's counts when the status filter matches no run, and counts an event type's rules", async () => {
    await insertExecution(db.knex, welcome, { status: "SUCCESS", createdAt: hoursAgo(2) });
    await insertExecution(db.knex, triage, { status: "SKIPPED", createdAt: hoursAgo(3) });
    const none = ok(await run("list_workflow_executions", { status: "FAILED" }));
    expect(none).toMatchObject({ total: 0, returned: 0, executions: [], counts_by_status: { SUCCESS: 1, FAILED: 0, SKIPPED: 1 } });
    const byEvent = ok(await run("list_workflow_executions", { event_type: "RoleApproved", status: "FAILED" }));
    expect(byEvent).toMatchObject({ total: 0, counts_by_status: { SUCCESS: 1, FAILED: 0, SKIPPED: 0 } });
    expect(byEvent).not.toHaveProperty("note");
  });

  it("filters by rule and by trigger event type (through the rules)", async () => {
    await insertExecution(db.knex, welcome, { createdAt: hoursAgo(2) });
    await insertExecution(db.knex, triage, { createdAt: hoursAgo(1) });
    await insertExecution(db.knex, triage, { status: "FAILED", createdAt: hoursAgo(1) });

    expect(ok(await run("list_workflow_executions", { rule_id: triage.id }))).toMatchObject({
      total: 2,
      counts_by_status: { SUCCESS: 1, FAILED: 1 },
    });
    const byEvent = ok<{ total: number; executions: { rule: { name: string } }[] }>(
      await run("list_workflow_executions", { event_type: "RoleApproved" }),
    );
    expect(byEvent.total).toBe(1);
    expect(byEvent.executions.map((e) => e.rule.name)).toEqual(["welcome-email"]);
    expect(ok(await run("list_workflow_executions", { event_type: "RoleApproved", rule_id: triage.id }))).toMatchObject({
      total: 0,
      executions: [],
    });
  });

  it("says plainly when no rule is triggered by the event type asked about", async () => {
    await insertExecution(db.knex, welcome, { createdAt: hoursAgo(2) });
    const result = ok<{ note: string }>(await run("list_workflow_executions", { event_type: "BookingConfirmed" }));
    expect(result).toMatchObject({ total: 0, executions: [], counts_by_status: { SUCCESS: 0, FAILED: 0, SKIPPED: 0 } });
    expect(result.note).toMatch(/No workflow rule is triggered by BookingConfirmed/);
  });

  it("says empty plainly", async () => {
    expect(ok(await run("list_workflow_executions", { since_hours: 1 }))).toMatchObject({ total: 0, returned: 0, executions: [] });
  });

  it("pages newest first with limit and offset, total counting every match", async () => {
    for (let i = 1; i <= 5; i++) await insertExecution(db.knex, triage, { createdAt: hoursAgo(i) });
    const page = ok<{ executions: { created_at: string }[] }>(await run("list_workflow_executions", { limit: 2, offset: 2 }));
    expect(page).toMatchObject({ total: 5, returned: 2, offset: 2 });
    expect(page.executions.map((e) => e.created_at)).toEqual([hoursAgo(3).toISOString(), hoursAgo(4).toISOString()]);
  });

  it("marks runs caused by test events", async () => {
    await insertExecution(db.knex, triage, { metadata: { source: "EVAL" }, createdAt: hoursAgo(1) });
    const result = ok<{ executions: { test_event: boolean }[] }>(await run("list_workflow_executions", {}));
    expect(result.executions[0]!.test_event).toBe(true);
  });

  it("names the rule lookup when the rule does not exist", async () => {
    const outcome = await run("list_workflow_executions", { rule_id: 4242 });
    expect(outcome).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(!outcome.ok && outcome.error.message).toMatch(/list_workflow_rules/);
  });

  it("rejects bad arguments", async () => {
    await expectInvalid("list_workflow_executions", [
      { since_hours: 0 },
      { since_hours: 2161 },
      { since_hours: 1.5 },
      { limit: 0 },
      { limit: 101 },
      { offset: -1 },
      { status: "DONE" },
      { status: "failed" },
      { rule_id: -1 },
      { event_type: "" },
      { event_type: "has space" },
      { event_type: "9Lives" },
      { event_type: "x".repeat(101) },
      { surprise: true },
    ]);
  });
});

describe("get_workflow_execution_detail", () => {
  it("explains a failure: the error, the event and what the rule was trying to do (scenario C2)", async () => {
    const rule = await insertRule(db.knex, {
      name: "welcome-staff",
      trigger: "RoleApproved",
      condition: { field: "metadata.role", op: "eq", value: "STAFF" },
      actionType: "SEND_EMAIL",
      actionConfig: { to: "{{metadata.email}}", template: "welcome" },
    });
    const longError = `contact not found: intake 12 has no contact. ${"detail ".repeat(60)}`;
    const execution = await insertExecution(db.knex, rule, {
      status: "FAILED",
      error: longError,
      subjectType: "role_request",
      subjectId: 31,
      metadata: { role: "STAFF", email: "dana@example.test", essay: "e".repeat(2000) },
      createdAt: hoursAgo(2),
      durationMs: 41,
    });

    const result = ok<Record<string, unknown>>(await run("get_workflow_execution_detail", { execution_id: execution.id }));
    expect(result.what_the_rule_does).toBe(
      "When RoleApproved happens and metadata.role eq STAFF, send an email to {{metadata.email}} using template welcome.",
    );
    expect(result.execution).toEqual({
      id: execution.id,
      status: "FAILED",
      error: longError, // the full error, not the list's 200 characters
      duration_ms: 41,
      created_at: hoursAgo(2).toISOString(),
      feed_event_id: execution.feed_event_id,
    });
    expect(result.rule).toEqual({
      id: rule.id,
      name: "welcome-staff",
      trigger_event_type: "RoleApproved",
      condition: { field: "metadata.role", op: "eq", value: "STAFF" },
      condition_summary: "metadata.role eq STAFF",
      action_type: "SEND_EMAIL",
      action_config: { to: "{{metadata.email}}", template: "welcome" },
      enabled_when_run: true,
    });
    expect(result.rule_now).toEqual({ id: rule.id, name: "welcome-staff", enabled: true });
    const event = result.event as {
      metadata: { essay: string; email: string };
      subject_type: string;
      subject_id: string;
      test_event: boolean;
      event_type: string;
    };
    expect(event).toMatchObject({ event_type: "RoleApproved", subject_type: "role_request", subject_id: "31", test_event: false });
    expect(event.metadata.email).toBe("dana@example.test");
    expect(event.metadata.essay.length).toBeLessThanOrEqual(500);
    expect(result.action_result).toBeNull();
  });

  it("shows the rule's current state when it changed since the run, and when it was deleted", async () => {
    const rule = await insertRule(db.knex, { name: "ping" });
    const execution = await insertExecution(db.knex, rule, { createdAt: hoursAgo(1) });
    await db.knex("workflow_rules").where({ id: rule.id }).update({ enabled: false });
    const changed = ok(await run("get_workflow_execution_detail", { execution_id: execution.id }));
    expect(changed).toMatchObject({ rule: { enabled_when_run: true }, rule_now: { enabled: false } });

    await db.knex("workflow_rules").where({ id: rule.id }).delete();
    const deleted = ok(await run("get_workflow_execution_detail", { execution_id: execution.id }));
    expect(deleted).toMatchObject({ rule: { name: "ping" }, rule_now: null, rule_note: expect.stringMatching(/deleted/) });
  });

  it("shows the outbox delivery of a Slack post or email", async () => {
    await insertRule(db.knex, { name: "ping", actionType: "NOTIFY_SLACK", actionConfig: { channel: "#ops", text: "test" } });
    const triggered = ok<{ executions: { execution_id: number }[] }>(await run("trigger_test_workflow", { event_type: "TriageTicket" }));
    const result = ok(await run("get_workflow_execution_detail", { execution_id: triggered.executions[0]!.execution_id }));
    expect(result).toMatchObject({
      execution: { status: "SUCCESS" },
      what_the_rule_does: 'When TriageTicket happens, post "test" to Slack channel #ops.',
      event: { test_event: true, metadata: { source: "EVAL" } },
      action_result: { delivery: "dry_run", dry_run: true },
      delivery: { channel: "slack", status: "DRY_RUN", dry_run: true, sent_at: null },
    });
  });

  it("describes every action type and a malformed condition in words", async () => {
    const cases: [Parameters<typeof insertRule>[1], string][] = [
      [
        { trigger: "IntakeCreated", actionType: "ADD_INTAKE_NOTE", actionConfig: { note: "Say hello" } },
        'When IntakeCreated happens, add the note "Say hello" to the event\'s intake.',
      ],
      [
        {
          trigger: "IntakeStatusChanged",
          condition: {
            any: [
              { field: "metadata.to_status", op: "eq", value: "QUALIFIED" },
              { field: "metadata.vip", op: "exists" },
            ],
          },
          actionType: "SET_CONTACT_STATUS",
          actionConfig: { status: "QUALIFIED" },
        },
        "When IntakeStatusChanged happens and metadata.to_status eq QUALIFIED or metadata.vip exists, set the status of the event's contact (or its intake's contact) to QUALIFIED.",
      ],
      [
        { trigger: "IntakeCreated", actionType: "ASSIGN_OWNER", actionConfig: { user_email: "sam@studio.test" } },
        "When IntakeCreated happens, assign the event's intake to sam@studio.test.",
      ],
      [
        { trigger: "X", condition: { field: "a", op: "like" }, actionType: "NOTIFY_SLACK", actionConfig: {} },
        "When X happens (its condition is malformed, so every run fails before acting), post a message to Slack channel (none configured).",
      ],
      [
        { trigger: "X", actionType: "SEND_EMAIL", actionConfig: { to: "a@b.test", subject: "Hi" } },
        'When X happens, send an email to a@b.test with subject "Hi".',
      ],
    ];
    for (const [options, sentence] of cases) {
      const rule = await insertRule(db.knex, options);
      const execution = await insertExecution(db.knex, rule, { status: "FAILED", error: "boom" });
      const result = ok<{ what_the_rule_does: string }>(await run("get_workflow_execution_detail", { execution_id: execution.id }));
      expect(result.what_the_rule_does).toBe(sentence);
    }
  });

  it("says what to look up first when the execution does not exist", async () => {
    const outcome = await run("get_workflow_execution_detail", { execution_id: 999 });
    expect(outcome).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(!outcome.ok && outcome.error.message).toMatch(/list_workflow_executions/);
  });

  it("rejects bad arguments", async () => {
    await expectInvalid("get_workflow_execution_detail", [
      {},
      { execution_id: 0 },
      { execution_id: "12" },
      { execution_id: 1.5 },
      { execution_id: 1, extra: 1 },
    ]);
  });
});

describe("list_workflow_rules", () => {
  it("lists rules by name with their condition in words, last run and 24-hour counts", async () => {
    const welcome = await insertRule(db.knex, {
      name: "welcome-email",
      description: "d".repeat(300),
      trigger: "RoleApproved",
      condition: { field: "metadata.role", op: "in", value: ["STAFF", "ADMIN"] },
      actionType: "SEND_EMAIL",
      actionConfig: { to: "{{metadata.email}}", template: "welcome" },
    });
    await insertRule(db.knex, { name: "audit-ping", trigger: "TriageTicket" });
    await insertRule(db.knex, { name: "old-rule", enabled: false });
    await insertExecution(db.knex, welcome, { status: "SUCCESS", createdAt: hoursAgo(40) });
    await insertExecution(db.knex, welcome, { status: "SUCCESS", createdAt: hoursAgo(20) });
    await insertExecution(db.knex, welcome, { status: "FAILED", createdAt: hoursAgo(10) });
    await insertExecution(db.knex, welcome, { status: "SKIPPED", createdAt: hoursAgo(1) });

    const result = ok<{ total: number; counts: unknown; rules: Record<string, unknown>[] }>(await run("list_workflow_rules", {}));
    expect(result).toMatchObject({ total: 3, counts: { enabled: 2, disabled: 1 }, returned: 3, filter: { enabled: "any" } });
    expect(result.rules.map((r) => r.name)).toEqual(["audit-ping", "old-rule", "welcome-email"]);
    expect(result.rules[0]).toMatchObject({
      last_execution: null,
      executions_24h: 0,
      failures_24h: 0,
      condition_summary: "always",
      enabled: true,
    });
    expect(result.rules[2]).toEqual({
      id: welcome.id,
      name: "welcome-email",
      description: expect.stringMatching(/^d+…$/),
      trigger_event_type: "RoleApproved",
      condition_summary: "metadata.role in [STAFF, ADMIN]",
      action_type: "SEND_EMAIL",
      enabled: true,
      last_execution: { status: "SKIPPED", at: hoursAgo(1).toISOString() },
      executions_24h: 3,
      failures_24h: 1,
    });
    expect((result.rules[2]!.description as string).length).toBeLessThanOrEqual(200);
  });

  it("filters by enabled and bounds the page", async () => {
    for (const name of ["a", "b", "c"]) await insertRule(db.knex, { name });
    await insertRule(db.knex, { name: "off", enabled: false });
    expect(ok(await run("list_workflow_rules", { enabled: false }))).toMatchObject({ total: 1, rules: [{ name: "off", enabled: false }] });
    expect(ok(await run("list_workflow_rules", { enabled: true, limit: 2 }))).toMatchObject({
      total: 3,
      returned: 2,
      rules: [{ name: "a" }, { name: "b" }],
    });
  });

  it("says empty plainly", async () => {
    expect(ok(await run("list_workflow_rules", {}))).toMatchObject({ total: 0, rules: [] });
  });

  it("rejects bad arguments", async () => {
    await expectInvalid("list_workflow_rules", [{ limit: 0 }, { limit: 201 }, { enabled: "yes" }, { enabled: 1 }, { name: "x" }]);
  });
});

describe("toggle_workflow_rule", () => {
  it("disables a rule named the way a person says it, with audit row and feed event (scenario C4)", async () => {
    const rule = await insertRule(db.knex, { name: "onboarding-notification", trigger: "RoleApproved", createdAt: hoursAgo(48) });
    const outcome = await run("toggle_workflow_rule", { rule_name: "onboarding-notification", enabled: false });
    expect(outcome).toMatchObject({
      ok: true,
      effect: { effect: "write" },
      result: { rule: { id: rule.id, name: "onboarding-notification" }, enabled: false, previous_enabled: true, changed: true },
    });
    expect(ok<{ message: string }>(outcome).message).toBe('Rule "onboarding-notification" is now disabled (it was enabled).');
    expect(await db.knex("workflow_rules").where({ id: rule.id }).first()).toMatchObject({ enabled: false, updated_at: NOW });
    expect(await db.knex("audit_log")).toMatchObject([
      {
        actor_type: "AGENT",
        actor_id: String(staffId),
        action: "workflow_rule.toggle",
        target_type: "workflow_rule",
        target_id: String(rule.id),
        details: {
          path: "agent",
          run_id: "run-1",
          actor_name: "Sam Staff",
          rule_name: "onboarding-notification",
          from_enabled: true,
          to_enabled: false,
        },
      },
    ]);
    expect(await db.knex("feed_events")).toMatchObject([
      {
        event_type: "WorkflowRuleToggled",
        actor_type: "AGENT",
        actor_id: String(staffId),
        subject_type: "workflow_rule",
        subject_id: String(rule.id),
        metadata: { rule_id: rule.id, rule_name: "onboarding-notification", enabled: false },
      },
    ]);
  });

  it("matches names ignoring case and spaces versus hyphens or underscores", async () => {
    const rule = await insertRule(db.knex, { name: "onboarding-notification" });
    for (const [name, enabled] of [
      ["onboarding notification", false],
      ["Onboarding Notification", true],
      ["  ONBOARDING_notification ", false],
    ] as const) {
      expect(ok(await run("toggle_workflow_rule", { rule_name: name, enabled })), name).toMatchObject({
        rule: { id: rule.id },
        enabled,
        changed: true,
      });
    }
    expect(await db.knex("audit_log")).toHaveLength(3);
  });

  it("enables a rule by id", async () => {
    const rule = await insertRule(db.knex, { name: "sleepy", enabled: false });
    expect(ok(await run("toggle_workflow_rule", { rule_id: rule.id, enabled: true }))).toMatchObject({ enabled: true, changed: true });
    expect(await db.knex("workflow_rules").where({ id: rule.id }).first()).toMatchObject({ enabled: true });
    expect(await db.knex("feed_events").where({ event_type: "WorkflowRuleToggled" })).toMatchObject([{ metadata: { enabled: true } }]);
  });

  it("changes and records nothing when the rule is already in that state", async () => {
    const rule = await insertRule(db.knex, { name: "onboarding-notification", enabled: false });
    const before = await writeFootprint(db.knex);
    const outcome = await run("toggle_workflow_rule", { rule_id: rule.id, enabled: false });
    expect(outcome).toMatchObject({ ok: true, result: { changed: false, enabled: false, previous_enabled: false } });
    expect(ok<{ message: string }>(outcome).message).toMatch(/already disabled; nothing changed/);
    expect(await writeFootprint(db.knex)).toEqual(before);
  });

  it("lists the close names when the name matches no rule, changing nothing", async () => {
    await insertRule(db.knex, { name: "onboarding-notification" });
    await insertRule(db.knex, { name: "onboarding-email" });
    await insertRule(db.knex, { name: "triage-ping" });
    const before = await writeFootprint(db.knex);
    const outcome = await run("toggle_workflow_rule", { rule_name: "onboarding notifications rule", enabled: false });
    expect(outcome).toMatchObject({ ok: false, error: { code: "not_found" } });
    const message = !outcome.ok ? outcome.error.message : "";
    expect(message).toMatch(/"onboarding-notification" \(id 1, enabled\)/);
    expect(message).not.toMatch(/triage-ping/);
    const far = await run("toggle_workflow_rule", { rule_name: "zzz", enabled: false });
    expect(!far.ok && far.error.message).toMatch(/list_workflow_rules/);
    expect(await writeFootprint(db.knex)).toEqual(before);
  });

  it("refuses an ambiguous name, listing the candidates", async () => {
    await insertRule(db.knex, { name: "welcome-email" });
    await insertRule(db.knex, { name: "welcome_email" });
    const before = await writeFootprint(db.knex);
    const outcome = await run("toggle_workflow_rule", { rule_name: "Welcome Email", enabled: false });
    expect(outcome).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(!outcome.ok && outcome.error.message).toMatch(
      /matches more than one rule: "welcome-email" \(id 1, enabled\), "welcome_email" \(id 2, enabled\)/,
    );
    expect(await writeFootprint(db.knex)).toEqual(before);
    // The exact name still picks one.
    expect(ok(await run("toggle_workflow_rule", { rule_name: "welcome_email", enabled: false }))).toMatchObject({ rule: { id: 2 } });
  });

  it("says what to look up first when the rule id does not exist", async () => {
    const outcome = await run("toggle_workflow_rule", { rule_id: 77, enabled: false });
    expect(outcome).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(!outcome.ok && outcome.error.message).toMatch(/list_workflow_rules/);
  });

  it("refuses wildcards, both or neither reference, and a missing state", async () => {
    await insertRule(db.knex, { name: "onboarding-notification" });
    await expectInvalid("toggle_workflow_rule", [
      { rule_name: "*", enabled: false },
      { rule_name: "onboarding%", enabled: false },
      { rule_name: "onboarding-*", enabled: false },
      { rule_id: 1, rule_name: "onboarding-notification", enabled: false },
      { enabled: false },
      { rule_name: "onboarding-notification" },
      { rule_name: "onboarding-notification", enabled: "false" },
      { rule_name: "   ", enabled: false },
      { rule_id: 0, enabled: true },
      { rule_name: "onboarding-notification", enabled: false, all: true },
    ]);
    const outcome = await run("toggle_workflow_rule", { rule_name: "*", enabled: false });
    expect(!outcome.ok && outcome.error.message).toMatch(/wildcards are not supported/);
  });
});

describe("trigger_test_workflow", () => {
  it("fires a marked EVAL event and returns the run it caused (scenario C3)", async () => {
    const rule = await insertRule(db.knex, {
      name: "triage-ping",
      trigger: "TriageTicket",
      actionType: "NOTIFY_SLACK",
      actionConfig: { channel: "#ops", text: "Triage {{metadata.ticket}}" },
    });
    await insertRule(db.knex, { name: "triage-off", trigger: "TriageTicket", enabled: false });
    await insertRule(db.knex, { name: "other", trigger: "RoleApproved" });

    const outcome = await run("trigger_test_workflow", { event_type: "TriageTicket", metadata: { ticket: "T-1", source: "PROD" } });
    expect(outcome).toMatchObject({ ok: true, effect: { effect: "write" } });
    const result = ok<{ feed_event_id: number; executions: Record<string, unknown>[] }>(outcome);
    expect(result).toMatchObject({
      event_type: "TriageTicket",
      subject: null,
      metadata: { ticket: "T-1", source: "EVAL", test_triggered_by: "Sam Staff" },
      executions_total: 1,
      counts_by_status: { SUCCESS: 1, FAILED: 0, SKIPPED: 0 },
    });
    expect(result).not.toHaveProperty("note");
    expect(result.executions).toEqual([
      {
        execution_id: expect.any(Number),
        rule: { id: rule.id, name: "triage-ping" },
        status: "SUCCESS",
        action_result: expect.objectContaining({ text: "Triage T-1", delivery: "dry_run", dry_run: true }),
        error: null,
        duration_ms: expect.any(Number),
      },
    ]);

    const event = await db.knex("feed_events").where({ id: result.feed_event_id }).first();
    expect(event).toMatchObject({
      event_type: "TriageTicket",
      actor_type: "AGENT",
      actor_id: String(staffId),
      metadata: { source: "EVAL", test_triggered_by: "Sam Staff", ticket: "T-1" },
    });
    expect(await db.knex("workflow_executions")).toMatchObject([
      { rule_id: rule.id, feed_event_id: result.feed_event_id, status: "SUCCESS" },
    ]);
    expect(await db.knex("slack_outbox")).toMatchObject([{ status: "DRY_RUN", dry_run: true }]);
    expect(await db.knex("slack_outbox").where({ status: "QUEUED" })).toHaveLength(0);
    expect(await db.knex("audit_log")).toMatchObject([
      {
        actor_type: "AGENT",
        actor_id: String(staffId),
        action: "workflow.test_trigger",
        target_type: "feed_event",
        target_id: String(result.feed_event_id),
        details: { path: "agent", event_type: "TriageTicket", executions: [{ rule_id: rule.id, status: "SUCCESS" }] },
      },
    ]);
  });

  it("runs data actions for real against the named subject and reports failures", async () => {
    const intake = await insertIntake(db.knex, { contactId: null });
    await insertRule(db.knex, {
      name: "note",
      trigger: "IntakeStatusChanged",
      actionType: "ADD_INTAKE_NOTE",
      actionConfig: { note: "to {{metadata.to_status}}" },
    });
    await insertRule(db.knex, {
      name: "contact",
      trigger: "IntakeStatusChanged",
      actionType: "SET_CONTACT_STATUS",
      actionConfig: { status: "QUALIFIED" },
    });
    await insertRule(db.knex, {
      name: "only-booked",
      trigger: "IntakeStatusChanged",
      condition: { field: "metadata.to_status", op: "eq", value: "BOOKED" },
      actionType: "ADD_INTAKE_NOTE",
      actionConfig: { note: "booked" },
    });

    const result = ok<{ executions: { rule: { name: string }; status: string; error: string | null }[] }>(
      await run("trigger_test_workflow", {
        event_type: "IntakeStatusChanged",
        subject_type: "intake",
        subject_id: intake.id,
        metadata: { to_status: "QUALIFIED" },
      }),
    );
    expect(result).toMatchObject({
      subject: { type: "intake", id: String(intake.id) },
      counts_by_status: { SUCCESS: 1, FAILED: 1, SKIPPED: 1 },
    });
    expect(result.executions.map((e) => [e.rule.name, e.status])).toEqual([
      ["note", "SUCCESS"],
      ["contact", "FAILED"],
      ["only-booked", "SKIPPED"],
    ]);
    expect(result.executions[1]!.error).toMatch(/contact not found/);
    expect(await db.knex("intake_status_history").where({ intake_id: intake.id }).pluck("note")).toEqual(["to QUALIFIED"]);
  });

  it("says when no enabled rule listens, naming disabled ones and the event types that have rules", async () => {
    await insertRule(db.knex, { name: "sleeping", trigger: "BookingConfirmed", enabled: false });
    await insertRule(db.knex, { trigger: "RoleApproved" });
    await insertRule(db.knex, { trigger: "TriageTicket" });
    const result = ok<{ note: string }>(await run("trigger_test_workflow", { event_type: "BookingConfirmed" }));
    expect(result).toMatchObject({ executions_total: 0, executions: [], listening_event_types: ["RoleApproved", "TriageTicket"] });
    expect(result.note).toBe(
      'No enabled rule listens to BookingConfirmed, so nothing ran. Disabled rules for it: "sleeping" (id 1). Event types with enabled rules: RoleApproved, TriageTicket.',
    );
    // The test event is still written and audited, so the attempt is on record.
    expect(await db.knex("feed_events").where({ event_type: "BookingConfirmed" })).toHaveLength(1);
    expect(await db.knex("audit_log").where({ action: "workflow.test_trigger" })).toHaveLength(1);
  });

  it("rejects bad arguments, writing nothing", async () => {
    await insertRule(db.knex, { trigger: "TriageTicket" });
    await expectInvalid("trigger_test_workflow", [
      {},
      { event_type: "" },
      { event_type: "Triage Ticket" },
      { event_type: "1Triage" },
      { event_type: "Triage-Ticket" },
      { event_type: "x".repeat(101) },
      { event_type: "TriageTicket", metadata: "source=PROD" },
      { event_type: "TriageTicket", metadata: [1, 2] },
      { event_type: "TriageTicket", metadata: { blob: "x".repeat(5000) } },
      { event_type: "TriageTicket", metadata: { nul: "a\u0000b" } },
      { event_type: "TriageTicket", metadata: { half: "\ud800" } },
      { event_type: "TriageTicket", subject_type: "intake", subject_id: "4 2" },
      { event_type: "TriageTicket", subject_id: 5 },
      { event_type: "TriageTicket", subject_type: "Intake Request", subject_id: 5 },
      { event_type: "TriageTicket", subject_type: "intake", subject_id: -5 },
      { event_type: "TriageTicket", surprise: 1 },
    ]);
  });
});
