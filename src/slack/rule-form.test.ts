// Rules from Slack, through the real app over the fake transport: `/maestro rules` → New rule / Edit… → the form, its
// field errors and its success (ADMIN only, audited); and the model's proposal held on a card until an ADMIN confirms it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertAdmin, insertStaff } from "../testing/fixtures/people.ts";
import { insertRule } from "../testing/fixtures/workflows.ts";
import { callTools, reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createSlackHarness, type SlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { RULE_FORM } from "./blocks/rule-form.ts";
import { ACTIONS, VIEWS } from "./ids.ts";

const ADMIN = "U0ADA";
const STAFF = "U0SAM";
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await insertAdmin(db.knex, "Ada Admin", ADMIN);
  await insertStaff(db.knex, "Sam Staff", STAFF);
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw(
    "truncate conversations, agent_runs, conversation_messages, pending_actions, model_usage, conversation_inbox, slack_event_receipts, rate_limit_counters, audit_log, feed_events, workflow_executions, workflow_rules restart identity cascade",
  );
});

const text = (v: unknown) => JSON.stringify(v);
const input = (block: string, value: string) => ({ [block]: { [block]: { type: "plain_text_input", value } } });
const choice = (block: string, value: string) => ({ [block]: { [block]: { type: "static_select", selected_option: { value } } } });
const form = (o: { name: string; trigger?: string; action?: string; condition?: string; config: string; enabled?: boolean }) => ({
  ...input(RULE_FORM.name, o.name),
  ...input(RULE_FORM.description, ""),
  ...choice(RULE_FORM.trigger, o.trigger ?? "IntakeCreated"),
  ...input(RULE_FORM.condition, o.condition ?? ""),
  ...choice(RULE_FORM.action, o.action ?? "NOTIFY_SLACK"),
  ...input(RULE_FORM.config, o.config),
  [RULE_FORM.enabled]: { [RULE_FORM.enabled]: { type: "checkboxes", selected_options: o.enabled === false ? [] : [{ value: "Enabled" }] } },
});

/** `/maestro rules`, then a click on the first button whose action_id starts with `base`; returns the opened modal. */
async function openForm(h: SlackHarness, user: string, base: string) {
  await h.fake.command(user, "rules");
  await h.fake.settle();
  const button = h.fake.buttons().find((b) => b.action_id.startsWith(base))!;
  expect(button, base).toBeDefined();
  h.fake.reset();
  await h.fake.click(user, button, { channel: `D0${user}`, ts: "1700000000.000100", ephemeral: true });
  await h.fake.settle();
  return h.fake.callsOf("views.open")[0]?.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] } | undefined;
}

describe("the rule form", () => {
  it("New rule: field errors go back onto their fields and write nothing; a valid form creates the rule, audited", async () => {
    const h = createSlackHarness(db, { rateLimitPerMinute: 10_000 });
    const view = (await openForm(h, ADMIN, ACTIONS.ruleNew))!;
    expect(view.callback_id).toBe(VIEWS.ruleForm);
    expect(text(view.blocks)).toContain("TriageTicket"); // the known events are offered

    const bad = await h.fake.submitView(ADMIN, {
      callback_id: VIEWS.ruleForm,
      private_metadata: view.private_metadata,
      values: form({ name: "ops-ping", condition: "{field: metadata.size, op: bigger, value: 3}", config: "channel: '#ops'\ntexte: hi" }),
    });
    expect(bad.response).toMatchObject({ response_action: "errors" });
    const errors = (bad.response as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors).sort()).toEqual([RULE_FORM.condition, RULE_FORM.config].sort());
    expect(errors[RULE_FORM.condition]).toMatch(/op must be one of eq, neq/);
    expect(errors[RULE_FORM.config]).toMatch(/text is required.*unknown setting texte|unknown setting texte.*text is required/);
    const unparsable = await h.fake.submitView(ADMIN, {
      callback_id: VIEWS.ruleForm,
      values: form({ name: "ops-ping", config: "channel: [unclosed" }),
    });
    expect((unparsable.response as { errors: Record<string, string> }).errors[RULE_FORM.config]).toMatch(/^Not valid YAML or JSON/);
    expect(await db.knex("workflow_rules").count("* as n")).toEqual([{ n: 0 }]);

    const good = await h.fake.submitView(ADMIN, {
      callback_id: VIEWS.ruleForm,
      private_metadata: view.private_metadata,
      values: form({
        name: "ops-ping",
        condition: '{"field": "metadata.audience", "op": "eq", "value": "group"}',
        config: "channel: '#ops'\ntext: New group intake",
      }),
    });
    await h.fake.settle();
    expect(good.response).toBeUndefined();
    expect(await db.knex("workflow_rules").first()).toMatchObject({
      name: "ops-ping",
      trigger_event_type: "IntakeCreated",
      condition: { field: "metadata.audience", op: "eq", value: "group" },
      action_config: { channel: "#ops", text: "New group intake" },
      enabled: true,
    });
    const audit = await db.knex("audit_log").where({ action: "workflow_rule.create" }).first();
    expect(audit.details).toMatchObject({ path: "button", actor_name: "Ada Admin", after: { name: "ops-ping" } });
    expect(text(h.fake.callsOf("chat.postMessage"))).toContain('Created rule \\"ops-ping\\"');

    const again = await h.fake.submitView(ADMIN, {
      callback_id: VIEWS.ruleForm,
      values: form({ name: "ops-ping", config: "channel: x\ntext: y" }),
    });
    expect((again.response as { errors: Record<string, string> }).errors[RULE_FORM.name]).toMatch(/already exists/);
  });

  it("Edit… opens the form filled in; saving changes only what changed, audited before → after", async () => {
    const rule = await insertRule(db.knex, {
      name: "triage-note",
      trigger: "TriageTicket",
      actionType: "ADD_INTAKE_NOTE",
      actionConfig: { note: "T" },
    });
    const h = createSlackHarness(db, { rateLimitPerMinute: 10_000 });
    const view = (await openForm(h, ADMIN, ACTIONS.ruleEdit))!;
    expect(JSON.parse(view.private_metadata)).toEqual({ rule_id: rule.id });
    expect(text(view.blocks)).toContain('"initial_value":"triage-note"');
    expect(text(view.blocks)).toContain('"initial_value":"note: T"');
    await h.fake.submitView(ADMIN, {
      callback_id: VIEWS.ruleForm,
      private_metadata: view.private_metadata,
      values: form({ name: "triage-note", trigger: "TriageTicket", action: "ADD_INTAKE_NOTE", config: "note: Ticket {{metadata.id}}" }),
    });
    await h.fake.settle();
    expect((await db.knex("workflow_rules").where({ id: rule.id }).first()).action_config).toEqual({ note: "Ticket {{metadata.id}}" });
    const audit = await db.knex("audit_log").where({ action: "workflow_rule.update" }).first();
    expect(audit.details).toMatchObject({ changed_fields: ["action_config"], before: { action_config: { note: "T" } } });
  });

  it("is for an ADMIN only: staff are told so at the click and refused at a submission", async () => {
    const h = createSlackHarness(db, { rateLimitPerMinute: 10_000 });
    expect(await openForm(h, STAFF, ACTIONS.ruleNew)).toBeUndefined();
    expect(text(h.fake.callsOf("respond"))).toContain("Only an ADMIN can create or edit workflow rules");
    const forged = await h.fake.submitView(STAFF, {
      callback_id: VIEWS.ruleForm,
      values: form({ name: "x", config: "channel: a\ntext: b" }),
    });
    expect(forged.response).toMatchObject({ response_action: "errors" });
    expect(await db.knex("workflow_rules").count("* as n")).toEqual([{ n: 0 }]);
  });
});

describe("the model's proposal", () => {
  it("is held on a card saying what the rule will do; staff cannot confirm it, an ADMIN's click creates it", async () => {
    const proposal = {
      name: "big-group-heads-up",
      trigger_event_type: "IntakeCreated",
      condition: { field: "metadata.group_size", op: "gte", value: 8 },
      action_type: "NOTIFY_SLACK",
      action_config: { channel: "#studio-ops", text: "Group of {{metadata.group_size}}" },
    };
    const model = new ScriptedModel([
      callTools([{ name: "create_workflow_rule", input: proposal }], "Here it is for your OK."),
      reply("Created."),
    ]);
    const h = createSlackHarness(db, { model, rateLimitPerMinute: 10_000 });
    await h.fake.dm(STAFF, "Tell #studio-ops about groups of 8 or more");
    await h.fake.settle();
    const card = h.fake.callsOf("chat.postMessage").find((c) => text(c.args.blocks).includes(ACTIONS.confirm))!;
    expect(text(card.args.blocks)).toContain("What the rule will do");
    expect(text(card.args.blocks)).toContain("When IntakeCreated happens and metadata.group_size gte 8, post");
    expect(await db.knex("workflow_rules").count("* as n")).toEqual([{ n: 0 }]);
    const confirm = h.fake.buttons().find((b) => b.action_id.startsWith(ACTIONS.confirm))!;
    const where = { channel: String(card.response!.channel), ts: String(card.response!.ts) };

    await h.fake.click(STAFF, confirm, where);
    await h.fake.settle();
    expect(text(h.fake.callsOf("respond"))).toContain("Only an ADMIN can create or edit workflow rules");
    expect(await db.knex("workflow_rules").count("* as n")).toEqual([{ n: 0 }]);

    await h.fake.click(ADMIN, confirm, where);
    await h.fake.settle();
    expect(await db.knex("workflow_rules").first()).toMatchObject({
      name: "big-group-heads-up",
      enabled: true,
      condition: proposal.condition,
    });
    const audit = await db.knex("audit_log").where({ action: "workflow_rule.create" }).first();
    expect(audit.details).toMatchObject({ actor_name: "Ada Admin" }); // the ADMIN who confirmed, not the staff member who asked
    expect(await db.knex("pending_actions").first()).toMatchObject({ status: "executed", tool_name: "create_workflow_rule" });
  });
});
