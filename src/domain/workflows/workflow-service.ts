// The workflow verification rules: reading runs and rules, switching a rule on or off, and firing a synthetic EVAL event.
import type { Knex } from "knex";
import { evaluateWorkflowRules } from "./engine.ts";
import { actorIdText, type Actor } from "../actor.ts";
import { insertAudit } from "../audit/audit-store.ts";
import { HOUR_MS } from "../clock.ts";
import type { DomainContext } from "../context.ts";
import { DomainError, notFound } from "../errors.ts";
import { insertFeedEvent, type FeedEventRow } from "../feed/feed-store.ts";
import { recordChange, type RecordedChange } from "../record-change.ts";
import { AUDIT_ACTIONS, EVAL_SOURCE, EXECUTION_STATUSES, FEED_EVENT_TYPES, type ExecutionStatus } from "../vocabulary.ts";
import { matchRuleName } from "./rule-name-match.ts";
import { findExecution, listExecutions, type ExecutionRow } from "./execution-store.ts";
import {
  countRules,
  enabledTriggerTypes,
  findRule,
  listRulesWithStats,
  ruleNames,
  rulesForEventType,
  setRuleEnabled,
  type RuleRow,
} from "./rule-store.ts";

export interface ExecutionQuery {
  sinceHours: number;
  status?: ExecutionStatus;
  ruleId?: number;
  eventType?: string;
  limit: number;
  offset: number;
}

/**
 * Executions in a window, newest first. An event type is matched through the rules it triggers (so the
 * rule index serves it, never a scan of event payloads); `counts` are per status for the same rule/event filter.
 * The rule and event-type lookups do not feed the page query, so every read runs at once.
 */
export async function getExecutions(ctx: DomainContext, query: ExecutionQuery) {
  const since = new Date(ctx.clock.now().getTime() - query.sinceHours * HOUR_MS);
  const [rule, eventTypeRules, { rows, counts }] = await Promise.all([
    query.ruleId !== undefined ? findRule(ctx.db, query.ruleId) : undefined,
    query.eventType !== undefined ? rulesForEventType(ctx.db, query.eventType) : undefined,
    listExecutions(ctx.db, {
      since,
      status: query.status,
      ruleId: query.ruleId,
      eventType: query.eventType,
      limit: query.limit,
      offset: query.offset,
    }),
  ]);
  if (query.ruleId !== undefined && !rule) throw notFound(`Workflow rule ${query.ruleId}`, "find_rule");
  const countsByStatus = Object.fromEntries(EXECUTION_STATUSES.map((s) => [s, 0])) as Record<ExecutionStatus, number>;
  for (const c of counts) countsByStatus[c.status] = c.n;
  const total = query.status ? countsByStatus[query.status] : Object.values(countsByStatus).reduce((a, b) => a + b, 0);
  return { since, rows, total, countsByStatus, eventTypeRules };
}

export async function getExecutionDetail(ctx: DomainContext, id: number) {
  const execution = await findExecution(ctx.db, id);
  if (!execution) throw notFound(`Workflow execution ${id}`, "find_execution");
  return execution;
}

export async function getRules(ctx: DomainContext, query: { enabled?: boolean; limit: number }) {
  const since = new Date(ctx.clock.now().getTime() - 24 * HOUR_MS);
  const page = await listRulesWithStats(ctx.db, { ...query, since });
  // The totals ride on the page's rows; an empty page (no rule matches the filter) reads them apart.
  const { rows } = page;
  const counts = page.counts ?? (await countRules(ctx.db));
  const total = query.enabled === undefined ? counts.enabled + counts.disabled : query.enabled ? counts.enabled : counts.disabled;
  return { rows, total, counts };
}

export type RuleRef = { ruleId: number } | { ruleName: string };

/** The rule a person named by id or by name; a missing or ambiguous name lists the close ones. */
export async function resolveRule(db: Knex, ref: RuleRef, options: { forUpdate?: boolean } = {}): Promise<RuleRow> {
  let id: number;
  if ("ruleId" in ref) {
    id = ref.ruleId;
  } else {
    const match = matchRuleName(ref.ruleName, await ruleNames(db));
    const list = (rules: { id: number; name: string; enabled: boolean }[]) =>
      rules.map((r) => `"${r.name}" (id ${r.id}, ${r.enabled ? "enabled" : "disabled"})`).join(", ");
    if (match.kind === "ambiguous") {
      throw new DomainError(
        "not_found",
        `The name "${ref.ruleName}" matches more than one rule: ${list(match.candidates)}.`,
        { candidates: match.candidates },
        "retry_with_rule_id",
      );
    }
    if (match.kind === "missing") {
      throw match.close.length
        ? notFound(`Workflow rule "${ref.ruleName}"`, "retry_with_exact_rule_name", `Close names: ${list(match.close)}.`)
        : notFound(`Workflow rule "${ref.ruleName}"`, "find_rule");
    }
    id = match.rule.id;
  }
  const rule = await findRule(db, id, options);
  if (!rule) throw notFound(`Workflow rule ${id}`, "find_rule");
  return rule;
}

export interface ToggleResult {
  rule: RuleRow;
  previousEnabled: boolean;
  changed: boolean;
  change: RecordedChange | null;
}

/** Switches one rule on or off. Asking for the state it already has changes nothing and records nothing. */
export async function toggleRule(ctx: DomainContext, actor: Actor, input: RuleRef & { enabled: boolean }): Promise<ToggleResult> {
  return ctx.db.transaction(async (trx) => {
    const rule = await resolveRule(trx, input, { forUpdate: true });
    if (rule.enabled === input.enabled) return { rule, previousEnabled: rule.enabled, changed: false, change: null };
    const at = ctx.clock.now();
    await setRuleEnabled(trx, rule.id, input.enabled, at);
    const change = await recordChange(
      trx,
      {
        actor,
        action: AUDIT_ACTIONS.workflowRuleToggle,
        target: { type: "workflow_rule", id: rule.id },
        details: { rule_name: rule.name, from_enabled: rule.enabled, to_enabled: input.enabled },
        event: { type: FEED_EVENT_TYPES.workflowRuleToggled, metadata: { rule_id: rule.id, rule_name: rule.name, enabled: input.enabled } },
      },
      at,
    );
    return { rule: { ...rule, enabled: input.enabled, updated_at: at }, previousEnabled: rule.enabled, changed: true, change };
  });
}

export interface TestTriggerInput {
  eventType: string;
  metadata: Record<string, unknown>;
  subjectType: string | null;
  subjectId: string | number | null;
}

export interface TestTriggerResult {
  event: FeedEventRow;
  executions: ExecutionRow[];
  /** When nothing ran: the event types enabled rules do listen to, and the disabled rules for this one. */
  listeningEventTypes: string[] | null;
  disabledRules: { id: number; name: string }[];
}

/**
 * Writes a synthetic feed event marked `source: "EVAL"` (forced: the caller cannot unmark it), runs the rules it
 * fires and audits the test, in one transaction. The engine turns Slack posts and emails into dry runs.
 */
export async function triggerTestEvent(ctx: DomainContext, actor: Actor, input: TestTriggerInput): Promise<TestTriggerResult> {
  return ctx.db.transaction(async (trx) => {
    const at = ctx.clock.now();
    const event = await insertFeedEvent(
      trx,
      {
        eventType: input.eventType,
        actorType: actor.type,
        actorId: actorIdText(actor),
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        metadata: { path: actor.path, ...input.metadata, source: EVAL_SOURCE, test_triggered_by: actor.name },
      },
      at,
    );
    const executions = await evaluateWorkflowRules(trx, event, at);
    await insertAudit(
      trx,
      {
        actor,
        action: AUDIT_ACTIONS.workflowTestTrigger,
        targetType: "feed_event",
        targetId: event.id,
        details: {
          event_type: input.eventType,
          subject_type: input.subjectType,
          subject_id: input.subjectId === null ? null : String(input.subjectId),
          executions: executions.map((e) => ({ id: e.id, rule_id: e.rule_id, status: e.status })),
        },
      },
      at,
    );
    const disabledRules = executions.length
      ? []
      : (await rulesForEventType(trx, input.eventType)).filter((r) => !r.enabled).map(({ id, name }) => ({ id, name }));
    const listeningEventTypes = executions.length ? null : await enabledTriggerTypes(trx);
    return { event, executions, listeningEventTypes, disabledRules };
  });
}
