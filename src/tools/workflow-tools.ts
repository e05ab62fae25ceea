// Workflow verification: the five workflow tools (seed 001 §5.4).
import type { Knex } from "knex";
import { z } from "zod";
import { executionSummary } from "../domain/record-change.ts";
import { EVAL_SOURCE, EXECUTION_STATUSES } from "../domain/vocabulary.ts";
import { describeRule } from "../domain/workflows/describe-rule.ts";
import { getExecutionDetail, getExecutions, getRules, toggleRule, triggerTestEvent } from "../domain/workflows/workflow-service.ts";
import { findOutboxDelivery } from "../domain/outbox/outbox-store.ts";
import { summarizeCondition } from "../domain/workflows/condition.ts";
import { OUTSIDE_EFFECT_ACTIONS } from "../domain/workflows/engine.ts";
import { POLICY } from "./policy.ts";
import { entityId, iso, pageLimit, pageOffset, truncate } from "./schema-helpers.ts";
import { defineTool } from "./tool.ts";

const ruleId = entityId("workflow rule", "from list_workflow_rules");
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.]*$/;
const eventType = z
  .string()
  .min(1)
  .max(100)
  .regex(EVENT_TYPE, { message: "must be an event type name such as RoleApproved or TriageTicket (letters, digits, _ and .)" });
const METADATA_MAX_BYTES = 4096;

/** Stored JSON made fit for a result: long text cut, long lists and objects shortened, deep nesting elided. */
export function clipJson(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return truncate(value, 500);
  if (value === null || typeof value !== "object") return value;
  if (depth >= 5) return "[nested data omitted]";
  if (Array.isArray(value)) {
    const items = value.slice(0, 20).map((v) => clipJson(v, depth + 1));
    return value.length > 20 ? [...items, `… ${value.length - 20} more items`] : items;
  }
  const entries = Object.entries(value);
  const kept = Object.fromEntries(entries.slice(0, 30).map(([k, v]) => [k, clipJson(v, depth + 1)]));
  return entries.length > 30 ? { ...kept, "…": `${entries.length - 30} more keys` } : kept;
}

const rule = (id: number | null, name: string | null) => ({ id, name });

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const storable = (text: string) => !text.includes("\u0000") && !LONE_SURROGATE.test(text);

/** PostgreSQL's jsonb refuses NUL characters and unpaired surrogates in any key or text value. */
function storableText(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return storable(value);
  if (value === null || typeof value !== "object" || depth > 20) return true;
  return Object.entries(value).every(([k, v]) => storable(k) && storableText(v, depth + 1));
}

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

export const toggleWorkflowRule = defineTool({
  name: "toggle_workflow_rule",
  group: "workflows",
  description:
    "Enable or disable ONE workflow rule, by rule_id or rule_name (exactly one). A name matches ignoring case, with spaces, " +
    "hyphens and underscores alike; an unknown or ambiguous name changes nothing and lists close names. No wildcards: call once " +
    "per rule. A rule already in the asked state stays as it is (changed: false).",
  input: z
    .strictObject({
      rule_id: ruleId.optional(),
      rule_name: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .refine((v) => !/[*%?]/.test(v), { message: "wildcards are not supported: name one rule exactly" })
        .optional()
        .describe("The rule's name as list_workflow_rules shows it; or give rule_id."),
      enabled: z.boolean().describe("true to enable, false to disable."),
    })
    .refine((a) => (a.rule_id === undefined) !== (a.rule_name === undefined), {
      message: "give exactly one of rule_id or rule_name",
      path: ["rule_id"],
    }),
  effect: POLICY.toggle_workflow_rule,
  async run(args, ctx) {
    const ref = args.rule_id !== undefined ? { ruleId: args.rule_id } : { ruleName: args.rule_name! };
    const { rule: r, previousEnabled, changed, change } = await toggleRule(ctx, ctx.actor, { ...ref, enabled: args.enabled });
    const state = (on: boolean) => (on ? "enabled" : "disabled");
    return {
      rule: rule(r.id, r.name),
      trigger_event_type: r.trigger_event_type,
      enabled: r.enabled,
      previous_enabled: previousEnabled,
      changed,
      message: changed
        ? `Rule "${r.name}" is now ${state(r.enabled)} (it was ${state(previousEnabled)}).`
        : `Rule "${r.name}" was already ${state(r.enabled)}; nothing changed.`,
      ...(change ? { workflow_executions: executionSummary(change.executions) } : {}),
    };
  },
});

export const triggerTestWorkflow = defineTool({
  name: "trigger_test_workflow",
  group: "workflows",
  description:
    "Verify that a rule works: write a synthetic feed event of `event_type` (source EVAL, left out of analytics) with the given " +
    "metadata and optional subject, run every enabled rule listening to it, and return the runs (rule, status, action result, " +
    "error, duration). Slack posts and emails are dry runs; other actions (notes, contact status, intake owner) really change " +
    "the subject you name, so name a test intake or contact, or none. If no enabled rule listens, the result lists the event " +
    "types that have one.",
  input: z
    .strictObject({
      event_type: eventType.describe("Event type to fire, e.g. TriageTicket, RoleApproved."),
      metadata: z
        .record(z.string().max(100), z.unknown())
        .optional()
        .refine((m) => m === undefined || Buffer.byteLength(JSON.stringify(m)) <= METADATA_MAX_BYTES, {
          message: `must be at most ${METADATA_MAX_BYTES} bytes as JSON`,
        })
        // PostgreSQL's jsonb refuses NUL characters and unpaired surrogates: say so instead of failing inside.
        .refine((m) => m === undefined || storableText(m), {
          message: "must not contain NUL characters or broken Unicode",
        })
        .describe('What rule conditions and templates read, e.g. {"role": "STAFF"}; `source` is set to EVAL.'),
      subject_type: z
        .string()
        .regex(/^[a-z][a-z_]{0,49}$/, { message: "must be a lower-case entity name such as intake or contact" })
        .optional()
        .describe("What the event is about (actions' target), e.g. intake or contact."),
      subject_id: z
        .union([
          z.number().int().positive().max(2_147_483_647),
          z
            .string()
            .trim()
            .min(1)
            .max(100)
            .regex(/^[\w.:@-]+$/, { message: "must be an id: letters, digits and _ . : @ -" }),
        ])
        .optional()
        .describe("The subject's id, e.g. an intake id; needs subject_type."),
    })
    .refine((a) => a.subject_id === undefined || a.subject_type !== undefined, {
      message: "subject_id needs subject_type (e.g. intake)",
      path: ["subject_type"],
    }),
  effect: POLICY.trigger_test_workflow,
  async run(args, ctx) {
    const { event, executions, listeningEventTypes, disabledRules } = await triggerTestEvent(ctx, ctx.actor, {
      eventType: args.event_type,
      metadata: args.metadata ?? {},
      subjectType: args.subject_type ?? null,
      subjectId: args.subject_id ?? null,
    });
    const counts = Object.fromEntries(EXECUTION_STATUSES.map((s) => [s, executions.filter((e) => e.status === s).length]));
    const note = listeningEventTypes
      ? `No enabled rule listens to ${args.event_type}, so nothing ran.` +
        (disabledRules.length ? ` Disabled rules for it: ${disabledRules.map((r) => `"${r.name}" (id ${r.id})`).join(", ")}.` : "") +
        ` Event types with enabled rules: ${listeningEventTypes.length ? listeningEventTypes.join(", ") : "none"}.`
      : undefined;
    return {
      feed_event_id: event.id,
      event_type: event.event_type,
      subject: event.subject_type ? { type: event.subject_type, id: event.subject_id } : null,
      metadata: clipJson(event.metadata),
      executions_total: executions.length,
      counts_by_status: counts,
      executions: executions.map((e) => ({
        execution_id: e.id,
        rule: rule(e.rule_id, (e.rule_snapshot.name as string | undefined) ?? null),
        status: e.status,
        action_result: clipJson(e.action_result),
        error: e.error,
        duration_ms: e.duration_ms,
      })),
      ...(note ? { note, listening_event_types: listeningEventTypes } : {}),
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
