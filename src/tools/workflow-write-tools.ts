// The workflow tools that change something: switch a rule on or off, fire a test event through the real engine.
import { z } from "zod";
import { executionSummary } from "../domain/record-change.ts";
import { EXECUTION_STATUSES } from "../domain/vocabulary.ts";
import { resolveRule, toggleRule, triggerTestEvent } from "../domain/workflows/workflow-service.ts";
import { POLICY } from "./policy.ts";
import { changePreview } from "./change-view.ts";
import { defineTool } from "./tool.ts";
import { clipJson, eventType, rule, ruleId } from "./workflow-schemas.ts";

const METADATA_MAX_BYTES = 4096;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const storable = (text: string) => !text.includes("\u0000") && !LONE_SURROGATE.test(text);

/** PostgreSQL's jsonb refuses NUL characters and unpaired surrogates in any key or text value. */
function storableText(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return storable(value);
  if (value === null || typeof value !== "object" || depth > 20) return true;
  return Object.entries(value).every(([k, v]) => storable(k) && storableText(v, depth + 1));
}

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
  lock: async (args, ctx) =>
    void (await resolveRule(ctx.db, args.rule_id !== undefined ? { ruleId: args.rule_id } : { ruleName: args.rule_name! }, {
      forUpdate: true,
    })),
  async preview(args, ctx) {
    // Refuses an unknown or ambiguous name now, as the run would, so no card is posted for it.
    const r = await resolveRule(ctx.db, args.rule_id !== undefined ? { ruleId: args.rule_id } : { ruleName: args.rule_name! });
    const state = (on: boolean) => (on ? "enabled" : "disabled");
    return changePreview(
      {
        action: `${args.enabled ? "Enable" : "Disable"} workflow rule #${r.id}`,
        changes: [{ field: "state", before: state(r.enabled), after: state(args.enabled) }],
        destructive: !args.enabled,
      },
      { rule_id: r.id, enabled: r.enabled },
    );
  },
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
  // A rule's action may read the subject record (a prospect's name into a note) and report it back.
  untrusted: ["action_result", "error"],
  async preview(args) {
    const subject = args.subject_type ? ` about ${args.subject_type} ${args.subject_id ?? "(no id)"}` : "";
    return changePreview(
      {
        action: `Fire a synthetic ${args.event_type} test event${subject}`,
        changes: [
          {
            field: "test events",
            before: "none",
            after: `one EVAL ${args.event_type}; enabled rules listening run, emails and Slack posts as dry runs`,
          },
        ],
        destructive: false,
      },
      {},
    );
  },
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
