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

/** The columns of an IntakeRow, from intake_requests as i left-joined to users as u (the owner). */
export const intakeColumns = [
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
  // Independent reads: on PostgreSQL the pool runs them in parallel (measured faster than one statement carrying
  // both); PGlite serializes them.
  const [rows, counts] = await Promise.all([
    filtered(db("intake_requests as i").leftJoin("users as u", "u.id", "i.owner_user_id"))
      .orderBy([
        { column: "i.created_at", order: "asc" },
        { column: "i.id", order: "asc" },
      ])
      .limit(query.limit)
      .offset(query.offset)
      .select<IntakeRow[]>(intakeColumns),
    // intake_request_counts (kept by triggers, migration 004): a few rows per status and owner, where counting
    // intake_requests walks every matching intake's index entry.
    filtered(db("intake_request_counts as i"))
      .groupBy("i.status")
      .select<{ status: IntakeStatus; n: number }[]>("i.status", db.raw("sum(i.n)::int as n")),
  ]);
  return { rows, counts };
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

/** How many notes an intake's history holds (any entry with a note: plain notes and status changes that gave a reason). */
export async function countNotes(db: Knex, intakeId: number): Promise<number> {
  const row = await db("intake_status_history")
    .where({ intake_id: intakeId })
    .whereNotNull("note")
    .count<{ n: number | string }[]>({ n: "*" })
    .first();
  return Number(row?.n ?? 0);
}
