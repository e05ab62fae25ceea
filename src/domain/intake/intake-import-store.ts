// SQL for importing intakes many at a time: a batch's existing intakes by email, new intakes and their first history rows.
import type { Knex } from "knex";
import type { ActorType, IntakeStatus } from "../vocabulary.ts";

export interface ImportedIntakeRow {
  id: number;
  email: string;
  contact_name: string;
  audience: string | null;
  goals: string | null;
  status: IntakeStatus;
  created_at: Date;
}

/** Every intake of the given emails (lower-cased), oldest first, grouped by email. */
export async function findIntakesByEmails(trx: Knex, emailKeys: readonly string[]): Promise<Map<string, ImportedIntakeRow[]>> {
  const byEmail = new Map<string, ImportedIntakeRow[]>();
  if (!emailKeys.length) return byEmail;
  const rows = await trx<ImportedIntakeRow>("intake_requests")
    .whereRaw(`lower(email) in (${emailKeys.map(() => "?").join(", ")})`, [...emailKeys])
    .orderBy("id", "asc")
    .select("id", "email", "contact_name", "audience", "goals", "status", "created_at");
  for (const row of rows) {
    const key = row.email.toLowerCase();
    byEmail.set(key, [...(byEmail.get(key) ?? []), row]);
  }
  return byEmail;
}

export interface NewIntake {
  contact_id: number;
  contact_name: string;
  email: string;
  audience: string | null;
  goals: string | null;
  status: IntakeStatus;
  created_at: Date;
  updated_at: Date;
}

/** Inserts the intakes in one statement; returns their ids in the order given. */
export async function insertIntakes(trx: Knex, intakes: readonly NewIntake[]): Promise<number[]> {
  if (!intakes.length) return [];
  const rows = (await trx("intake_requests")
    .insert(intakes as NewIntake[])
    .returning("id")) as { id: number }[];
  // PostgreSQL returns a VALUES list's rows in order: the ids follow the intakes given.
  return rows.map((r) => r.id);
}

export async function updateIntakeFields(
  trx: Knex,
  id: number,
  fields: Partial<Pick<ImportedIntakeRow, "contact_name" | "audience" | "goals">>,
  at: Date,
): Promise<void> {
  await trx("intake_requests")
    .where({ id })
    .update({ ...fields, updated_at: at });
}

/** The first history row of each imported intake: how it entered the pipeline and at which status. */
export async function insertImportHistory(
  trx: Knex,
  entries: readonly { intakeId: number; to: IntakeStatus; note: string; at: Date }[],
  actor: { type: ActorType; id: number | null },
): Promise<void> {
  if (!entries.length) return;
  await trx("intake_status_history").insert(
    entries.map((e) => ({
      intake_id: e.intakeId,
      from_status: "NEW",
      to_status: e.to,
      note: e.note,
      actor_type: actor.type,
      actor_id: actor.id,
      created_at: e.at,
    })),
  );
}
