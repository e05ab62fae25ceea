// SQL for a new intake row (the studio API, the CSV import): the queue's newest entry, status NEW.
import type { Knex } from "knex";
import type { IntakeRow } from "./intake-store.ts";

export interface NewIntake {
  contactId: number;
  contactName: string;
  email: string;
  audience: string | null;
  goals: string | null;
}

export async function insertIntakeRow(trx: Knex, intake: NewIntake, at: Date): Promise<IntakeRow> {
  const [row] = await trx("intake_requests")
    .insert({
      contact_id: intake.contactId,
      contact_name: intake.contactName,
      email: intake.email,
      audience: intake.audience,
      goals: intake.goals,
      status: "NEW",
      created_at: at,
      updated_at: at,
    })
    .returning(["id", "contact_id", "contact_name", "email", "audience", "goals", "status", "owner_user_id", "created_at", "updated_at"]);
  return { ...(row as Omit<IntakeRow, "owner_name">), owner_name: null };
}
