// The digest's numbers as named figures, and what changed since the previous posted digest's stored content.
import type { DigestContent, DigestPart } from "./digest-content.ts";

/** The headline figures compared from one digest to the next, with the words the digest uses for them. */
export const CHANGE_LABELS = {
  open_queue: "open queue",
  new_untriaged: "new",
  pending_role_requests: "approvals",
  workflow_failures_24h: "failures",
} as const;
type ChangeKey = keyof typeof CHANGE_LABELS;

const total = (part: DigestPart<{ total: number }> | undefined): number | undefined =>
  part && typeof part === "object" && !("error" in part) && typeof part.total === "number" ? part.total : undefined;

/** The headline figures of a digest's content; a part whose tool failed is left out (never guessed). */
export function headlineFigures(c: Partial<DigestContent>): Partial<Record<ChangeKey, number>> {
  const out: Partial<Record<ChangeKey, number>> = {};
  const put = (key: ChangeKey, value: number | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  put("open_queue", total(c.queue));
  put("new_untriaged", total(c.newIntakes));
  put("pending_role_requests", total(c.roleRequests));
  put("workflow_failures_24h", total(c.failures));
  return out;
}

/**
 * Every number the digest states, by name: what the optional summary may use. Only figures a tool
 * returned (or differences between two of them) appear here.
 */
export function digestFigures(c: DigestContent): Record<string, number> {
  const out: Record<string, number> = { ...headlineFigures(c) };
  if (!("error" in c.queue)) for (const [status, n] of Object.entries(c.queue.counts_by_status)) out[`queue_${status.toLowerCase()}`] = n;
  if (!("error" in c.newIntakes) && c.newIntakes.items[0]) out.oldest_new_intake_age_days = c.newIntakes.items[0].age_days;
  if (!("error" in c.today)) {
    out.bookings_today = c.today.booked.length;
    out.open_slots_today = c.today.open.length;
  }
  if (!("error" in c.activity)) {
    out.activity_events = c.activity.total;
    out.activity_window_days = c.activity.days;
  }
  out.failures_window_hours = 24;
  for (const f of c.changes?.figures ?? []) out[`change_${f.label.replace(/\W+/g, "_")}`] = f.now - f.before;
  return out;
}

/** The stored content of the previous posted digest (unknown JSON from the database) against this one. */
export function changesSince(
  current: DigestContent,
  previous: { content: unknown; postedAt: Date; localDate: string } | undefined,
): DigestContent["changes"] {
  if (!previous || !previous.content || typeof previous.content !== "object") return null;
  const before = headlineFigures(previous.content as Partial<DigestContent>);
  const now = headlineFigures(current);
  const figures = (Object.keys(CHANGE_LABELS) as ChangeKey[])
    .filter((k) => now[k] !== undefined && before[k] !== undefined)
    .map((k) => ({ label: CHANGE_LABELS[k], now: now[k]!, before: before[k]! }));
  return { previousDate: previous.localDate, postedAt: previous.postedAt.toISOString(), figures };
}
