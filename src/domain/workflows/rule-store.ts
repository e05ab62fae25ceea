// SQL for workflow_rules: the engine's rules for an event, the tools' pages, counts and name look-ups, the enabled switch, edits.
// Every list here is bounded and filters on indexed columns.
import type { Knex } from "knex";
import type { ActionType, ExecutionStatus } from "../vocabulary.ts";
import type { RuleDefinition } from "./rule-definition.ts";

export interface RuleRow {
  id: number;
  name: string;
  description: string | null;
  trigger_event_type: string;
  condition: unknown;
  action_type: ActionType;
  action_config: Record<string, unknown>;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export async function enabledRulesFor(db: Knex, eventType: string): Promise<RuleRow[]> {
  return db<RuleRow>("workflow_rules").where({ trigger_event_type: eventType, enabled: true }).orderBy("id");
}

export interface RuleListRow extends RuleRow {
  last_status: ExecutionStatus | null;
  last_at: Date | null;
  executions_recent: number;
  failures_recent: number;
}

export interface RulePage {
  rows: RuleListRow[];
  /** How many rules are enabled and disabled in all; null when the page is empty (they ride on its rows). */
  counts: { enabled: number; disabled: number } | null;
}

/**
 * One page of rules by name, each with its newest execution and its run/failure counts since `since`, and the
 * enabled/disabled totals of the whole (small) rules table, in one statement.
 */
export async function listRulesWithStats(db: Knex, query: { enabled?: boolean; since: Date; limit: number }): Promise<RulePage> {
  const q = db("workflow_rules as r");
  if (query.enabled !== undefined) q.where("r.enabled", query.enabled);
  // The newest run per rule must come from workflow_executions_rule_created_idx. With `rule_id = r.id` the planner
  // may walk the whole created_at index backward filtering on rule_id instead — a full walk for a rule that never
  // ran. Written as a range ordered by (rule_id, created_at), only the rule index supplies the order.
  // The recent counts: one index-only pass over the window (workflow_executions_created_rule_status_idx holds rule_id
  // and status) grouped by rule, joined in.
  const rows = await q
    .joinRaw(
      `left join lateral (select e.status, e.created_at from workflow_executions e
         where e.rule_id >= r.id and e.rule_id <= r.id
         order by e.rule_id desc, e.created_at desc limit 1) as last_run on true`,
    )
    .joinRaw(
      `left join (select e.rule_id, count(*)::int as n, (count(*) filter (where e.status = 'FAILED'))::int as failed
         from workflow_executions e where e.created_at >= ? group by e.rule_id) as recent on recent.rule_id = r.id`,
      [query.since],
    )
    .orderBy([
      { column: "r.name", order: "asc" },
      { column: "r.id", order: "asc" },
    ])
    .limit(query.limit)
    .select<(RuleListRow & { rules_enabled: number; rules_disabled: number })[]>(
      "r.*",
      "last_run.status as last_status",
      "last_run.created_at as last_at",
      db.raw("coalesce(recent.n, 0) as executions_recent"),
      db.raw("coalesce(recent.failed, 0) as failures_recent"),
      db.raw("(select count(*)::int from workflow_rules where enabled) as rules_enabled"),
      db.raw("(select count(*)::int from workflow_rules where not enabled) as rules_disabled"),
    );
  const first = rows[0];
  return {
    rows: rows.map(({ rules_enabled: _enabled, rules_disabled: _disabled, ...row }) => row),
    counts: first ? { enabled: first.rules_enabled, disabled: first.rules_disabled } : null,
  };
}

/** How many rules are enabled and disabled. */
export async function countRules(db: Knex): Promise<{ enabled: number; disabled: number }> {
  const rows = await db("workflow_rules")
    .groupBy("enabled")
    .select<{ enabled: boolean; n: number }[]>("enabled", db.raw("count(*)::int as n"));
  return { enabled: rows.find((r) => r.enabled)?.n ?? 0, disabled: rows.find((r) => !r.enabled)?.n ?? 0 };
}

export async function findRule(db: Knex, id: number, options: { forUpdate?: boolean } = {}): Promise<RuleRow | undefined> {
  const q = db<RuleRow>("workflow_rules").where({ id });
  if (options.forUpdate) q.forUpdate();
  return q.first();
}

/** Every rule's name, for matching a name a person typed (the rule list of a studio is short; bounded anyway). */
export async function ruleNames(db: Knex, limit = 1000): Promise<{ id: number; name: string; enabled: boolean }[]> {
  return db("workflow_rules").orderBy("name").limit(limit).select("id", "name", "enabled");
}

/** The rules (enabled or not) a trigger event type fires, via workflow_rules_trigger_idx. */
export async function rulesForEventType(db: Knex, eventType: string): Promise<{ id: number; name: string; enabled: boolean }[]> {
  return db("workflow_rules").where({ trigger_event_type: eventType }).orderBy("id").limit(1000).select("id", "name", "enabled");
}

/** The event types at least one enabled rule listens to. */
export async function enabledTriggerTypes(db: Knex): Promise<string[]> {
  const rows = await db("workflow_rules").where({ enabled: true }).distinct("trigger_event_type").orderBy("trigger_event_type").limit(100);
  return rows.map((r: { trigger_event_type: string }) => r.trigger_event_type);
}

export async function setRuleEnabled(trx: Knex, id: number, enabled: boolean, at: Date): Promise<void> {
  await trx("workflow_rules").where({ id }).update({ enabled, updated_at: at });
}

/** The columns a rule edit writes (jsonb values as JSON text: a bare string or array would not be stored as JSON). */
function definitionColumns(def: RuleDefinition) {
  return {
    name: def.name,
    description: def.description,
    trigger_event_type: def.trigger_event_type,
    condition: JSON.stringify(def.condition),
    action_type: def.action_type,
    action_config: JSON.stringify(def.action_config),
    enabled: def.enabled,
  };
}

export async function insertRuleDefinition(trx: Knex, def: RuleDefinition, at: Date): Promise<RuleRow> {
  const [row] = await trx<RuleRow>("workflow_rules")
    .insert({ ...definitionColumns(def), created_at: at, updated_at: at } as never)
    .returning("*");
  return row as RuleRow;
}

export async function updateRuleDefinition(trx: Knex, id: number, def: RuleDefinition, at: Date): Promise<RuleRow> {
  const [row] = await trx<RuleRow>("workflow_rules")
    .where({ id })
    .update({ ...definitionColumns(def), updated_at: at } as never)
    .returning("*");
  return row as RuleRow;
}

/**
 * Holds a rule name until the transaction ends, so two creations of one name queue up and the card's "name is free"
 * check still holds when the rule is written (there is no row to lock yet).
 */
export async function lockRuleName(trx: Knex, name: string): Promise<void> {
  await trx.raw("select pg_advisory_xact_lock(hashtext(?))", [`workflow_rule:${name}`]);
}

export async function findRuleByName(db: Knex, name: string, options: { forUpdate?: boolean } = {}): Promise<RuleRow | undefined> {
  const q = db<RuleRow>("workflow_rules").where({ name });
  if (options.forUpdate) q.forUpdate();
  return q.first();
}

/** Every rule by name (a studio has tens; bounded anyway), for export and for applying a rules file. */
export async function allRules(db: Knex, options: { forUpdate?: boolean } = {}): Promise<RuleRow[]> {
  const q = db<RuleRow>("workflow_rules").orderBy("name").limit(10_000);
  if (options.forUpdate) q.forUpdate();
  return q;
}

export async function deleteRule(trx: Knex, id: number): Promise<void> {
  await trx("workflow_rules").where({ id }).delete();
}
