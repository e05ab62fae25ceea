// Site diagnostics: the health check (run_health_check, ✅/⚠️/❌ per check) and the audit log (get_audit_log).
import type { KnownBlock } from "@slack/types";
import { COMMAND } from "../ids.ts";
import { formatTime, relative, type TimeOptions } from "./format.ts";
import { context, header, message, moreNote, section, type Message } from "./kit.ts";
import { codeBlock, escapeMrkdwn, oneLine, safeText } from "./limits.ts";

import type { ToolOutput } from "../../tools/catalogue.ts";

type AuditEntry = ToolOutput<"get_audit_log">["entries"][number];

export const HEALTH_ICON: Record<string, string> = { pass: "✅", warn: "⚠️", fail: "❌" };
const HEALTH_MAX_CHECKS = 40;
export const AUDIT_MAX_ITEMS = 20;

export function healthBlocks(result: ToolOutput<"run_health_check">, opts: TimeOptions): Message {
  const icon = HEALTH_ICON[result.overall] ?? "❔";
  const checks = result.checks.slice(0, HEALTH_MAX_CHECKS);
  const blocks: KnownBlock[] = [
    header(`${icon} Health: ${result.overall}`),
    section(safeText(result.summary, 2000)),
    ...checks.map((c) => section(`${HEALTH_ICON[c.status] ?? "❔"} *${safeText(c.name, 100)}* — ${safeText(oneLine(c.detail), 2500)}`)),
    context(`Checked ${formatTime(result.checked_at, opts)}`),
  ];
  if (!checks.length) blocks.splice(2, 0, section("_No checks ran._"));
  return message(`Health: ${result.overall}. ${result.summary}`, blocks);
}

function filterText(f: ToolOutput<"get_audit_log">["filter"]): string {
  const parts = [
    f.action !== "any" && `action ${f.action}`,
    f.actor_type !== "any" && `actor ${f.actor_type}`,
    f.target_type !== "any" && `target ${f.target_type}`,
    f.since !== "all time" && `since ${f.since}`,
  ].filter((p): p is string => typeof p === "string");
  return parts.length ? parts.join(", ") : "";
}

export function auditEntrySection(e: AuditEntry, opts: TimeOptions) {
  const who = e.actor.name ? oneLine(e.actor.name) : e.actor.type === "SYSTEM" ? "Maestro" : `${e.actor.type} ${e.actor.id ?? "?"}`;
  const target = e.target.type
    ? ` on ${safeText(e.target.type, 50)}${e.target.id === null ? "" : ` ${safeText(String(e.target.id), 60)}`}`
    : "";
  const via = e.path ? ` via ${safeText(e.path, 30)}` : "";
  const head = `*${safeText(e.action, 100)}*${target} — ${safeText(who, 100)} (${e.actor.type})${via}`;
  const when = `${formatTime(e.at, opts)} · ${relative(e.at, opts.now)} · #${e.id}`;
  return section(`${head}\n${when}${e.details ? `\n${codeBlock(e.details, 1200)}` : ""}`);
}

export function auditBlocks(result: ToolOutput<"get_audit_log">, opts: TimeOptions): Message {
  const filter = filterText(result.filter);
  if (result.total === 0) {
    const line = `No audit entries${filter ? ` match ${filter}` : " yet"}.${result.hint ? ` ${result.hint}` : ""}`;
    return message(line, [section(safeText(line, 2900))]);
  }
  const shown = result.entries.slice(0, AUDIT_MAX_ITEMS);
  const blocks: KnownBlock[] = [header("Audit log · newest first")];
  if (filter) blocks.push(context(`Filter: ${safeText(filter, 500)}`));
  blocks.push(...shown.map((e) => auditEntrySection(e, opts)));
  const hint = `\`${COMMAND} audit <n>\` or ask Maestro to filter.`;
  const more = result.total_is_lower_bound
    ? `Showing ${shown.length} of ${result.total.toLocaleString("en-GB")}+ — ${escapeMrkdwn(hint)}`
    : moreNote(shown.length, result.total, hint);
  if (more) blocks.push(context(more));
  const count = result.total_is_lower_bound
    ? `${result.total.toLocaleString("en-GB")}+ entries`
    : `${result.total} entr${result.total === 1 ? "y" : "ies"}`;
  return message(`Audit log: ${count}${filter ? ` (${filter})` : ""}.`, blocks);
}
