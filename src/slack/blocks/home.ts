// The App Home tab: the operator snapshot of seed 001 §7 (queue, role requests, failures, bookings) and how to ask.
import type { HomeView, KnownBlock } from "@slack/types";
import { COMMAND, VIEWS } from "../ids.ts";
import { age, formatClock, formatTime, type TimeOptions } from "./format.ts";
import { capBlocks, context, divider, header, section } from "./kit.ts";
import { LIMITS, oneLine, safeText } from "./limits.ts";
import type { ToolOutput } from "../../tools/catalogue.ts";
import type { Finding } from "../../doctor/check.ts";
import { executionSection } from "./executions.ts";
import { setupPart } from "./home-setup.ts";
import { firstRunPart, type FirstRun } from "./home-first-run.ts";
import { countsLine, type QueueIntake } from "./queue.ts";
import { roleRequestItemBlocks } from "./role-requests.ts";

/** A part of the snapshot, or why it could not be loaded (one failing tool never blanks the whole tab). */
export type HomePart<T> = T | { error: string };

/**
 * What the Home tab shows, each part straight from a tool result:
 * - queue: get_intake_queue {} (the open queue's counts)
 * - oldestNew: get_intake_queue { status: "NEW", limit: 1 } → intakes[0] ?? null
 * - roleRequests: list_role_requests { limit: 5 }
 * - failures: list_workflow_executions { status: "FAILED", since_hours: 24, limit: 5 }
 * - bookings: list_bookings { status: "BOOKED", limit: 5 }
 */
export interface HomeSnapshot {
  queue: HomePart<Pick<ToolOutput<"get_intake_queue">, "total" | "counts_by_status">>;
  oldestNew: HomePart<QueueIntake | null>;
  roleRequests: HomePart<Pick<ToolOutput<"list_role_requests">, "total" | "requests">>;
  failures: HomePart<Pick<ToolOutput<"list_workflow_executions">, "total" | "executions">>;
  bookings: HomePart<Pick<ToolOutput<"list_bookings">, "total" | "slots">>;
  /** Admins only: the doctor's checks that need no network call (settings, time zones, the database's schema). */
  setup?: Finding[];
  /** Admins only: how far the studio's setup has come (the first-run checklist while any step is undone). */
  firstRun?: FirstRun;
}

export const HOME_TOP = 5;

const failed = <T extends object>(part: HomePart<T>): part is { error: string } => "error" in part;
const unavailable = (title: string, part: { error: string }) => section(`*${title}*\n⚠️ Could not load this: ${safeText(part.error, 500)}`);
const more = (shown: number, total: number, command: string) =>
  total > shown ? [context(`…and ${total - shown} more: \`${COMMAND} ${command}\``)] : [];

function queuePart(s: HomeSnapshot, opts: TimeOptions): KnownBlock[] {
  if (failed(s.queue)) return [unavailable("Intake queue", s.queue)];
  const oldest =
    s.oldestNew === null
      ? "No NEW intakes waiting."
      : failed(s.oldestNew)
        ? `Oldest NEW: could not load (${safeText(s.oldestNew.error, 300)}).`
        : `Oldest NEW: *${safeText(oneLine(s.oldestNew.contact_name), 150)}* (#${s.oldestNew.id}), waiting ${age(s.oldestNew.created_at, opts.now)}.`;
  if (s.queue.total === 0) return [section("*Intake queue*\nThe queue is empty.")];
  return [section(`*Intake queue* · ${s.queue.total} open\n${countsLine(s.queue.counts_by_status)}\n${oldest}`)];
}

function rolesPart(s: HomeSnapshot, opts: TimeOptions): KnownBlock[] {
  const title = "Pending role requests";
  if (failed(s.roleRequests)) return [unavailable(title, s.roleRequests)];
  if (s.roleRequests.total === 0) return [section(`*${title}*\nNo pending role requests.`)];
  const top = s.roleRequests.requests.slice(0, HOME_TOP);
  return [
    section(`*${title}* · ${s.roleRequests.total}`),
    ...top.flatMap((r) => roleRequestItemBlocks(r, opts)),
    ...more(top.length, s.roleRequests.total, "approvals"),
  ];
}

function failuresPart(s: HomeSnapshot, opts: TimeOptions): KnownBlock[] {
  const title = "Workflow failures · last 24 h";
  if (failed(s.failures)) return [unavailable(title, s.failures)];
  if (s.failures.total === 0) return [section(`*${title}*\nNo workflow failed in the last 24 hours.`)];
  const top = s.failures.executions.slice(0, HOME_TOP);
  return [
    section(`*${title}* · ${s.failures.total}`),
    ...top.map((e) => executionSection(e, opts)),
    ...more(top.length, s.failures.total, "workflows failed"),
  ];
}

function bookingsPart(s: HomeSnapshot, opts: TimeOptions): KnownBlock[] {
  const title = "Upcoming bookings";
  if (failed(s.bookings)) return [unavailable(title, s.bookings)];
  if (s.bookings.total === 0) return [section(`*${title}*\nNo upcoming bookings.`)];
  const lines = s.bookings.slots.slice(0, HOME_TOP).map((slot) => {
    const who = slot.booking ? safeText(oneLine(slot.booking.contact_name ?? "someone"), 120) : "open";
    const intake = slot.booking?.intake_id ? ` (intake ${slot.booking.intake_id})` : "";
    return `• ${formatTime(slot.start_at, opts)}–${formatClock(slot.end_at, opts.timeZone)} · ${who}${intake}`;
  });
  return [section(`*${title}* · ${s.bookings.total}\n${lines.join("\n")}`), ...more(lines.length, s.bookings.total, "bookings")];
}

export function homeView(snapshot: HomeSnapshot, opts: TimeOptions): HomeView {
  const commands = ["queue", "approvals", "bookings", "workflows failed", "rules", "funnel", "health", "help"].map(
    (c) => `\`${COMMAND} ${c}\``,
  );
  const blocks: KnownBlock[] = [
    header("Maestro · studio snapshot"),
    context(`Updated ${formatTime(opts.now, opts)} (${opts.timeZone})`),
    ...firstRunPart(snapshot.firstRun),
    ...setupPart(snapshot.setup),
    ...queuePart(snapshot, opts),
    divider(),
    ...rolesPart(snapshot, opts),
    divider(),
    ...failuresPart(snapshot, opts),
    divider(),
    ...bookingsPart(snapshot, opts),
    divider(),
    section(
      "💬 *Ask me anything* in the *Messages* tab — for example “What's in my intake queue?” or “Did the workflows run cleanly today?”",
    ),
    context(`Quick commands: ${commands.join(" · ")}`),
  ];
  return { type: "home", callback_id: VIEWS.home, blocks: capBlocks(blocks, LIMITS.viewBlocks) };
}
