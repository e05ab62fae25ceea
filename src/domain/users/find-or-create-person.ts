// The person (a users row) with an email, created when there is none: how the studio API, the CSV import and Slack
// profiles arrive at the same person. One row per email whatever its case (users_email_lower_uq, migration 028).
import type { Knex } from "knex";
import type { Actor } from "../actor.ts";
import { invalidInput } from "../errors.ts";
import { recordChange } from "../record-change.ts";
import { storableText } from "../untrusted-text.ts";
import { AUDIT_ACTIONS } from "../vocabulary.ts";
import { findUserByEmail, insertUserUnlessEmailTaken, type UserRow } from "./user-store.ts";

export const MAX_EMAIL_LENGTH = 254;
export const MAX_PERSON_NAME_LENGTH = 200;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The email as stored and compared: trimmed and lower-cased (people type their address in any case). */
export function normalizeEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (normalized.length > MAX_EMAIL_LENGTH || !EMAIL_SHAPE.test(normalized)) {
    throw invalidInput(`"${email.slice(0, 80)}" is not an email address; nothing was changed.`, { field: "email" });
  }
  return normalized;
}

export interface PersonFound {
  person: UserRow;
  /** True when this call created the row (and wrote its user.create audit row). */
  created: boolean;
}

/**
 * Finds the person with `email` (any case) or creates one named `name` (the email itself when no name is known:
 * never a guess). Runs inside the caller's transaction; a concurrent create of the same email ends in one row.
 */
export async function findOrCreatePersonByEmail(
  trx: Knex,
  actor: Actor,
  input: { email: string; name?: string | null },
  at: Date,
): Promise<PersonFound> {
  const email = normalizeEmail(input.email);
  const existing = await findUserByEmail(trx, email);
  if (existing) return { person: existing, created: false };
  const name = storableText(input.name?.trim() ?? "").slice(0, MAX_PERSON_NAME_LENGTH) || email;
  const person = await insertUserUnlessEmailTaken(trx, { name, email }, at);
  if (!person) {
    // Someone created it between our read and our insert: theirs is the person.
    const theirs = await findUserByEmail(trx, email);
    if (!theirs) throw new Error(`users row for ${email} neither inserted nor found`);
    return { person: theirs, created: false };
  }
  await recordChange(
    trx,
    { actor, action: AUDIT_ACTIONS.userCreate, target: { type: "user", id: person.id }, details: { email, name } },
    at,
  );
  return { person, created: true };
}
