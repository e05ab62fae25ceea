// The calendar (list_bookings): slots grouped by local day in the studio time zone, with who booked them.
import type { KnownBlock } from "@slack/types";
import { dayKey, formatClock, formatDay, formatTime, type TimeOptions } from "./format.ts";
import { context, header, message, moreNote, section, type Message } from "./kit.ts";
import { LIMITS, oneLine, safeText } from "./limits.ts";
import { countsLine } from "./queue.ts";

import type { ToolOutput } from "../../tools/catalogue.ts";

type BookingsResult = ToolOutput<"list_bookings">;
export type Slot = BookingsResult["slots"][number];

/** Days shown (one section each) and slots shown in all; the rest are counted. */
export const BOOKING_MAX_DAYS = 30;
export const BOOKING_MAX_SLOTS = 120;

const STATUS_ICON: Record<string, string> = { OPEN: "🟢", BOOKED: "📌", CANCELLED: "✖️" };

/** "• 10:00–11:00 · BOOKED · Pat Prospect (intake 4) · slot 12" — the end gets its date when it is on another day. */
export function slotLine(s: Slot, opts: TimeOptions): string {
  const sameDay = dayKey(s.start_at, opts.timeZone) === dayKey(s.end_at, opts.timeZone);
  const end = sameDay ? formatClock(s.end_at, opts.timeZone) : formatTime(s.end_at, opts);
  const who = s.booking
    ? ` · ${safeText(oneLine(s.booking.contact_name ?? "someone"), 120)}${s.booking.intake_id === null ? "" : ` (intake ${s.booking.intake_id})`}`
    : "";
  return `${STATUS_ICON[s.status] ?? "•"} ${formatClock(s.start_at, opts.timeZone)}–${end} · ${s.status}${who} · slot ${s.id}`;
}

/** Lines joined until the section is full; the overflow is counted on the last line. */
export function fitLines(lines: readonly string[], max: number = LIMITS.sectionText): string {
  const out: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const reserve = i < lines.length - 1 ? 30 : 0;
    if (used + line.length + 1 + reserve > max) {
      out.push(`…and ${lines.length - i} more`);
      break;
    }
    out.push(line);
    used += line.length + 1;
  }
  return out.join("\n");
}

export function bookingBlocks(result: BookingsResult, opts: TimeOptions): Message {
  const window = `${formatTime(result.filter.from, opts)} to ${formatTime(result.filter.to, opts)}`;
  const filter = result.filter.status === "any" ? "" : ` (${result.filter.status} only)`;
  if (result.total === 0) {
    const line = `No slots from ${window}${filter}.`;
    return message(line, [section(line)]);
  }
  const slots = result.slots.slice(0, BOOKING_MAX_SLOTS);
  const days = new Map<string, Slot[]>();
  for (const s of slots) {
    const key = dayKey(s.start_at, opts.timeZone);
    days.set(key, [...(days.get(key) ?? []), s]);
  }
  const blocks: KnownBlock[] = [
    header(`Bookings · next ${result.filter.days} day${result.filter.days === 1 ? "" : "s"}${filter}`),
    context(`${countsLine(result.counts_by_status)} · ${window} (${opts.timeZone})`),
  ];
  let shownSlots = 0;
  for (const [, daySlots] of [...days].slice(0, BOOKING_MAX_DAYS)) {
    blocks.push(
      section(
        `*${formatDay(daySlots[0]!.start_at, opts)}*\n${fitLines(
          daySlots.map((s) => slotLine(s, opts)),
          LIMITS.sectionText - 60,
        )}`,
      ),
    );
    shownSlots += daySlots.length;
  }
  const more = moreNote(shownSlots, result.total, "ask Maestro for a narrower window.");
  if (more) blocks.push(context(more));
  const booked = result.counts_by_status.BOOKED ?? 0;
  return message(`${result.total} slot${result.total === 1 ? "" : "s"} from ${window}, ${booked} booked.`, blocks);
}
