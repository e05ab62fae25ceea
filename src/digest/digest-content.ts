// The digest's model: what a digest says, each part straight from a read tool's result, and the rules over it.
// Pure (no I/O): collect-digest.ts runs the tools, slack/blocks/digest.ts renders, digest_runs.content stores it.
import { localDate } from "../domain/local-time.ts";
import type { ToolOutput } from "../tools/catalogue.ts";

/** Items listed per section (and asked of each list tool); the rest are counted with the command that shows them. */
export const DIGEST_TOP = 5;
/** Days of activity the digest sums up. */
export const ACTIVITY_DAYS = 7;

/** A part of the digest, or why its tool failed (one failing tool never blanks the digest). */
export type DigestPart<T> = T | { error: string };

/** One headline number now and in the previous digest. */
export interface DigestChange {
  label: string;
  now: number;
  before: number;
}

type Slot = ToolOutput<"list_bookings">["slots"][number];

/**
 * What the digest shows, every number straight from a tool result (collect-digest.ts fills it; it is stored with
 * the posted run so the next digest can say what changed). A type, not an interface: it is stored as JSON.
 */
export type DigestContent = {
  version: 1;
  /** The digest's local day (YYYY-MM-DD) and zone. */
  localDate: string;
  timeZone: string;
  generatedAt: string;
  /** get_intake_queue {}: the open queue. */
  queue: DigestPart<{ total: number; counts_by_status: Record<string, number> }>;
  /** get_intake_queue { status: NEW }: oldest first, so items[0] is the oldest. */
  newIntakes: DigestPart<{ total: number; items: ToolOutput<"get_intake_queue">["intakes"] }>;
  /** list_role_requests { status: PENDING }: oldest first. */
  roleRequests: DigestPart<{ total: number; items: ToolOutput<"list_role_requests">["requests"] }>;
  /** list_workflow_executions { status: FAILED, since_hours: 24 }. */
  failures: DigestPart<{ total: number; items: ToolOutput<"list_workflow_executions">["executions"] }>;
  /** list_bookings over the local day: booked sessions and open slots. */
  today: DigestPart<{ booked: Slot[]; open: Slot[] }>;
  /** get_recent_activity { days: ACTIVITY_DAYS }. */
  activity: DigestPart<{ days: number; total: number; top: { event_type: string; count: number }[] }>;
  /** Against the previous posted digest; null for the first one. */
  changes: { previousDate: string; postedAt: string; figures: DigestChange[] } | null;
  /** One model-written sentence, checked against the numbers; absent when off or dropped. */
  summary?: string | null;
};

/** Each part from its tool's result. */
export const digestParts = {
  queue: (r: ToolOutput<"get_intake_queue">) => ({ total: r.total, counts_by_status: r.counts_by_status }),
  newIntakes: (r: ToolOutput<"get_intake_queue">) => ({ total: r.total, items: r.intakes }),
  roleRequests: (r: ToolOutput<"list_role_requests">) => ({ total: r.total, items: r.requests }),
  failures: (r: ToolOutput<"list_workflow_executions">) => ({ total: r.total, items: r.executions }),
  /** The slots starting on the digest's local day (the tool was asked for a window that covers it). */
  today: (r: ToolOutput<"list_bookings">, day: string, timeZone: string) => {
    const slots = r.slots.filter((s) => localDate(new Date(s.start_at), timeZone) === day);
    return { booked: slots.filter((s) => s.status === "BOOKED"), open: slots.filter((s) => s.status === "OPEN") };
  },
  activity: (r: ToolOutput<"get_recent_activity">) => ({
    days: ACTIVITY_DAYS,
    total: r.total,
    top: r.event_types.map((g) => ({ event_type: g.event_type, count: g.count })),
  }),
} satisfies { [K in keyof DigestContent]?: (...args: never[]) => DigestContent[K] };

/** A part whose tool failed. */
export const isPartError = <T extends object>(part: DigestPart<T>): part is { error: string } => "error" in part;

/** Nothing needs a decision: no untriaged intakes, no pending requests, no failures (and every part loaded). */
export function isQuiet(c: DigestContent): boolean {
  return [c.newIntakes, c.roleRequests, c.failures].every((p) => !isPartError(p) && p.total === 0);
}

/**
 * A posted run's stored content read back: version 1 is this shape. Only the version is checked: the content was
 * written by this code (posted-digest.ts storedContent) with that version.
 */
export const isDigestContent = (stored: Record<string, unknown>): stored is Record<string, unknown> & DigestContent => stored.version === 1;
