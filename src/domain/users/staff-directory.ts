// Who a Slack user is in the studio: the users row, live roles, and whether they may use Maestro;
// and the start-up bootstrap of ADMIN users from MAESTRO_ADMIN_SLACK_IDS.
import type { Knex } from "knex";
import { insertAudit } from "../audit/audit-store.ts";
import { systemActor } from "../actor.ts";
import { AUDIT_ACTIONS } from "../vocabulary.ts";
import { linkSlackUser, placeholderEmail, type SlackProfile } from "./slack-link.ts";
import { findUserByEmail, findUserBySlackId, findUserWithRolesBySlackId, isStaffRoleSet, type UserRow } from "./user-store.ts";

export interface SlackPerson {
  user: UserRow;
  roles: string[];
  isStaff: boolean;
}

/** Read fresh on every request (no cache): a revoked role stops working at the person's next click. */
export async function resolveSlackUser(db: Knex, slackUserId: string): Promise<SlackPerson | undefined> {
  const found = await findUserWithRolesBySlackId(db, slackUserId);
  if (!found) return undefined;
  const { roles, ...user } = found;
  return { user, roles, isStaff: isStaffRoleSet(roles) };
}

/**
 * Makes every listed Slack id an ADMIN: links an existing user (by Slack id, else by the profile's email) or creates
 * one named from the profile ("Admin U…" only when Slack gave none), grants ADMIN if missing.
 * Idempotent, one transaction, audited. Returns the ids that changed.
 */
export async function bootstrapAdmins(
  db: Knex,
  slackUserIds: readonly string[],
  at: Date,
  profiles: ReadonlyMap<string, SlackProfile> = new Map(),
): Promise<string[]> {
  if (!slackUserIds.length) return [];
  return db.transaction(async (trx) => {
    await trx("roles").insert({ name: "ADMIN", description: "Runs the studio; may grant any role" }).onConflict("name").ignore();
    const adminRole = await trx("roles").where({ name: "ADMIN" }).first<{ id: number }>("id");
    const changed: string[] = [];
    for (const slackId of slackUserIds) {
      const profile = profiles.get(slackId);
      let user = profile ? (await linkSlackUser(trx, profile, at)).user : await findUserBySlackId(trx, slackId);
      if (!user) {
        const email = profile?.email && !(await findUserByEmail(trx, profile.email)) ? profile.email : placeholderEmail(slackId);
        [user] = (await trx("users")
          .insert({ name: profile?.name ?? `Admin ${slackId}`, email, slack_user_id: slackId, created_at: at })
          .returning("*")) as UserRow[];
      }
      const inserted = await trx("role_assignments")
        .insert({ user_id: user!.id, role_id: adminRole!.id, granted_at: at })
        .onConflict(trx.raw("(user_id, role_id) where revoked_at is null"))
        .ignore()
        .returning("id");
      if (inserted.length) {
        changed.push(slackId);
        await insertAudit(
          trx,
          {
            actor: systemActor("system"),
            action: AUDIT_ACTIONS.userRoleBootstrap,
            targetType: "user",
            targetId: user!.id,
            details: { slack_user_id: slackId, role: "ADMIN", source: "MAESTRO_ADMIN_SLACK_IDS" },
          },
          at,
        );
      }
    }
    return changed;
  });
}
