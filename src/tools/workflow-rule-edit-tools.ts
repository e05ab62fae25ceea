// Creating and editing a workflow rule: gated (a rule changes what the studio does automatically), so the model only
// proposes; an ADMIN's click on the card, which says in words what the rule will do, creates or changes it.
import { z } from "zod";
import { executionSummary } from "../domain/record-change.ts";
import { describeRule } from "../domain/workflows/describe-rule.ts";
import {
  ACTION_CONFIG_HINTS,
  definitionOf,
  KNOWN_EVENT_TYPES,
  type RuleDefinition,
  ruleFieldsSchema,
} from "../domain/workflows/rule-definition.ts";
import {
  assertNameFree,
  assertRuleEditor,
  createRule,
  editRule,
  validRule,
  type RuleEditResult,
} from "../domain/workflows/rule-edit-service.ts";
import { lockRuleName } from "../domain/workflows/rule-store.ts";
import { resolveRule } from "../domain/workflows/workflow-service.ts";
import { ACTION_TYPES } from "../domain/vocabulary.ts";
import { changePreview, type FieldChange } from "./change-view.ts";
import { POLICY } from "./policy.ts";
import { iso } from "./schema-helpers.ts";
import { defineTool } from "./tool.ts";
import { rule, ruleId } from "./workflow-schemas.ts";

const f = ruleFieldsSchema.shape;
/** The rule's fields as the model sees them: the domain's own schemas, described. */
const fields = {
  name: f.name.describe("Unique rule name, e.g. big-group-heads-up."),
  description: f.description.describe("One sentence: why the rule exists."),
  trigger_event_type: f.trigger_event_type.describe(
    `The feed event that fires the rule: ${KNOWN_EVENT_TYPES.join(", ")}, or a custom one.`,
  ),
  condition: f.condition.describe(
    'null (always), {"field": "metadata.audience", "op": "eq", "value": "group"}, {"all": [...]}, {"any": [...]} or {"not": {...}}. ' +
      "Ops: eq neq in nin exists gt gte lt lte contains. Fields: event_type, subject_type, subject_id, metadata.<key>.",
  ),
  action_type: f.action_type.describe(`One of ${ACTION_TYPES.join(", ")}.`),
  action_config: f.action_config.describe(
    `The action's settings: ${ACTION_TYPES.map((a) => `${a} {${ACTION_CONFIG_HINTS[a]}}`).join("; ")}.`,
  ),
  enabled: f.enabled.describe("Default true."),
};

function result(done: RuleEditResult, created: boolean) {
  const r = done.rule;
  const verb = created ? "Created" : done.changed.length ? "Changed" : "Left unchanged";
  return {
    rule: rule(r.id, r.name),
    created,
    changed_fields: done.changed,
    enabled: r.enabled,
    does: describeRule(r),
    updated_at: iso(r.updated_at),
    message: `${verb} rule "${r.name}" (id ${r.id}${r.enabled ? "" : ", disabled"}).`,
    ...(done.change ? { workflow_executions: executionSummary(done.change.executions) } : {}),
  };
}

/**
 * The fields an edit changes, in trusted words: trigger, action and state show their values (validated identifiers);
 * free-text fields (name, description, condition, settings) only say that they change, their words are quoted apart.
 */
function ruleFieldChanges(before: RuleDefinition, after: RuleDefinition): FieldChange[] {
  const state = (on: boolean) => (on ? "enabled" : "disabled");
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const changes: FieldChange[] = [];
  if (before.trigger_event_type !== after.trigger_event_type)
    changes.push({ field: "trigger", before: before.trigger_event_type, after: after.trigger_event_type });
  if (before.action_type !== after.action_type) changes.push({ field: "action", before: before.action_type, after: after.action_type });
  if (before.enabled !== after.enabled) changes.push({ field: "state", before: state(before.enabled), after: state(after.enabled) });
  for (const field of ["name", "description", "condition", "action_config"] as const)
    if (!same(before[field], after[field])) changes.push({ field, before: "current", after: "proposed (quoted below)" });
  return changes;
}

export const createWorkflowRule = defineTool({
  name: "create_workflow_rule",
  group: "workflows",
  description:
    "Propose a NEW workflow rule: when trigger_event_type happens and the condition holds, run one action. Held for an ADMIN's " +
    "click on a card that says what the rule will do; nothing is created before. Every field is validated against the engine's " +
    "own schemas (a bad one is named). Check the event's metadata keys first (list_workflow_executions or trigger_test_workflow).",
  input: z.strictObject(fields),
  effect: POLICY.create_workflow_rule,
  authorize: (_args, ctx) => assertRuleEditor(ctx.db, ctx.actor),
  lock: (args, ctx) => lockRuleName(ctx.db, args.name),
  async preview(args, ctx) {
    const def = validRule(args);
    await assertNameFree(ctx.db, def.name);
    // Event types and action types are validated identifiers, so they may go in the trusted sentence; the name and
    // what the rule does (built from model-written config) stay quoted.
    return changePreview(
      {
        action: `Create a workflow rule on ${def.trigger_event_type} that runs ${def.action_type}`,
        changes: [
          { field: "trigger", before: "none", after: def.trigger_event_type },
          { field: "action", before: "none", after: def.action_type },
          { field: "state", before: "none", after: def.enabled ? "enabled" : "disabled" },
        ],
        destructive: false,
      },
      {},
      [
        { label: "The rule's name, as proposed", text: def.name },
        { label: "What the rule will do", text: describeRule(def) },
      ],
    );
  },
  async run(args, ctx) {
    await assertRuleEditor(ctx.db, ctx.actor);
    return result(await createRule(ctx, ctx.actor, args), true);
  },
});

export const updateWorkflowRule = defineTool({
  name: "update_workflow_rule",
  group: "workflows",
  description:
    "Propose changes to ONE existing workflow rule (rule_id from list_workflow_rules): give only the fields to change; the rest " +
    "keep their values and the whole rule is validated again. Held for an ADMIN's click on a card showing what the rule does " +
    "now and what it will do. To only switch a rule on or off, use toggle_workflow_rule.",
  input: z
    .strictObject({ rule_id: ruleId, ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) } as {
      rule_id: typeof ruleId;
    } & { [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]> })
    .refine((a) => Object.keys(a).some((k) => k !== "rule_id"), { message: "give at least one field to change" }),
  effect: POLICY.update_workflow_rule,
  authorize: (_args, ctx) => assertRuleEditor(ctx.db, ctx.actor),
  lock: async (args, ctx) => void (await resolveRule(ctx.db, { ruleId: args.rule_id }, { forUpdate: true })),
  async preview(args, ctx) {
    const current = await resolveRule(ctx.db, { ruleId: args.rule_id });
    const { rule_id: _id, ...patch } = args;
    const before = definitionOf(current);
    const after = validRule({ ...before, ...patch }, `"${current.name}"`);
    if (after.name !== before.name) await assertNameFree(ctx.db, after.name, current.id);
    return changePreview(
      {
        action: `Change workflow rule #${current.id}`,
        changes: ruleFieldChanges(before, after),
        destructive: before.enabled && !after.enabled,
      },
      { rule_id: current.id, rule_updated_at: iso(current.updated_at) },
      [
        { label: "What the rule does now", text: describeRule(before) },
        { label: "What it will do", text: describeRule(after) },
        ...(after.name !== before.name ? [{ label: "Its new name, as proposed", text: after.name }] : []),
      ],
    );
  },
  async run(args, ctx) {
    await assertRuleEditor(ctx.db, ctx.actor);
    const { rule_id, ...patch } = args;
    return result(await editRule(ctx, ctx.actor, { ruleId: rule_id }, patch), false);
  },
});

export const workflowRuleEditTools = [createWorkflowRule, updateWorkflowRule];
