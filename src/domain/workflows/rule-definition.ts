// The one definition of a workflow rule's parts: the engine parses action configs and conditions with these, and every
// door that creates or edits a rule (the model's tool, the Slack modal, a rules file) validates with them.
import { z } from "zod";
import { canonicalJson } from "../canonical-json.ts";
import { ACTION_TYPES, CONTACT_STATUSES, FEED_EVENT_TYPES, type ActionType } from "../vocabulary.ts";
import { parseCondition, type Condition } from "./condition.ts";

const text = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, { error: `${what} must not be empty` });

/** Each action's config, as the engine reads it. Unknown keys are refused: a misspelt key would be silently ignored. */
export const ACTION_CONFIG_SCHEMAS = {
  ADD_INTAKE_NOTE: z.strictObject({ note: text("the note") }),
  SET_CONTACT_STATUS: z.strictObject({
    status: z.enum(CONTACT_STATUSES, { error: `status must be one of ${CONTACT_STATUSES.join(", ")}` }),
  }),
  ASSIGN_OWNER: z
    .strictObject({
      user_email: z.string().trim().min(3, { error: "user_email must be an email address" }).optional(),
      user_id: z.number({ error: "user_id must be a number" }).int().positive().optional(),
    })
    .refine((c) => (c.user_email === undefined) !== (c.user_id === undefined), {
      error: "give exactly one of user_email or user_id (the staff member who becomes the owner)",
    }),
  NOTIFY_SLACK: z.strictObject({ channel: text("channel"), text: text("text") }),
  SEND_EMAIL: z.strictObject({
    to: text("to"),
    subject: text("subject").optional(),
    template: z.string().optional(),
    body: z.string().optional(),
  }),
} as const satisfies Record<ActionType, z.ZodType>;

export type ActionConfigOf<A extends ActionType> = z.infer<(typeof ACTION_CONFIG_SCHEMAS)[A]>;

/** The keys each action's config takes, for help text and the modal's hint. */
export const ACTION_CONFIG_HINTS: Record<ActionType, string> = {
  ADD_INTAKE_NOTE: "note: text ({{metadata.x}} placeholders are filled from the event)",
  SET_CONTACT_STATUS: `status: one of ${CONTACT_STATUSES.join(", ")}`,
  ASSIGN_OWNER: "user_email: a staff member's email (or user_id)",
  NOTIFY_SLACK: "channel: #channel or id; text: the message ({{…}} placeholders)",
  SEND_EMAIL: "to: an address or {{metadata.email}}; subject, template or body (optional)",
};

const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.]*$/;

/** Event types the studio's own services write; a rule may also listen to a custom one (e.g. from the studio API). */
export const KNOWN_EVENT_TYPES: readonly string[] = Object.values(FEED_EVENT_TYPES).sort();

/** A condition checked by the engine's own parser, so what validates here is exactly what the engine accepts. */
export const conditionSchema = z.unknown().transform((value, ctx): Condition => {
  try {
    return parseCondition(value);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message.replace(/^invalid condition: /, "") });
    return z.NEVER;
  }
});

/** A rule's editable fields. action_config is checked against the action's own schema by checkRuleDefinition. */
export const ruleFieldsSchema = z.strictObject({
  name: text("name").max(200, { error: "name must be at most 200 characters" }),
  description: z.string().trim().max(1000, { error: "description must be at most 1000 characters" }).nullable().optional(),
  trigger_event_type: z
    .string({ error: "trigger_event_type must be an event type such as IntakeCreated" })
    .trim()
    .max(100)
    .regex(EVENT_TYPE, { error: "trigger_event_type must be an event type name such as IntakeCreated (letters, digits, _ and .)" }),
  condition: conditionSchema.optional(),
  action_type: z.enum(ACTION_TYPES, { error: `action_type must be one of ${ACTION_TYPES.join(", ")}` }),
  action_config: z.record(z.string(), z.unknown(), { error: "action_config must be an object of settings" }),
  enabled: z.boolean({ error: "enabled must be true or false" }).optional(),
});

/** A rule as validated: every field present. */
export interface RuleDefinition {
  name: string;
  description: string | null;
  trigger_event_type: string;
  condition: Condition;
  action_type: ActionType;
  action_config: Record<string, unknown>;
  enabled: boolean;
}

export const RULE_FIELDS = ["name", "description", "trigger_event_type", "condition", "action_type", "action_config", "enabled"] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

/** One bad field and what is wrong with it, worded for a person ("action_config.channel: channel must not be empty"). */
export interface FieldError {
  field: string;
  message: string;
}

export type RuleCheck = { ok: true; value: RuleDefinition } | { ok: false; errors: FieldError[] };

const issuesToErrors = (issues: readonly z.core.$ZodIssue[], prefix: string[] = []): FieldError[] =>
  issues.map((issue) => {
    const path = [...prefix, ...issue.path.map(String)];
    const message =
      issue.code === "unrecognized_keys"
        ? `unknown setting${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`
        : issue.code === "invalid_type" && issue.input === undefined
          ? `${path.at(-1) ?? "value"} is required`
          : issue.message;
    return { field: path.join(".") || "rule", message };
  });

/** Validates every field at once (the action's config against its own schema too), so a person fixes all in one go. */
export function checkRuleDefinition(input: unknown): RuleCheck {
  const parsed = ruleFieldsSchema.safeParse(input);
  const errors = parsed.success ? [] : issuesToErrors(parsed.error.issues);
  const raw = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const actionType = ACTION_TYPES.find((a) => a === raw.action_type);
  const config = raw.action_config;
  if (actionType && typeof config === "object" && config !== null && !Array.isArray(config)) {
    const checked = ACTION_CONFIG_SCHEMAS[actionType].safeParse(config);
    if (!checked.success) errors.push(...issuesToErrors(checked.error.issues, ["action_config"]));
  }
  if (!parsed.success || errors.length) return { ok: false, errors };
  const v = parsed.data;
  return {
    ok: true,
    value: {
      name: v.name,
      description: v.description ? v.description : null,
      trigger_event_type: v.trigger_event_type,
      condition: v.condition ?? null,
      action_type: v.action_type,
      action_config: v.action_config,
      enabled: v.enabled ?? true,
    },
  };
}

/** The fields whose values differ, in RULE_FIELDS order (JSON compared with keys sorted). */
export function changedFields(before: RuleDefinition, after: RuleDefinition): RuleField[] {
  return RULE_FIELDS.filter((f) => canonicalJson(before[f] ?? null) !== canonicalJson(after[f] ?? null));
}

/** The definition of a stored rule, as the edit doors compare and export it. */
export function definitionOf(row: Omit<RuleDefinition, "condition"> & { condition: unknown }): RuleDefinition {
  return {
    name: row.name,
    description: row.description ?? null,
    trigger_event_type: row.trigger_event_type,
    condition: (row.condition ?? null) as Condition,
    action_type: row.action_type,
    action_config: row.action_config ?? {},
    enabled: row.enabled,
  };
}
