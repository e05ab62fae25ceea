// Creating and editing a workflow rule: validated against the engine's own schemas, one transaction, audited before → after.
import type { Knex } from "knex";
import type { Actor } from "../actor.ts";
import type { DomainContext } from "../context.ts";
import { DomainError, forbidden, notFound } from "../errors.ts";
import { recordChange, type RecordedChange } from "../record-change.ts";
import { liveRoles } from "../users/user-store.ts";
import { AUDIT_ACTIONS, FEED_EVENT_TYPES } from "../vocabulary.ts";
import {
  changedFields,
  checkRuleDefinition,
  definitionOf,
  KNOWN_EVENT_TYPES,
  type FieldError,
  type RuleDefinition,
  type RuleField,
} from "./rule-definition.ts";
import { allRules, findRuleByName, insertRuleDefinition, updateRuleDefinition, type RuleRow } from "./rule-store.ts";
import { resolveRule, type RuleRef } from "./workflow-service.ts";

/** A rule that does not validate: the message lists every bad field; `details.fields` keeps them apart for forms. */
export function invalidRule(errors: readonly FieldError[], ruleLabel?: string): DomainError {
  const list = errors.map((e) => (e.message.startsWith(e.field) ? e.message : `${e.field}: ${e.message}`)).join("; ");
  const who = ruleLabel ? `Rule ${ruleLabel} is not valid` : "The rule is not valid";
  return new DomainError("invalid_input", `${who}: ${list}.`, { fields: errors });
}

/** The field errors of an invalid_input DomainError from a rule edit ([] for any other error). */
export function fieldErrorsOf(error: unknown): FieldError[] {
  if (!(error instanceof DomainError) || error.code !== "invalid_input") return [];
  const fields = error.details.fields;
  return Array.isArray(fields) ? (fields as FieldError[]) : [];
}

/**
 * Rules change what the studio does automatically, so only an ADMIN creates or edits one (the system itself — the CLI on
 * the server — may too). Checked against live roles.
 */
export async function assertRuleEditor(db: Knex, actor: Actor): Promise<void> {
  if (actor.type === "SYSTEM") return;
  if (actor.userId !== null && (await liveRoles(db, actor.userId)).includes("ADMIN")) return;
  throw forbidden(`Only an ADMIN can create or edit workflow rules; ${actor.name} is not one.`);
}

/** Validates, or throws invalidRule. */
export function validRule(input: unknown, ruleLabel?: string): RuleDefinition {
  const checked = checkRuleDefinition(input);
  if (!checked.ok) throw invalidRule(checked.errors, ruleLabel);
  return checked.value;
}

/** Names are unique (the file format matches rules by name): a taken name is a field error, not a database error. */
export async function assertNameFree(db: Knex, name: string, exceptId?: number): Promise<void> {
  const holder = await findRuleByName(db, name);
  if (holder && holder.id !== exceptId) {
    throw invalidRule([{ field: "name", message: `a rule named "${name}" already exists (rule ${holder.id}); choose another name` }]);
  }
}

export interface RuleEditResult {
  rule: RuleRow;
  /** The fields that changed (every field for a new rule); empty when an edit changed nothing. */
  changed: RuleField[];
  before: RuleDefinition | null;
  change: RecordedChange | null;
}

/** Writes a new rule inside `trx` and records it; the caller validated it. */
export async function insertValidRule(trx: Knex, actor: Actor, def: RuleDefinition, at: Date): Promise<RuleEditResult> {
  await assertNameFree(trx, def.name);
  const rule = await insertRuleDefinition(trx, def, at);
  const change = await recordChange(
    trx,
    {
      actor,
      action: AUDIT_ACTIONS.workflowRuleCreate,
      target: { type: "workflow_rule", id: rule.id },
      details: { rule_name: rule.name, before: null, after: def },
      event: { type: FEED_EVENT_TYPES.workflowRuleCreated, metadata: { rule_id: rule.id, rule_name: rule.name } },
    },
    at,
  );
  return { rule, changed: changedFields(blank, def), before: null, change };
}

const blank = {
  name: "",
  description: null,
  trigger_event_type: "",
  condition: null,
  action_type: "" as never,
  action_config: {},
  enabled: false,
};

/** Replaces a locked rule's definition inside `trx` and records before → after; nothing when nothing differs. */
export async function updateValidRule(trx: Knex, actor: Actor, current: RuleRow, def: RuleDefinition, at: Date): Promise<RuleEditResult> {
  const before = definitionOf(current);
  const changed = changedFields(before, def);
  if (!changed.length) return { rule: current, changed, before, change: null };
  if (changed.includes("name")) await assertNameFree(trx, def.name, current.id);
  const rule = await updateRuleDefinition(trx, current.id, def, at);
  const pick = (d: RuleDefinition) => Object.fromEntries(changed.map((f) => [f, d[f]]));
  const change = await recordChange(
    trx,
    {
      actor,
      action: AUDIT_ACTIONS.workflowRuleUpdate,
      target: { type: "workflow_rule", id: rule.id },
      details: { rule_name: rule.name, changed_fields: changed, before: pick(before), after: pick(def) },
      event: { type: FEED_EVENT_TYPES.workflowRuleUpdated, metadata: { rule_id: rule.id, rule_name: rule.name, changed_fields: changed } },
    },
    at,
  );
  return { rule, changed, before, change };
}

/** Creates a rule from a person's or the model's input (any shape: it is validated here). */
export async function createRule(ctx: DomainContext, actor: Actor, input: unknown): Promise<RuleEditResult> {
  const def = validRule(input);
  return ctx.db.transaction((trx) => insertValidRule(trx, actor, def, ctx.clock.now()));
}

/** Edits a rule: `patch` holds the fields to change; the rest keep their values. The whole result is validated. */
export async function editRule(ctx: DomainContext, actor: Actor, ref: RuleRef, patch: Record<string, unknown>): Promise<RuleEditResult> {
  return ctx.db.transaction(async (trx) => {
    const current = await resolveRule(trx, ref, { forUpdate: true });
    const def = validRule({ ...definitionOf(current), ...patch }, `"${current.name}"`);
    return updateValidRule(trx, actor, current, def, ctx.clock.now());
  });
}

/** What the rule form needs: the rule to edit (by id), and the events a rule can listen to (known ones and any in use). */
export async function ruleFormData(
  db: Knex,
  ruleId: number | null,
): Promise<{ rule?: RuleDefinition & { id: number }; eventTypes: string[] }> {
  const rules = await allRules(db);
  const eventTypes = [...new Set([...KNOWN_EVENT_TYPES, ...rules.map((r) => r.trigger_event_type)])].sort();
  if (ruleId === null) return { eventTypes };
  const row = rules.find((r) => r.id === ruleId);
  if (!row) throw notFound(`Workflow rule ${ruleId}`, "find_rule");
  return { rule: { ...definitionOf(row), id: row.id }, eventTypes };
}
