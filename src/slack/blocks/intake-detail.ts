// One intake in full (get_intake_detail): fields, goals, the status history as a timeline, and its bookings.
import type { KnownBlock } from "@slack/types";
import { formatClock, formatTime, type TimeOptions } from "./format.ts";
import { context, divider, fields, header, message, moreNote, section, type Message } from "./kit.ts";
import { clip, LIMITS, oneLine, safeText } from "./limits.ts";
import { ownerName } from "./queue.ts";

import type { ToolOutput } from "../../tools/catalogue.ts";

type IntakeDetailResult = ToolOutput<"get_intake_detail">;

/** History entries shown (one context block each); the rest are counted. */
export const HISTORY_MAX_ITEMS = 15;
const BOOKINGS_MAX_ITEMS = 10;

const actorName = (a: IntakeDetailResult["history"][number]["actor"]) =>
  a.name ? oneLine(a.name) : a.type === "SYSTEM" ? "Maestro" : `${a.type.toLowerCase()} ${a.id ?? "?"}`;

function historyLine(h: IntakeDetailResult["history"][number], opts: TimeOptions): string {
  const what =
    h.kind === "note" || h.from_status === h.to_status ? `📝 Note (${h.to_status})` : `*${h.from_status ?? "—"} → ${h.to_status}*`;
  const note = h.note ? ` — ${safeText(oneLine(h.note), 1500)}` : "";
  return `${what} by ${safeText(actorName(h.actor), 100)} · ${formatTime(h.at, opts)}${note}`;
}

function bookingLine(b: IntakeDetailResult["bookings"][number], opts: TimeOptions): string {
  return `• ${formatTime(b.start_at, opts)}–${formatClock(b.end_at, opts.timeZone)} · booking ${b.booking_status} · slot ${b.slot_id} (${b.slot_status})`;
}

export function intakeDetailBlocks(result: IntakeDetailResult, opts: TimeOptions): Message {
  const i = result.intake;
  const name = oneLine(i.contact_name);
  const blocks: KnownBlock[] = [
    header(`${clip(name, 120)} · ${i.status}`),
    fields([
      `*Status*\n${i.status}`,
      `*Owner*\n${safeText(ownerName(i.owner), 200)}`,
      `*Email*\n${i.email ? safeText(i.email, 300) : "—"}`,
      `*Audience*\n${i.audience ? safeText(oneLine(i.audience), 300) : "—"}`,
      `*Created*\n${formatTime(i.created_at, opts)}`,
      `*Updated*\n${formatTime(i.updated_at, opts)}`,
      `*Intake*\n#${i.id}`,
      `*Contact*\n${i.contact_id === null ? "—" : `#${i.contact_id}`}`,
    ]),
    section(`*Goals*\n${i.goals ? `>${safeText(i.goals, LIMITS.sectionText - 20).replace(/\n/g, "\n>")}` : "_none given_"}`),
    divider(),
  ];
  const history = result.history.slice(0, HISTORY_MAX_ITEMS);
  blocks.push(section(`*History* (newest first)${history.length ? "" : "\n_No status changes or notes yet._"}`));
  blocks.push(...history.map((h) => context(historyLine(h, opts))));
  const more = moreNote(history.length, result.history_total, "ask Maestro for the full history.");
  if (more) blocks.push(context(more));
  const bookings = result.bookings.slice(0, BOOKINGS_MAX_ITEMS);
  const bookingText = bookings.length
    ? bookings.map((b) => bookingLine(b, opts)).join("\n") +
      (result.bookings.length > bookings.length ? `\n…and ${result.bookings.length - bookings.length} more` : "")
    : "_No bookings._";
  blocks.push(section(`*Bookings*\n${bookingText}`));
  const text = `Intake #${i.id}: ${name}, ${i.status}, owner ${ownerName(i.owner)}.`;
  return message(text, blocks);
}
