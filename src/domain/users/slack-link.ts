// A Slack user becomes a studio person: linked by email to someone the studio already has (imported, created through
// the API, seeded), or created from their Slack profile; a person Maestro had to create without a profile (a
// placeholder, e.g. a bootstrap admin named "Admin U…") takes their real name and email once the profile is known.
import type { Knex } from "knex";
import { insertAudit } from "../audit/audit-store.ts";
import { systemActor } from "../actor.ts";
import { AUDIT_ACTIONS } from "../vocabulary.ts";
import { findOrCreatePersonByEmail } from "./find-or-create-person.ts";
import { findUserByEmail, findUserBySlackId, type UserRow } from "./user-store.ts";

/** What Maestro reads of a Slack profile. `email` is absent without the users:read.email scope. */
export interface SlackProfile {
  slackUserId: string;
  name: string;
  email?: string;
}

/** The address a person gets while their Slack profile is unknown: never a real mailbox, and recognisably Maestro's. */
export const PLACEHOLDER_EMAIL_DOMAIN = "slack.maestro.invalid";
export const placeholderEmail = (slackUserId: string) => `${slackUserId.toLowerCase()}@${PLACEHOLDER_EMAIL_DOMAIN}`;
export const isPlaceholder = (user: Pick<UserRow, "email">) => user.email.toLowerCase().endsWith(`@${PLACEHOLDER_EMAIL_DOMAIN}`);

export type LinkOutcome = "linked" | "created" | "renamed" | "unchanged" | "unlinked";

/**
 * Links a Slack user to a person, in the caller's transaction. A person the studio entered keeps the name it gave them;
 * a placeholder takes the profile's name and (when nobody else has it) email. Without `create`, a Slack user whose
 * email matches nobody stays unlinked ("unlinked"): being in the workspace makes nobody a studio person by itself.
 */
export async function linkSlackUser(
  trx: Knex,
  profile: SlackProfile,
  at: Date,
  options: { create?: boolean } = {},
): Promise<{ user: UserRow | undefined; outcome: LinkOutcome }> {
  const known = await findUserBySlackId(trx, profile.slackUserId);
  if (known) return { user: known, outcome: isPlaceholder(known) ? await fillPlaceholder(trx, known, profile) : "unchanged" };
  const byEmail = profile.email ? await findUserByEmail(trx, profile.email) : undefined;
  if (byEmail && byEmail.slack_user_id === null) {
    return claimSlackId(trx, byEmail.id, profile, "email", at);
  }
  // The email belongs to another Slack user: never take it over; a person is created only on request, under a placeholder address.
  if (!options.create) return { user: undefined, outcome: "unlinked" };
  const email = profile.email && !byEmail ? profile.email : placeholderEmail(profile.slackUserId);
  const { person } = await findOrCreatePersonByEmail(trx, systemActor("system"), { email, name: profile.name }, at);
  return claimSlackId(trx, person.id, profile, "created", at);
}

/** Gives the person the Slack id unless someone linked them first (then whoever holds the id now is the answer). */
async function claimSlackId(trx: Knex, userId: number, profile: SlackProfile, how: "email" | "created", at: Date) {
  const [user] = (await trx("users")
    .where({ id: userId, slack_user_id: null })
    .update({ slack_user_id: profile.slackUserId })
    .returning("*")) as UserRow[];
  if (!user) return { user: await findUserBySlackId(trx, profile.slackUserId), outcome: "unchanged" as const };
  await audit(trx, user, profile, how, at);
  return { user, outcome: how === "email" ? ("linked" as const) : ("created" as const) };
}

async function fillPlaceholder(trx: Knex, user: UserRow, profile: SlackProfile): Promise<LinkOutcome> {
  const emailFree = profile.email ? !(await findUserByEmail(trx, profile.email)) : false;
  const changes = { name: profile.name, ...(emailFree ? { email: profile.email } : {}) };
  if (changes.name === user.name && !emailFree) return "unchanged";
  await trx("users").where({ id: user.id }).update(changes);
  return "renamed";
}

async function audit(trx: Knex, user: UserRow, profile: SlackProfile, how: "email" | "created", at: Date): Promise<void> {
  await insertAudit(
    trx,
    {
      actor: systemActor("system"),
      action: AUDIT_ACTIONS.userSlackLink,
      targetType: "user",
      targetId: user.id,
      details: { slack_user_id: profile.slackUserId, linked_by: how },
    },
    at,
  );
}
