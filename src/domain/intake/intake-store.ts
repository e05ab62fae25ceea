// SQL for intake_requests and their status history: the operator's queue.
import type { Knex } from "knex";
import type { ActorType, IntakeStatus } from "../vocabulary.ts";

export interface IntakeRow {
  id: number;
  contact_id: number | null;
  contact_name: string;
  email: string | null;
  audience: string | null;
  goals: string | null;
  status: IntakeStatus;
  owner_user_id: number | null;
  owner_name: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface HistoryRow {
  id: number;
  intake_id: number;
  from_status: IntakeStatus;
  to_status: IntakeStatus;
  note: string | null;
  actor_type: ActorType;
  actor_id: number | null;
  actor_name: string | null;
  created_at: Date;
}

const intakeColumns = [
  "i.id",
  "i.contact_id",
  "i.contact_name",
  "i.email",
  "i.audience",
  "i.goals",
  "i.status",
  "i.owner_user_id",
  "u.name as owner_name",
  "i.created_at",
  "i.updated_at",
];

export async function findIntake(db: Knex, id: number, options: { forUpdate?: boolean } = {}): Promise<IntakeRow | undefined> {
  if (options.forUpdate) await db("intake_requests").where({ id }).forUpdate().select("id");
  return db("intake_requests as i")
    .leftJoin("users as u", "u.id", "i.owner_user_id")
    .where("i.id", id)
    .first<IntakeRow | undefined>(intakeColumns);
}

export interface QueueQuery {
  statuses: readonly IntakeStatus[];
  ownerUserId?: number | null;
  limit: number;
  offset: number;
}

/** One page of the queue, oldest first, with the total matching and the count per status. */
export async function listQueue(db: Knex, query: QueueQuery) {
  const filtered = (q: Knex.QueryBuilder) => {
    q.whereIn("i.status", query.statuses as IntakeStatus[]);
    if (query.ownerUserId !== undefined) {
      if (query.ownerUserId === null) q.whereNull("i.owner_user_id");
      else q.where("i.owner_user_id", query.ownerUserId);
    }
    return q;
  };
  // Independent reads: on PostgreSQL the pool runs them in parallel (the counts walk every matching index entry,
  // the page stops at `limit`); PGlite serializes them.
  const [rows, counts] = await Promise.all([
    filtered(db("intake_requests as i").leftJoin("users as u", "u.id", "i.owner_user_id"))
      .orderBy([{ column: "i.created_at", order: "asc" }, { column: "i.id", order: "asc" }])
      .limit(query.limit)
      .offset(query.offset)
      .select<IntakeRow[]>(intakeColumns),
    filtered(db("intake_requests as i"))
      .groupBy("i.status")
      .select<{ status: IntakeStatus; n: number }[]>("i.status", db.raw("count(*)::int as n")),
  ]);
  return { rows, counts };
}

/**
 * The newest `limit` history entries of one intake and how many it has in all, in one statement: the window count
 * reads the intake's whole history, a handful of rows from intake_status_history_intake_idx.
 */
export async function historyOf(db: Knex, intakeId: number, limit: number): Promise<{ rows: HistoryRow[]; total: number }> {
  const rows = await db("intake_status_history as h")
    .leftJoin("users as u", "u.id", "h.actor_id")
    .where("h.intake_id", intakeId)
    .orderBy([{ column: "h.created_at", order: "desc" }, { column: "h.id", order: "desc" }])
    .limit(limit)
    .select<(HistoryRow & { total: number })[]>("h.*", "u.name as actor_name", db.raw("count(*) over ()::int as total"));
  return { rows: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
}

export async function bookingsOf(db: Knex, intakeId: number) {
  return db("bookings as b")
    .join("maestro_availability as a", "a.id", "b.availability_id")
    .where("b.intake_id", intakeId)
    .orderBy("a.start_at")
    .select<
      { booking_id: number; booking_status: string; slot_id: number; start_at: Date; end_at: Date; slot_status: string }[]
    >("b.id as booking_id", "b.status as booking_status", "a.id as slot_id", "a.start_at", "a.end_at", "a.status as slot_status");
}

export async function setIntakeStatus(trx: Knex, id: number, status: IntakeStatus, at: Date): Promise<void> {
  await trx("intake_requests").where({ id }).update({ status, updated_at: at });
}

export async function setIntakeOwner(trx: Knex, id: number, ownerUserId: number | null, at: Date): Promise<void> {
  await trx("intake_requests").where({ id }).update({ owner_user_id: ownerUserId, updated_at: at });
}

/** Touches updated_at so a pending decision about this intake sees that it changed. */
export async function touchIntake(trx: Knex, id: number, at: Date): Promise<void> {
  await trx("intake_requests").where({ id }).update({ updated_at: at });
}

export async function insertHistory(
  trx: Knex,
  entry: { intakeId: number; from: IntakeStatus; to: IntakeStatus; note: string | null; actorType: ActorType; actorId: number | null },
  at: Date,
): Promise<HistoryRow> {
  const [row] = await trx("intake_status_history")
    .insert({
      intake_id: entry.intakeId,
      from_status: entry.from,
      to_status: entry.to,
      note: entry.note,
      actor_type: entry.actorType,
      actor_id: entry.actorId,
      created_at: at,
    })
    .returning("*");
  return row as HistoryRow;
}
