// Marketing reads: the funnel (get_funnel_stats), activity (get_recent_activity), contacts and content searches.
import type { KnownBlock } from "@slack/types";
import { fitLines } from "./bookings.ts";
import { formatTime, percent, relative, signed, type TimeOptions } from "./format.ts";
import { context, fields, header, message, section, type Message } from "./kit.ts";
import { oneLine, safeText } from "./limits.ts";
import { countsLine } from "./queue.ts";

import type { ToolOutput } from "../../tools/catalogue.ts";

type Window = ToolOutput<"get_funnel_stats">["window"];

const days = (n: number) => `last ${n} day${n === 1 ? "" : "s"}`;
const windowLine = (w: Window, opts: TimeOptions) => `${formatTime(w.start, opts)} to ${formatTime(w.end, opts)}`;
const change = (points: number | null) => (points === null ? "" : ` (${signed(points, " pts")})`);

export function funnelBlocks(result: ToolOutput<"get_funnel_stats">, opts: TimeOptions): Message {
  const w = result.window;
  const c = result.change_vs_previous;
  const r = result.rates;
  const vs = `${signed(c.total_intakes)} vs the ${w.days} days before${c.total_intakes_pct === null ? "" : `, ${signed(c.total_intakes_pct, "%")}`}`;
  const blocks: KnownBlock[] = [
    header(`Funnel · ${days(w.days)}`),
    section(
      `*${result.total_intakes}* intake${result.total_intakes === 1 ? "" : "s"} created (${vs}).\n${countsLine(result.counts_by_status)}`,
    ),
    fields([
      `*New → qualified*\n${percent(r.new_to_qualified_pct)}${change(c.new_to_qualified_points)}`,
      `*Qualified → booked*\n${percent(r.qualified_to_booked_pct)}${change(c.qualified_to_booked_points)}`,
      `*New → booked*\n${percent(r.new_to_booked_pct)}`,
      `*Rejected*\n${percent(r.rejection_pct)}${change(c.rejection_points)}`,
      `*Reached qualified*\n${result.stages.reached_qualified}`,
      `*Reached booked*\n${result.stages.reached_booked}`,
    ]),
    context(`${windowLine(w, opts)} · — means nothing to divide by · point changes vs the previous window`),
  ];
  if (result.note) blocks.push(context(safeText(result.note, 500)));
  const text = `Funnel, ${days(w.days)}: ${result.total_intakes} intakes; new→qualified ${percent(r.new_to_qualified_pct)}, qualified→booked ${percent(r.qualified_to_booked_pct)}, rejected ${percent(r.rejection_pct)}.`;
  return message(text, blocks);
}

export function activityBlocks(result: ToolOutput<"get_recent_activity">, opts: TimeOptions): Message {
  const w = result.window;
  const note = safeText(result.note, 500);
  if (result.total === 0) {
    const line = `Nothing happened in the ${days(w.days)}. ${note}`;
    return message(line, [section(line)]);
  }
  const lines = result.event_types.map(
    (g) =>
      `• *${safeText(g.event_type, 100)}* — ${g.count.toLocaleString("en-GB")}${g.last_at ? ` · last ${relative(g.last_at, opts.now)}` : ""}`,
  );
  const more =
    result.event_types_total > result.event_types.length
      ? `\n…and ${result.event_types_total - result.event_types.length} more event types`
      : "";
  const blocks: KnownBlock[] = [
    header(`Activity · ${days(w.days)}`),
    section(`*${result.total.toLocaleString("en-GB")}* events of ${result.event_types_total} types\n${fitLines(lines, 2800)}${more}`),
    context(`${windowLine(w, opts)} · ${note}`),
  ];
  return message(`Activity, ${days(w.days)}: ${result.total} events of ${result.event_types_total} types.`, blocks);
}

export function contactsBlocks(result: ToolOutput<"get_contact_summary">): Message {
  const source = result.filter.source === "any" ? null : oneLine(result.filter.source);
  const filter = source === null ? "" : ` from ${source}`;
  if (result.total === 0) {
    const line = result.note ?? `No contacts${filter}.`;
    return message(line, [section(safeText(line, 1000))]);
  }
  const sources = result.top_sources.length
    ? result.top_sources.map((s) => `• ${safeText(oneLine(s.source), 100)} — ${s.contacts.toLocaleString("en-GB")}`).join("\n")
    : "_No sources recorded._";
  const blocks: KnownBlock[] = [
    header(source === null ? "Contacts" : `Contacts · source ${source}`),
    section(
      `*${result.total.toLocaleString("en-GB")}* contacts${safeText(filter, 120)} · ${result.new_last_30_days.toLocaleString("en-GB")} added in the last 30 days`,
    ),
    fields(Object.entries(result.counts_by_status).map(([status, n]) => `*${status}*\n${n.toLocaleString("en-GB")}`)),
    section(`*Top sources*\n${sources}`),
  ];
  return message(`${result.total} contacts${filter} (${countsLine(result.counts_by_status)}).`, blocks);
}

export function searchesBlocks(result: ToolOutput<"get_content_search_log">, opts: TimeOptions): Message {
  const w = result.window;
  if (result.total_searches === 0) {
    const line = result.note ?? `Nobody searched in the ${days(w.days)}.`;
    return message(line, [section(safeText(line, 1000))]);
  }
  const q = (text: string | null) => `“${safeText(oneLine(text ?? ""), 100)}”`;
  const top = result.top_queries.map(
    (t) =>
      `• ${q(t.query)} — ${t.searches}× · ${t.avg_results === null ? "—" : Math.round(t.avg_results * 10) / 10} results on average${t.zero_result_searches ? ` · ${t.zero_result_searches} found nothing` : ""}`,
  );
  const zero = result.zero_result_queries.map((t) => `• ${q(t.query)} — ${t.searches}×`);
  const blocks: KnownBlock[] = [
    header(`Content searches · ${days(w.days)}`),
    section(
      `*${result.total_searches.toLocaleString("en-GB")}* searches, ${result.distinct_queries.toLocaleString("en-GB")} distinct, ${result.zero_result_searches.toLocaleString("en-GB")} found nothing`,
    ),
    section(`*Top queries*\n${fitLines(top, 2800)}`),
    section(`*Found nothing (content gaps)*\n${zero.length ? fitLines(zero, 2800) : "_None: every query found something._"}`),
    context(windowLine(w, opts)),
  ];
  return message(
    `Content searches, ${days(w.days)}: ${result.total_searches} searches, ${result.zero_result_searches} found nothing.`,
    blocks,
  );
}
