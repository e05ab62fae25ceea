// The "New rule" / "Edit rule" modal: name, trigger event (from the known events), action, condition and the action's
// settings as YAML or JSON text; and the parse of its submission, whose problems go back onto the fields they belong to.
import type { KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import { parse as parseYaml, stringify } from "yaml";
import { ACTION_CONFIG_HINTS, type FieldError, type RuleDefinition } from "../../domain/workflows/rule-definition.ts";
import { ACTION_TYPES } from "../../domain/vocabulary.ts";
import { VIEWS } from "../ids.ts";
import { plain, section } from "./kit.ts";
import { LIMITS, oneLine, safeText } from "./limits.ts";

/** One block and element id per field (a modal holds one form, so fixed ids). */
export const RULE_FORM = {
  name: "maestro.rule_form.name",
  description: "maestro.rule_form.description",
  trigger: "maestro.rule_form.trigger",
  action: "maestro.rule_form.action",
  condition: "maestro.rule_form.condition",
  config: "maestro.rule_form.config",
  enabled: "maestro.rule_form.enabled",
} as const;
type FormField = keyof typeof RULE_FORM;

const SELECT_OPTIONS_MAX = 100;
const option = (value: string): PlainTextOption => ({ text: plain(value, 75), value });
/** YAML as a person edits it; `{}` and `null` stay short. */
const yamlText = (value: unknown) => (value === null ? "" : stringify(value, { lineWidth: 0 }).trimEnd());

function textInput(field: FormField, label: string, opts: { initial?: string; multiline?: boolean; optional?: boolean; hint?: string }) {
  return {
    type: "input",
    block_id: RULE_FORM[field],
    optional: opts.optional ?? false,
    label: plain(label, LIMITS.inputLabel),
    ...(opts.hint ? { hint: plain(opts.hint, LIMITS.inputHint) } : {}),
    element: {
      type: "plain_text_input",
      action_id: RULE_FORM[field],
      multiline: opts.multiline ?? false,
      max_length: LIMITS.plainTextInputMax,
      ...(opts.initial ? { initial_value: opts.initial.slice(0, LIMITS.plainTextInputMax) } : {}),
    },
  } as KnownBlock;
}

function select(field: FormField, label: string, values: readonly string[], initial: string | undefined): KnownBlock {
  const options = values.slice(0, SELECT_OPTIONS_MAX).map(option);
  return {
    type: "input",
    block_id: RULE_FORM[field],
    label: plain(label, LIMITS.inputLabel),
    element: {
      type: "static_select",
      action_id: RULE_FORM[field],
      options,
      ...(initial && values.includes(initial) ? { initial_option: option(initial) } : {}),
    },
  };
}

/** The modal; `rule` fills it for an edit. `eventTypes`: the events a rule can listen to (known ones and those in use). */
export function ruleFormModal(options: { rule?: RuleDefinition & { id: number }; eventTypes: readonly string[] }): ModalView {
  const { rule } = options;
  const eventTypes = [...new Set([...options.eventTypes, ...(rule ? [rule.trigger_event_type] : [])])].sort();
  const blocks: KnownBlock[] = [
    section(
      rule
        ? `Editing rule *${safeText(oneLine(rule.name), 200)}* (#${rule.id}). Saving replaces it; the audit log keeps what it was.`
        : "A rule runs one action whenever its event happens and its condition holds.",
    ),
    textInput("name", "Name", { initial: rule?.name, hint: "Unique, e.g. big-group-heads-up." }),
    textInput("description", "Why the rule exists", { initial: rule?.description ?? undefined, optional: true }),
    select("trigger", "When this event happens", eventTypes, rule?.trigger_event_type),
    textInput("condition", "…and this condition holds (YAML or JSON; empty = always)", {
      initial: rule ? yamlText(rule.condition) : undefined,
      multiline: true,
      optional: true,
      hint: "e.g. {field: metadata.audience, op: eq, value: group}; combine with all: [...], any: [...], not: {...}. Ops: eq neq in nin exists gt gte lt lte contains.",
    }),
    select("action", "Do this", ACTION_TYPES, rule?.action_type),
    textInput("config", "With these settings (YAML or JSON)", {
      initial: rule ? yamlText(rule.action_config) : undefined,
      multiline: true,
      hint: ACTION_TYPES.map((a) => `${a}: ${ACTION_CONFIG_HINTS[a]}`).join(" · "),
    }),
    {
      type: "input",
      block_id: RULE_FORM.enabled,
      optional: true,
      label: plain("State", LIMITS.inputLabel),
      element: {
        type: "checkboxes",
        action_id: RULE_FORM.enabled,
        options: [option("Enabled")],
        ...(rule && !rule.enabled ? {} : { initial_options: [option("Enabled")] }),
      },
    },
  ];
  return {
    type: "modal",
    callback_id: VIEWS.ruleForm,
    private_metadata: JSON.stringify(rule ? { rule_id: rule.id } : {}),
    title: plain(rule ? "Edit rule" : "New rule", LIMITS.modalTitle),
    submit: plain(rule ? "Save rule" : "Create rule", LIMITS.modalButton),
    close: plain("Cancel", LIMITS.modalButton),
    blocks,
  };
}

/** The parts of a view_submission payload the form reads. */
export interface RuleFormView {
  private_metadata?: string;
  state?: { values?: Record<string, Record<string, FormValue>> };
}
interface FormValue {
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: { value?: string }[] | null;
}

export type RuleFormSubmission =
  | { ok: true; ruleId: number | null; input: Record<string, unknown> }
  /** `errors` goes straight into ack({ response_action: "errors", errors }). */
  | { ok: false; errors: Record<string, string> };

/** Where a rule field's error shows on the form (action_config.channel → the settings box). */
const BLOCK_OF_FIELD: Record<string, FormField> = {
  name: "name",
  description: "description",
  trigger_event_type: "trigger",
  condition: "condition",
  action_type: "action",
  action_config: "config",
  enabled: "enabled",
};

/** Domain field errors as the form's errors, one message per block (several joined). */
export function formErrors(errors: readonly FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const block = RULE_FORM[BLOCK_OF_FIELD[e.field.split(".")[0]!] ?? "name"];
    const text = e.field.includes(".") && !e.message.startsWith(e.field.split(".").at(-1)!) ? `${e.field}: ${e.message}` : e.message;
    out[block] = out[block] ? `${out[block]}; ${text}` : text;
  }
  for (const key of Object.keys(out)) out[key] = out[key]!.slice(0, 1900);
  return out;
}

/** Reads the form at the edge: YAML/JSON text parsed (a parse error is that box's error); the rest is the domain's to judge. */
export function readRuleForm(view: RuleFormView): RuleFormSubmission {
  const values = view.state?.values ?? {};
  const read = (field: FormField): FormValue => values[RULE_FORM[field]]?.[RULE_FORM[field]] ?? {};
  const errors: Record<string, string> = {};
  const yamlOf = (field: "condition" | "config", empty: unknown) => {
    const raw = (read(field).value ?? "").trim();
    if (!raw) return empty;
    try {
      return parseYaml(raw) as unknown;
    } catch (error) {
      errors[RULE_FORM[field]] = `Not valid YAML or JSON: ${String((error as Error).message).split("\n")[0]}`;
      return undefined;
    }
  };
  let ruleId: number | null;
  try {
    const meta = JSON.parse(view.private_metadata || "{}") as { rule_id?: unknown };
    ruleId = typeof meta.rule_id === "number" && Number.isInteger(meta.rule_id) && meta.rule_id > 0 ? meta.rule_id : null;
  } catch {
    return { ok: false, errors: { [RULE_FORM.name]: "This form is out of date; close it and open it again." } };
  }
  const input = {
    name: read("name").value ?? "",
    description: (read("description").value ?? "").trim() || null,
    trigger_event_type: read("trigger").selected_option?.value ?? "",
    condition: yamlOf("condition", null),
    action_type: read("action").selected_option?.value ?? "",
    action_config: yamlOf("config", {}),
    enabled: (read("enabled").selected_options ?? []).some((o) => o.value === "Enabled"),
  };
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, ruleId, input };
}
