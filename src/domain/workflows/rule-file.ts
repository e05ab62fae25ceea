// The rules file: every workflow rule as YAML in a stable order (rules by name, fields in one order, config keys sorted),
// so an export applied again changes nothing; and its parse, whose errors name the rule and the field.
import { isMap, isSeq, parseDocument, stringify } from "yaml";
import { checkRuleDefinition, RULE_FIELDS, type FieldError, type RuleDefinition } from "./rule-definition.ts";

export const RULES_FILE_HEADER = [
  "# Maestro workflow rules. Edit, then: maestro rules apply <this file> --dry-run (the diff), and again without --dry-run.",
  "# Rules are matched by name; rules not in this file are left alone unless you pass --prune.",
  "# action_type: ADD_INTAKE_NOTE | SET_CONTACT_STATUS | ASSIGN_OWNER | NOTIFY_SLACK | SEND_EMAIL. condition: null (always),",
  "# {field, op, value}, {all: [...]}, {any: [...]} or {not: ...}; ops: eq neq in nin exists gt gte lt lte contains.",
];

const sortKeys = (value: Record<string, unknown>) =>
  Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, value[k]]),
  );

/** The rules as the file holds them: by name, fields in RULE_FIELDS order. */
export function rulesToYaml(rules: readonly RuleDefinition[]): string {
  const ordered = [...rules]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((rule) => Object.fromEntries(RULE_FIELDS.map((f) => [f, f === "action_config" ? sortKeys(rule.action_config) : rule[f]])));
  return `${RULES_FILE_HEADER.join("\n")}\n${stringify({ rules: ordered }, { lineWidth: 0 })}`;
}

/** A problem in the file: which rule (by name, else by its place), which field, what is wrong. */
export interface RuleFileError extends FieldError {
  rule: string;
}

export type RulesFileParse = { ok: true; rules: RuleDefinition[] } | { ok: false; errors: RuleFileError[] };

/** "rule "x", field action_config.channel: channel must not be empty" */
export const ruleFileErrorText = (e: RuleFileError) => `${e.rule}${e.field ? `, field ${e.field}` : ""}: ${e.message}`;

/** Parses and validates every rule of a file; any problem anywhere fails the whole file (apply is all or nothing). */
export function parseRulesFile(text: string): RulesFileParse {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    return { ok: false, errors: doc.errors.map((e) => ({ rule: "the file", field: "", message: e.message.split("\n")[0] ?? "not YAML" })) };
  }
  const root = doc.contents;
  const list = isMap(root) ? root.get("rules", true) : undefined;
  if (!isSeq(list)) {
    const empty = root === null || (isMap(root) && root.has("rules") && root.get("rules") === null);
    if (empty) return { ok: true, rules: [] };
    return { ok: false, errors: [{ rule: "the file", field: "rules", message: "expected `rules:` followed by a list of rules" }] };
  }
  const items = list.toJSON() as unknown[];
  const errors: RuleFileError[] = [];
  const rules: RuleDefinition[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const named = typeof item === "object" && item !== null && typeof (item as { name?: unknown }).name === "string";
    const label = named ? `rule "${(item as { name: string }).name}"` : `rule ${index + 1}`;
    const checked = checkRuleDefinition(item);
    if (!checked.ok) {
      errors.push(...checked.errors.map((e) => ({ rule: label, ...e })));
      return;
    }
    const first = seen.get(checked.value.name);
    if (first !== undefined) {
      errors.push({ rule: label, field: "name", message: `the name is used twice in this file (rules ${first + 1} and ${index + 1})` });
      return;
    }
    seen.set(checked.value.name, index);
    rules.push(checked.value);
  });
  return errors.length ? { ok: false, errors } : { ok: true, rules };
}
