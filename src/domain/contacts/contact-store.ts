// SQL for contacts: the studio's people pipeline.
import type { Knex } from "knex";
import type { ContactStatus } from "../vocabulary.ts";

export interface ContactRow {
  id: number;
  name: string;
  email: string | null;
  status: ContactStatus;
  source: string | null;
  created_at: Date;
  updated_at: Date;
}

export async function findContact(db: Knex, id: number): Promise<ContactRow | undefined> {
  return db<ContactRow>("contacts").where({ id }).first();
}

export async function setContactStatus(trx: Knex, id: number, status: ContactStatus, at: Date): Promise<ContactRow | undefined> {
  const [row] = await trx<ContactRow>("contacts").where({ id }).update({ status, updated_at: at }).returning("*");
  return row as ContactRow | undefined;
}
