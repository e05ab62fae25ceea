// Applying a rules file: the diff against the database (created / changed fields / unchanged / deleted with --prune),
// then every change in one transaction with an audit row each and one for the whole apply; a dry run writes nothing.
import type { Knex } from "knex";
import type { Actor } from "../actor.ts";
import { insertAudit } from "../audit/audit-store.ts";
import type { DomainContext } from "../context.ts";
import { recordChange } from "../record-change.ts";
import { AUDIT_ACTIONS, FEED_EVENT_TYPES } from "../vocabulary.ts";
import { changedFields, definitionOf, type RuleDefinition, type RuleField } from "./rule-definition.ts";
import { insertValidRule, updateValidRule } from "./rule-edit-service.ts";
import { allRules, deleteRule, type RuleRow } from "./rule-store.ts";

export type RulePlanEntry =
  | { kind: "create"; name: string; after: RuleDefinition }
  | { kind: "update"; name: string; id: number; changed: RuleField[]; before: RuleDefinition; after: RuleDefinition }
  | { kind: "unchanged"; name: string; id: number }
  | { kind: "delete"; name: string; id: number; before: RuleDefinition }
  /** In the database, not in the file, and no --prune: left alone. */
  | { kind: "kept"; name: string; id: number };

export interface RulesApplyResult {
  plan: RulePlanEntry[];
  /** False for a dry run (and for a plan with nothing to do). */
  written: boolean;
  counts: Record<RulePlanEntry["kind"], number>;
}

/** The diff of a file's rules against the stored ones, matched by name; in the file's name order, then the rest. */
export function planRules(stored: readonly RuleRow[], wanted: readonly RuleDefinition[], prune: boolean): RulePlanEntry[] {
  const byName = new Map(stored.map((r) => [r.name, r]));
  const names = new Set(wanted.map((w) => w.name));
  const plan: RulePlanEntry[] = [...wanted]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((after) => {
      const row = byName.get(after.name);
      if (!row) return { kind: "create", name: after.name, after };
      const before = definitionOf(row);
      const changed = changedFields(before, after);
      return changed.length
        ? { kind: "update", name: after.name, id: row.id, changed, before, after }
        : { kind: "unchanged", name: after.name, id: row.id };
    });
  for (const row of stored) {
    if (names.has(row.name)) continue;
    plan.push(
      prune ? { kind: "delete", name: row.name, id: row.id, before: definitionOf(row) } : { kind: "kept", name: row.name, id: row.id },
    );
  }
  return plan;
}

const countOf = (plan: readonly RulePlanEntry[]) => {
  const counts = { create: 0, update: 0, unchanged: 0, delete: 0, kept: 0 };
  for (const entry of plan) counts[entry.kind] += 1;
  return counts;
};

async function writePlan(trx: Knex, actor: Actor, plan: readonly RulePlanEntry[], stored: readonly RuleRow[], at: Date) {
  const rows = new Map(stored.map((r) => [r.id, r]));
  // Deletions first, so a file may reuse a pruned rule's name for a new rule.
  for (const entry of plan) {
    if (entry.kind !== "delete") continue;
    await deleteRule(trx, entry.id);
    await recordChange(
      trx,
      {
        actor,
        action: AUDIT_ACTIONS.workflowRuleDelete,
        target: { type: "workflow_rule", id: entry.id },
        details: { rule_name: entry.name, before: entry.before, after: null },
        event: { type: FEED_EVENT_TYPES.workflowRuleDeleted, metadata: { rule_id: entry.id, rule_name: entry.name } },
      },
      at,
    );
  }
  for (const entry of plan) {
    if (entry.kind === "create") await insertValidRule(trx, actor, entry.after, at);
    if (entry.kind === "update") await updateValidRule(trx, actor, rows.get(entry.id)!, entry.after, at);
  }
}

/** Plans the file against the rules under lock and, unless `dryRun`, writes the plan: all of it or nothing. */
export async function applyRules(
  ctx: DomainContext,
  actor: Actor,
  wanted: readonly RuleDefinition[],
  options: { prune: boolean; dryRun: boolean; source?: string },
): Promise<RulesApplyResult> {
  return ctx.db.transaction(async (trx) => {
    const stored = await allRules(trx, { forUpdate: !options.dryRun });
    const plan = planRules(stored, wanted, options.prune);
    const counts = countOf(plan);
    const writes = counts.create + counts.update + counts.delete;
    if (options.dryRun || writes === 0) return { plan, written: false, counts };
    const at = ctx.clock.now();
    await writePlan(trx, actor, plan, stored, at);
    await insertAudit(
      trx,
      {
        actor,
        action: AUDIT_ACTIONS.workflowRulesApply,
        targetType: "workflow_rule",
        targetId: null,
        details: { source: options.source ?? null, prune: options.prune, counts },
      },
      at,
    );
    return { plan, written: true, counts };
  });
}
