// Workflow verification: the five workflow tools (seed 001 §5.4); the three that read are here, the two that write
// in workflow-write-tools.ts.
import type { Knex } from "knex";
import { z } from "zod";
import { EVAL_SOURCE, EXECUTION_STATUSES } from "../domain/vocabulary.ts";
import { describeRule } from "../domain/workflows/describe-rule.ts";
import { getExecutionDetail, getExecutions, getRules } from "../domain/workflows/workflow-service.ts";
import { findOutboxDelivery } from "../domain/outbox/outbox-store.ts";
import { summarizeCondition } from "../domain/workflows/condition.ts";
import { OUTSIDE_EFFECT_ACTIONS } from "../domain/workflows/engine.ts";
import { POLICY } from "./policy.ts";
import { entityId, iso, pageLimit, pageOffset, truncate } from "./schema-helpers.ts";
import { defineTool } from "./tool.ts";
import { clipJson, eventType, rule, ruleId } from "./workflow-schemas.ts";
import { toggleWorkflowRule, triggerTestWorkflow } from "./workflow-write-tools.ts";

export const listWorkflowExecutions = defineTool({
  name: "list_workflow_executions",
  group: "workflows",
  description:
    "Runs of the workflow rules (the studio's automation) in the last `since_hours`, newest first. Rows: execution id, rule " +
    "{id, name}, the event type that fired it, status (SUCCESS = action ran, SKIPPED = condition did not match, FAILED = action " +
    "errored), duration, error (first 200 characters), test_event. `total` matches every filter; `counts_by_status` covers " +
    "every status (same window and rule/event filter): answer 'did they run cleanly?' from it. Pass an execution id to " +
    "get_workflow_execution_detail to see why a run failed.",
  input: z.strictObject({
    status: z.enum(EXECUTION_STATUSES).optional().describe("Only runs with this outcome."),
    rule_id: ruleId.optional().describe("Only runs of this rule (id from list_workflow_rules)."),
    event_type: eventType.optional().describe("Only runs of the rules this event type triggers, e.g. RoleApproved."),
    since_hours: z.number().int().min(1).max(2160).default(168).describe("Hours back: 168 = 7 days, 24 = today."),
    limit: pageLimit(20, 100),
    offset: pageOffset(),
  }),
  effect: POLICY.read,
  // An error can quote the event or the record it failed on.
  untrusted: ["error"],
  async run(args, ctx) {
    const { since, rows, total, countsByStatus, eventTypeRules } = await getExecutions(ctx, {
      sinceHours: args.since_hours,
      status: args.status,
      ruleId: args.rule_id,
      eventType: args.event_type,
      limit: args.limit,
      offset: args.offset,
    });
    return {
      filter: {
        since_hours: args.since_hours,
        status: args.status ?? "any",
        rule_id: args.rule_id ?? "any",
        event_type: args.event_type ?? "any",
      },
      window: { from: iso(since), to: iso(ctx.clock.now()) },
      total,
      counts_by_status: countsByStatus,
      returned: rows.length,
      offset: args.offset,
      executions: rows.map((r) => ({
        id: r.id,
        rule: rule(r.rule_id, r.rule_name),
        event_type: r.event_type,
        status: r.status,
        duration_ms: r.duration_ms,
        error: truncate(r.error, 200),
        test_event: r.is_test === true,
        created_at: iso(r.created_at),
      })),
      ...(eventTypeRules && eventTypeRules.length === 0
        ? {
            note: `No workflow rule is triggered by ${args.event_type}, so nothing can have run for it. list_workflow_rules shows each rule's trigger.`,
          }
        : {}),
    };
  },
});

/** What a delivery state means, for the model to relay. */
function deliveryNote(channel: "slack" | "email", delivery: { status: string; error: string | null }) {
  if (delivery.status === "FAILED") {
    return channel === "email"
      ? { note: "The mail server refused this email for good: it was not delivered." }
      : { note: "Slack refused this message for good (the error says why, e.g. channel_not_found or not_in_channel): it was not posted." };
  }
  if (delivery.status === "QUEUED" && delivery.error) {
    return { note: "Not sent yet: the last try failed temporarily (or Slack asked to wait); it will be retried." };
  }
  return {};
}

/** Where a Slack post or an email of this run got to, from its outbox row. */
async function deliveryView(db: Knex, channel: "slack" | "email", outboxId: number) {
  const delivery = await findOutboxDelivery(db, channel, outboxId);
  return delivery
    ? {
        channel,
        outbox_id: delivery.id,
        status: delivery.status,
        dry_run: delivery.dry_run,
        sent_at: iso(delivery.sent_at),
        error: truncate(delivery.error, 500),
        attempts: delivery.attempts ?? 0,
        next_attempt_at: iso(delivery.next_attempt_at ?? null),
        ...deliveryNote(channel, delivery),
      }
    : undefined;
}

export const getWorkflowExecutionDetail = defineTool({
  name: "get_workflow_execution_detail",
  group: "workflows",
  description:
    "One workflow run in full, to explain a failure: status, full error, " +
    "duration, `what_the_rule_does` in one sentence, the rule as it was when it ran (trigger, condition and its summary, action " +
    "type and config), whether the rule is enabled now, the triggering feed event (type, subject, metadata) and the action's result " +
    "(for Slack posts and emails, the outbox delivery status). Ids come from list_workflow_executions or trigger_test_workflow.",
  input: z.strictObject({
    execution_id: entityId("workflow execution", "from list_workflow_executions"),
  }),
  effect: POLICY.read,
  // The feed event (its metadata from API clients and forms), the action's result and errors quote outside text.
  untrusted: ["error", "metadata", "action_result"],
  async run(args, ctx) {
    const e = await getExecutionDetail(ctx, args.execution_id);
    const snapshot = e.rule_snapshot ?? {};
    const payload = e.event_payload ?? {};
    const metadata = (payload.metadata ?? {}) as Record<string, unknown>;
    const outbox = OUTSIDE_EFFECT_ACTIONS[snapshot.action_type as keyof typeof OUTSIDE_EFFECT_ACTIONS];
    const outboxId = e.action_result?.outbox_id;
    const delivery = outbox && typeof outboxId === "number" ? await deliveryView(ctx.db, outbox, outboxId) : undefined;
    const ruleNow =
      e.rule_id === null || e.current_rule_enabled === null
        ? null
        : { id: e.rule_id, name: e.current_rule_name, enabled: e.current_rule_enabled };
    return {
      execution: {
        id: e.id,
        status: e.status,
        error: e.error,
        duration_ms: e.duration_ms,
        created_at: iso(e.created_at),
        feed_event_id: e.feed_event_id,
      },
      what_the_rule_does: describeRule(snapshot),
      rule: {
        id: snapshot.id ?? e.rule_id,
        name: snapshot.name ?? null,
        trigger_event_type: snapshot.trigger_event_type ?? null,
        condition: clipJson(snapshot.condition ?? null),
        condition_summary: summarizeCondition(snapshot.condition ?? null),
        action_type: snapshot.action_type ?? null,
        action_config: clipJson(snapshot.action_config ?? {}),
        enabled_when_run: snapshot.enabled ?? null,
      },
      rule_now: ruleNow,
      ...(ruleNow === null ? { rule_note: "This rule has been deleted since it ran." } : {}),
      event: {
        id: payload.id ?? e.feed_event_id,
        event_type: payload.event_type ?? null,
        actor_type: payload.actor_type ?? null,
        actor_id: payload.actor_id ?? null,
        subject_type: payload.subject_type ?? null,
        subject_id: payload.subject_id ?? null,
        created_at: payload.created_at ?? null,
        test_event: metadata.source === EVAL_SOURCE,
        metadata: clipJson(metadata),
      },
      action_result: clipJson(e.action_result),
      ...(delivery ? { delivery } : {}),
    };
  },
});

export const listWorkflowRules = defineTool({
  name: "list_workflow_rules",
  group: "workflows",
  description:
    "The workflow rules by name: id, name, description, trigger event type, condition in words, action type (ADD_INTAKE_NOTE, " +
    "SET_CONTACT_STATUS, ASSIGN_OWNER, NOTIFY_SLACK, SEND_EMAIL), enabled, latest run {status, at} (null if never), runs and " +
    "failures in the last 24 hours; `total` matching and enabled/disabled `counts`. Ids and names work with toggle_workflow_rule " +
    "and list_workflow_executions.",
  input: z.strictObject({
    enabled: z.boolean().optional().describe("Only enabled (true) or disabled (false) rules; omit for all."),
    limit: pageLimit(50, 200),
  }),
  effect: POLICY.read,
  async run(args, ctx) {
    const { rows, total, counts } = await getRules(ctx, { enabled: args.enabled, limit: args.limit });
    return {
      filter: { enabled: args.enabled ?? "any" },
      total,
      counts,
      returned: rows.length,
      rules: rows.map((r) => ({
        id: r.id,
        name: r.name,
        description: truncate(r.description, 200),
        trigger_event_type: r.trigger_event_type,
        condition_summary: summarizeCondition(r.condition),
        action_type: r.action_type,
        enabled: r.enabled,
        last_execution: r.last_status ? { status: r.last_status, at: iso(r.last_at) } : null,
        executions_24h: r.executions_recent,
        failures_24h: r.failures_recent,
      })),
    };
  },
});

export const workflowTools = [
  listWorkflowExecutions,
  getWorkflowExecutionDetail,
  listWorkflowRules,
  toggleWorkflowRule,
  triggerTestWorkflow,
];
