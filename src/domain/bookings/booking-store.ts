// SQL for bookings: the row that holds a slot for an intake (at most one CONFIRMED per slot: bookings_one_confirmed_uq).
import type { Knex } from "knex";

export interface BookingRow {
  id: number;
  availability_id: number;
  intake_id: number | null;
  status: "CONFIRMED" | "CANCELLED";
  created_at: Date;
}

/**
 * A CONFIRMED booking of the slot, or null when the slot already holds one: ON CONFLICT against the partial unique
 * index, so a race the slot's lock did not stop ends as "nothing inserted" instead of an aborted transaction.
 */
export async function insertConfirmedBooking(
  trx: Knex,
  booking: { slotId: number; intakeId: number },
  at: Date,
): Promise<BookingRow | null> {
  const result = await trx.raw<{ rows: BookingRow[] }>(
    `insert into bookings (availability_id, intake_id, status, created_at) values (?, ?, 'CONFIRMED', ?)
     on conflict (availability_id) where status = 'CONFIRMED' do nothing
     returning id, availability_id, intake_id, status, created_at`,
    [booking.slotId, booking.intakeId, at],
  );
  return result.rows[0] ?? null;
}
