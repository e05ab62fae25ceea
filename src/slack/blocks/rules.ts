// Workflow rules (list_workflow_rules), each with an Enable or Disable button and Edit…; New rule under the list.
import type { KnownBlock } from "@slack/types";
import { ACTIONS, BLOCKS, actionId, blockId, encodeButtonValue } from "../ids.ts";
import { relative, type TimeOptions } from "./format.ts";
import { actions, button, context, header, message, moreNote, section, type Message } from "./kit.ts";
import { oneLine, safeText } from "./limits.ts";

import type { ToolOutput } from "../../tools/catalogue.ts";

type RuleItem = ToolOutput<"list_workflow_rules">["rules"][number];

/** Rules shown (two blocks each: the rule, its Edit button); the rest are counted. Within 50 blocks with the header and footer. */
export const RULES_MAX_ITEMS = 20;

/** New rule: opens the rule form (ADMIN only; the click says so to anyone else). */
export const newRuleButton = () =>
  button({ text: "New rule", style: "primary", actionId: actionId(ACTIONS.ruleNew, "list"), value: encodeButtonValue({ id: "new" }) });

function editActions(rule: RuleItem) {
  return actions(blockId(BLOCKS.ruleActions, rule.id), [
    button({
      text: "Edit…",
      actionId: actionId(ACTIONS.ruleEdit, rule.id),
      value: encodeButtonValue({ id: rule.id }),
      accessibilityLabel: `Edit rule ${oneLine(rule.name)}`,
    }),
  ]);
}

function toggleButton(rule: RuleItem) {
  const name = oneLine(rule.name);
  return rule.enabled
    ? button({
        text: "Disable",
        actionId: actionId(ACTIONS.ruleDisable, rule.id),
        value: encodeButtonValue({ id: rule.id }),
        accessibilityLabel: `Disable rule ${name}`,
      })
    : button({
        text: "Enable",
        style: "primary",
        actionId: actionId(ACTIONS.ruleEnable, rule.id),
        value: encodeButtonValue({ id: rule.id }),
        accessibilityLabel: `Enable rule ${name}`,
      });
}

export function ruleSection(rule: RuleItem, opts: TimeOptions) {
  const state = rule.enabled ? "🟢 enabled" : "⚪ disabled";
  const lines = [
    `*${safeText(oneLine(rule.name), 200)}* · #${rule.id} · ${state}`,
    `When ${safeText(rule.trigger_event_type, 100)}, if ${safeText(oneLine(rule.condition_summary ?? "always"), 600)} → ${safeText(rule.action_type, 50)}`,
  ];
  if (rule.description) lines.push(`_${safeText(oneLine(rule.description), 400)}_`);
  const last = rule.last_execution ? `last run ${rule.last_execution.status} ${relative(rule.last_execution.at, opts.now)}` : "never ran";
  const failures = rule.failures_24h ? ` · ❌ ${rule.failures_24h} failed` : "";
  lines.push(`${last} · 24 h: ${rule.executions_24h} run${rule.executions_24h === 1 ? "" : "s"}${failures}`);
  return section(lines.join("\n"), { block_id: blockId(BLOCKS.rule, rule.id), accessory: toggleButton(rule) });
}

export function rulesBlocks(result: ToolOutput<"list_workflow_rules">, opts: TimeOptions): Message {
  const filter = result.filter.enabled === "any" ? "" : result.filter.enabled ? "enabled " : "disabled ";
  if (result.total === 0) {
    const line = `There are no ${filter}workflow rules.`;
    return message(line, [section(line, { accessory: newRuleButton() })]);
  }
  const shown = result.rules.slice(0, RULES_MAX_ITEMS);
  const counts = `${result.counts.enabled} enabled · ${result.counts.disabled} disabled`;
  const blocks: KnownBlock[] = [header(`Workflow rules · ${counts}`)];
  blocks.push(...shown.flatMap((r) => [ruleSection(r, opts), editActions(r)]));
  const more = moreNote(shown.length, result.total, "ask Maestro about a rule by name.");
  if (more) blocks.push(context(more));
  blocks.push(actions(blockId(BLOCKS.ruleActions, "new"), [newRuleButton()]));
  return message(`${result.total} ${filter}workflow rule${result.total === 1 ? "" : "s"} (${counts}).`, blocks);
}
