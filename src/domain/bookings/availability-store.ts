// SQL for maestro_availability slots and the confirmed booking each one holds: the studio's calendar.
import type { Knex } from "knex";
import type { SlotStatus } from "../vocabulary.ts";

export interface SlotRow {
  id: number;
  start_at: Date;
  end_at: Date;
  status: SlotStatus;
  created_at: Date;
  updated_at: Date;
  /** The slot's CONFIRMED booking, when it has one (at most one: bookings_one_confirmed_uq). */
  booking_id: number | null;
  booking_status: string | null;
  intake_id: number | null;
  contact_name: string | null;
}

const slotColumns = [
  "a.id",
  "a.start_at",
  "a.end_at",
  "a.status",
  "a.created_at",
  "a.updated_at",
  "b.id as booking_id",
  "b.status as booking_status",
  "b.intake_id",
  "i.contact_name",
];

// Only the confirmed booking is joined: that lookup is answered by the partial unique index on
// bookings (availability_id) where status = 'CONFIRMED'; bookings has no plain availability_id index.
const withBooking = (db: Knex) =>
  db("maestro_availability as a")
    .leftJoin("bookings as b", (join) => {
      join.on("b.availability_id", "=", "a.id").andOnVal("b.status", "=", "CONFIRMED");
    })
    .leftJoin("intake_requests as i", "i.id", "b.intake_id");

export async function findSlot(db: Knex, id: number, options: { forUpdate?: boolean } = {}): Promise<SlotRow | undefined> {
  if (options.forUpdate) await db("maestro_availability").where({ id }).forUpdate().select("id");
  return withBooking(db).where("a.id", id).first<SlotRow | undefined>(slotColumns);
}

export interface SlotWindow {
  from: Date;
  to: Date;
  status?: SlotStatus;
  limit: number;
}

/** Slots starting in [from, to), by start time; a range scan of maestro_availability_start_idx. */
export async function listSlots(db: Knex, window: SlotWindow): Promise<SlotRow[]> {
  const q = withBooking(db).where("a.start_at", ">=", window.from).andWhere("a.start_at", "<", window.to);
  if (window.status) q.andWhere("a.status", window.status);
  return q
    .orderBy([
      { column: "a.start_at", order: "asc" },
      { column: "a.id", order: "asc" },
    ])
    .limit(window.limit)
    .select<SlotRow[]>(slotColumns);
}

/** Slots per status starting in [from, to). */
export async function countSlotsByStatus(db: Knex, window: Pick<SlotWindow, "from" | "to">) {
  return db("maestro_availability")
    .where("start_at", ">=", window.from)
    .andWhere("start_at", "<", window.to)
    .groupBy("status")
    .select<{ status: SlotStatus; n: number }[]>("status", db.raw("count(*)::int as n"));
}

/**
 * OPEN or BOOKED slots overlapping [start, end). `lookbackMs` bounds how long before `start` an
 * overlapping slot may begin, so the scan is an index range on (status, start_at) instead of every
 * past slot; callers pass the longest slot the calendar allows.
 */
export async function findOverlapping(
  db: Knex,
  span: { start: Date; end: Date; lookbackMs: number },
  limit = 3,
): Promise<Pick<SlotRow, "id" | "start_at" | "end_at" | "status">[]> {
  return db("maestro_availability")
    .whereIn("status", ["OPEN", "BOOKED"])
    .andWhere("start_at", ">", new Date(span.start.getTime() - span.lookbackMs))
    .andWhere("start_at", "<", span.end)
    .andWhere("end_at", ">", span.start)
    .orderBy("start_at")
    .limit(limit)
    .select("id", "start_at", "end_at", "status");
}

export async function insertSlot(trx: Knex, span: { start: Date; end: Date }, at: Date): Promise<SlotRow> {
  const [row] = await trx("maestro_availability")
    .insert({ start_at: span.start, end_at: span.end, status: "OPEN", created_at: at, updated_at: at })
    .returning("*");
  return { ...(row as SlotRow), booking_id: null, booking_status: null, intake_id: null, contact_name: null };
}

/** Sets the status only if it is still `expected`; false when someone changed it first. */
export async function setSlotStatus(trx: Knex, id: number, expected: SlotStatus, status: SlotStatus, at: Date): Promise<boolean> {
  const updated = await trx("maestro_availability").where({ id, status: expected }).update({ status, updated_at: at }).returning("id");
  return updated.length === 1;
}

const CALENDAR_LOCK_KEY = 727_301;

/** Serializes slot creation for the overlap check (PostgreSQL; PGlite is one session and never waits). */
export async function lockCalendar(trx: Knex): Promise<void> {
  await trx.raw("select pg_advisory_xact_lock(?)", [CALENDAR_LOCK_KEY]);
}
