// Workflow runs (list_workflow_executions) and one run in full (get_workflow_execution_detail).
import type { KnownBlock } from "@slack/types";
import { COMMAND } from "../ids.ts";
import { formatMs, formatTime, relative, type TimeOptions } from "./format.ts";
import { context, divider, fields, header, message, moreNote, section, type Message } from "./kit.ts";
import { clip, codeBlock, compactJson, oneLine, safeText } from "./limits.ts";
import { countsLine } from "./queue.ts";

import type { ToolOutput } from "../../tools/catalogue.ts";

type ExecutionsResult = ToolOutput<"list_workflow_executions">;
export type ExecutionItem = ExecutionsResult["executions"][number];
type ExecutionDetailResult = ToolOutput<"get_workflow_execution_detail">;

export const EXECUTIONS_MAX_ITEMS = 20;
export const STATUS_ICON: Record<string, string> = { SUCCESS: "✅", FAILED: "❌", SKIPPED: "⏭️" };

export const ruleLabel = (rule: { id: number | null; name: string | null }): string =>
  rule.name ? safeText(oneLine(rule.name), 150) : rule.id === null ? "a deleted rule" : `rule ${rule.id}`;

/** One run: status, rule, event, when, and the error when it failed. */
export function executionSection(e: ExecutionItem, opts: TimeOptions) {
  const test = e.test_event ? " · 🧪 test event" : "";
  const head = `${STATUS_ICON[e.status] ?? "•"} *${ruleLabel(e.rule)}* on ${safeText(e.event_type ?? "an event", 100)} · run #${e.id}${test}`;
  const when = `${e.status} · ${formatMs(e.duration_ms)} · ${relative(e.created_at, opts.now)} (${formatTime(e.created_at, opts)})`;
  const error = e.error ? `\n>${safeText(oneLine(e.error), 800)}` : "";
  return section(`${head}\n${when}${error}`);
}

export function executionsBlocks(result: ExecutionsResult, opts: TimeOptions): Message {
  const hours = result.filter.since_hours;
  const span = hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? "" : "s"}` : `${hours} hours`;
  const filter = result.filter.status === "any" ? "" : ` · ${result.filter.status} only`;
  const note = result.note ? safeText(result.note, 1000) : "";
  if (result.total === 0) {
    const line = `No workflow runs in the last ${span}${filter ? ` with status ${result.filter.status}` : ""}.${note ? ` ${note}` : ""}`;
    return message(line, [section(line)]);
  }
  const shown = result.executions.slice(0, EXECUTIONS_MAX_ITEMS);
  const blocks: KnownBlock[] = [header(`Workflow runs · last ${span}${filter}`), context(countsLine(result.counts_by_status))];
  if (note) blocks.push(context(note));
  blocks.push(...shown.map((e) => executionSection(e, opts)));
  const hint = result.filter.status === "FAILED" ? "ask Maestro for the rest." : `\`${COMMAND} workflows failed\` for failures only.`;
  const more = moreNote(shown.length, result.total, hint, result.offset);
  if (more) blocks.push(context(more));
  const failed = result.counts_by_status.FAILED ?? 0;
  return message(`Workflow runs in the last ${span}: ${countsLine(result.counts_by_status)}${failed ? "" : " — no failures"}.`, blocks);
}

const yesNo = (b: boolean | null | undefined) => (b === null || b === undefined ? "—" : b ? "enabled" : "disabled");

export function executionDetailBlocks(result: ExecutionDetailResult, opts: TimeOptions): Message {
  const e = result.execution;
  const r = result.rule;
  const ev = result.event;
  const blocks: KnownBlock[] = [
    header(`${STATUS_ICON[e.status] ?? ""} Workflow run #${e.id} · ${e.status}`),
    section(result.what_the_rule_does ? safeText(result.what_the_rule_does, 1500) : "_What the rule does is not recorded._"),
    fields([
      `*Rule*\n${ruleLabel(r)}${r.id === null ? "" : ` (#${r.id})`}`,
      `*Trigger*\n${safeText(r.trigger_event_type ?? "—", 200)}`,
      `*Condition*\n${safeText(r.condition_summary ?? "—", 1500)}`,
      `*Action*\n${safeText(r.action_type ?? "—", 100)}`,
      `*When it ran*\n${formatTime(e.created_at, opts)} (${relative(e.created_at, opts.now)})`,
      `*Duration*\n${formatMs(e.duration_ms)}`,
      `*Rule then / now*\n${yesNo(r.enabled_when_run)} / ${result.rule_now ? yesNo(result.rule_now.enabled) : "deleted"}`,
      `*Event*\n${safeText(ev.event_type ?? "—", 100)}${ev.subject_type ? ` on ${safeText(ev.subject_type, 50)} ${safeText(String(ev.subject_id ?? ""), 100)}` : ""}${ev.test_event ? " · 🧪 test" : ""}`,
    ]),
  ];
  if (e.error) blocks.push(section(`*Error*\n${codeBlock(e.error, 2800)}`));
  if (result.rule_note) blocks.push(context(safeText(result.rule_note, 500)));
  blocks.push(divider());
  blocks.push(
    section(
      `*Action config*\n${codeBlock(compactJson(r.action_config), 1400)}\n*Event metadata*\n${codeBlock(compactJson(ev.metadata), 1400)}`,
    ),
  );
  if (result.action_result !== null && result.action_result !== undefined) {
    blocks.push(section(`*Action result*\n${codeBlock(compactJson(result.action_result), 2800)}`));
  }
  if (result.delivery) {
    const d = result.delivery;
    const sent = d.sent_at ? ` · sent ${formatTime(d.sent_at, opts)}` : "";
    const err = d.error ? ` · error: ${safeText(oneLine(d.error), 800)}` : "";
    const tries = d.attempts > 1 ? ` · ${d.attempts} tries` : "";
    blocks.push(
      context(
        `Delivery (${safeText(d.channel, 50)} outbox #${d.outbox_id}): ${safeText(d.status, 50)}${d.dry_run ? " · dry run" : ""}${sent}${tries}${err}`,
      ),
    );
  }
  const text = `Workflow run #${e.id} of ${r.name ?? "a rule"}: ${e.status}${e.error ? ` — ${clip(oneLine(e.error), 300)}` : ""}.`;
  return message(text, blocks);
}
