// Creating and editing rules through the domain on a real database: every bad field named, nothing written on a refusal,
// the audit row's before → after, and the engine running what was created.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../actor.ts";
import { manualClock } from "../clock.ts";
import { DomainError } from "../errors.ts";
import { actorFor, insertStaff } from "../../testing/fixtures/people.ts";
import { insertEvent, insertRule } from "../../testing/fixtures/workflows.ts";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database.ts";
import { evaluateWorkflowRules } from "./engine.ts";
import { createRule, editRule, fieldErrorsOf } from "./rule-edit-service.ts";

const NOW = new Date("2026-05-04T15:00:00.000Z");
const clock = manualClock(NOW);
let db: TestDatabase;
let actor: Actor;

beforeAll(async () => {
  db = await createTestDatabase();
  actor = actorFor(await insertStaff(db.knex, "Ada Admin"), "command");
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw("truncate audit_log, feed_events, workflow_executions, workflow_rules, slack_outbox restart identity cascade");
});

const ctx = () => ({ db: db.knex, clock });
const good = {
  name: "new-intake-ping",
  trigger_event_type: "IntakeCreated",
  condition: { field: "metadata.audience", op: "eq", value: "adult" },
  action_type: "NOTIFY_SLACK",
  action_config: { channel: "#ops", text: "New intake {{subject_id}}" },
};

async function refusal(work: Promise<unknown>) {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe("invalid_input");
  return { message: (error as DomainError).message, fields: fieldErrorsOf(error) };
}

describe("createRule", () => {
  it("creates an enabled rule, audits it with its definition, and the engine runs it", async () => {
    const { rule, changed } = await createRule(ctx(), actor, good);
    expect(rule).toMatchObject({ name: "new-intake-ping", enabled: true, action_type: "NOTIFY_SLACK", condition: good.condition });
    expect(changed).toContain("action_config");
    const audit = await db.knex("audit_log").where({ action: "workflow_rule.create" }).first();
    expect(audit.details).toMatchObject({ rule_name: "new-intake-ping", before: null, after: { action_config: good.action_config } });
    expect(await db.knex("feed_events").where({ event_type: "WorkflowRuleCreated" }).count("* as n")).toEqual([{ n: 1 }]);
    const event = await insertEvent(db.knex, {
      type: "IntakeCreated",
      subjectType: "intake",
      subjectId: 7,
      metadata: { audience: "adult" },
    });
    const [run] = await evaluateWorkflowRules(db.knex, event, NOW);
    expect(run).toMatchObject({ rule_id: rule.id, status: "SUCCESS" });
  });

  it("names every bad field at once, in words for a person, and writes nothing", async () => {
    const { message, fields } = await refusal(
      createRule(ctx(), actor, {
        name: "  ",
        trigger_event_type: "Intake Created",
        condition: { field: "metadata.age", op: "between", value: 3 },
        action_type: "NOTIFY_SLACK",
        action_config: { chanel: "#ops", text: "hi" },
      }),
    );
    expect(fields.map((f) => f.field).sort()).toEqual([
      "action_config",
      "action_config.channel",
      "condition",
      "name",
      "trigger_event_type",
    ]);
    expect(fields.find((f) => f.field === "action_config")?.message).toBe("unknown setting chanel");
    expect(fields.find((f) => f.field === "action_config.channel")?.message).toBe("channel is required");
    expect(fields.find((f) => f.field === "condition")?.message).toMatch(/op must be one of eq, neq/);
    expect(message).toMatch(/^The rule is not valid: name must not be empty; .*action_config: unknown setting chanel\.$/);
    expect(await db.knex("workflow_rules").count("* as n")).toEqual([{ n: 0 }]);
    expect(await db.knex("audit_log").count("* as n")).toEqual([{ n: 0 }]);
  });

  it("checks the config against the chosen action and refuses a taken name as a field error", async () => {
    const bad = await refusal(createRule(ctx(), actor, { ...good, action_type: "SET_CONTACT_STATUS", action_config: { status: "GONE" } }));
    expect(bad.fields).toEqual([{ field: "action_config.status", message: expect.stringMatching(/status must be one of NEW, CONTACTED/) }]);
    await createRule(ctx(), actor, good);
    const taken = await refusal(createRule(ctx(), actor, good));
    expect(taken.fields).toEqual([{ field: "name", message: expect.stringMatching(/a rule named "new-intake-ping" already exists/) }]);
  });
});

describe("editRule", () => {
  it("changes only the given fields, re-validates the whole rule, and audits before → after", async () => {
    const stored = await insertRule(db.knex, { name: "ops-ping", trigger: "TriageTicket" });
    const { rule, changed } = await editRule(ctx(), actor, { ruleId: stored.id }, { action_config: { channel: "#studio", text: "hi" } });
    expect(changed).toEqual(["action_config"]);
    expect(rule.action_config).toEqual({ channel: "#studio", text: "hi" });
    const audit = await db.knex("audit_log").where({ action: "workflow_rule.update" }).first();
    expect(audit.details).toMatchObject({
      changed_fields: ["action_config"],
      before: { action_config: { channel: "#ops" } },
      after: { action_config: { channel: "#studio", text: "hi" } },
    });
  });

  it("an edit to the same values records nothing; a bad edit names the rule and field and keeps the rule", async () => {
    const stored = await insertRule(db.knex, { name: "ops-ping" });
    expect((await editRule(ctx(), actor, { ruleName: "ops-ping" }, { enabled: true })).changed).toEqual([]);
    const bad = await refusal(editRule(ctx(), actor, { ruleId: stored.id }, { action_type: "ADD_INTAKE_NOTE" }));
    expect(bad.message).toMatch(/^Rule "ops-ping" is not valid: /);
    expect(bad.fields.map((f) => f.field).sort()).toEqual(["action_config", "action_config.note"]);
    expect((await db.knex("workflow_rules").where({ id: stored.id }).first()).action_type).toBe("NOTIFY_SLACK");
    expect(await db.knex("audit_log").count("* as n")).toEqual([{ n: 0 }]);
  });
});
