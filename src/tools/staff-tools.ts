// Staff management: who holds which role, and an ADMIN's grant and removal of a role (`/maestro staff`). Granting ADMIN
// is gated, and the ADMIN who proposed it cannot confirm it: another ADMIN clicks.
import { z } from "zod";
import type { Knex } from "knex";
import type { Actor } from "../domain/actor.ts";
import { forbidden } from "../domain/errors.ts";
import { findPendingAction } from "../domain/pending-actions/pending-action-store.ts";
import { assertAdmin, grantStaffRole, listStaff, requirePerson, revokeStaffRole } from "../domain/roles/staff-roles.ts";
import { liveRoles } from "../domain/users/user-store.ts";
import { ROLE_NAMES } from "../domain/vocabulary.ts";
import { POLICY } from "./policy.ts";
import { entityId, pageLimit } from "./schema-helpers.ts";
import { changePreview } from "./change-view.ts";
import { defineTool, type Decision } from "./tool.ts";

const userId = entityId("user", "from list_staff or list_role_requests");
const role = z.enum(ROLE_NAMES).describe("ADMIN, STAFF, INSTRUCTOR or MEMBER.");
const roleArgs = z.strictObject({ user_id: userId, role });

/** Four eyes on a card: the ADMIN who proposed an ADMIN grant is not the one who confirms it. */
async function assertNotProposer(db: Knex, actor: Actor, decision: Decision | undefined): Promise<void> {
  if (decision?.via !== "pending_action") return;
  const action = await findPendingAction(db, decision.pendingActionId);
  if (action?.requested_by !== null && action?.requested_by === actor.userId) {
    throw forbidden(`Granting ADMIN needs another ADMIN's confirmation; ${actor.name} proposed it, so someone else must confirm.`);
  }
}

export const listStaffTool = defineTool({
  name: "list_staff",
  group: "roles",
  description:
    "List the studio's team: everyone holding a role other than MEMBER (ADMIN, STAFF, INSTRUCTOR), admins first, with their " +
    "user id, name, email, Slack user id and live roles. The ids work with grant_role and revoke_role.",
  input: z.strictObject({ limit: pageLimit(50, 200) }),
  effect: POLICY.read,
  untrusted: ["name", "email"],
  async run(args, ctx) {
    const { rows, total } = await listStaff(ctx.db, args.limit);
    return { total, returned: rows.length, staff: rows };
  },
});

/** A person's roles as the card shows them. */
const roleList = (roles: readonly string[]) => (roles.length ? roles.join(", ") : "none");

export const grantRoleTool = defineTool({
  name: "grant_role",
  group: "roles",
  description:
    "Grant a role to a person (ADMIN only). STAFF lets them use Maestro. Granting ADMIN needs confirmation by another ADMIN " +
    "(not the one who asked). Returns their roles afterwards; granting a role already held changes nothing.",
  input: roleArgs,
  effect: {
    depends: "ADMIN is gated (another ADMIN confirms); STAFF, INSTRUCTOR and MEMBER are a write",
    classify: async (args) => (args.role === "ADMIN" ? POLICY.grant_admin : POLICY.grant_role),
  },
  untrusted: ["name", "email"],
  authorize: async (args, ctx) => {
    await assertAdmin(ctx.db, ctx.actor, `grant the ${args.role} role`);
    await assertNotProposer(ctx.db, ctx.actor, ctx.decision);
  },
  lock: async (args, ctx) => void (await ctx.db("users").where({ id: args.user_id }).forUpdate().select("id")),
  async preview(args, ctx) {
    const person = await requirePerson(ctx.db, args.user_id);
    const roles = await liveRoles(ctx.db, person.id);
    return changePreview(
      {
        action: `Grant ${args.role} to user #${person.id}`,
        changes: [{ field: "roles", before: roleList(roles), after: roleList([...new Set([...roles, args.role])].sort()) }],
        destructive: false,
      },
      { user_id: person.id, holds_role: roles.includes(args.role) },
      [{ label: "The person's name", text: person.name }],
    );
  },
  async run(args, ctx) {
    if (args.role === "ADMIN") await assertNotProposer(ctx.db, ctx.actor, ctx.decision);
    const change = await grantStaffRole(ctx, ctx.actor, { userId: args.user_id, role: args.role });
    return {
      user: { id: change.user.id, name: change.user.name, email: change.user.email },
      role: change.role,
      granted: change.changed,
      ...(change.changed ? {} : { already_held: `${change.user.name} already held ${change.role}; nothing changed.` }),
      current_roles: change.rolesAfter,
    };
  },
});

export const revokeRoleTool = defineTool({
  name: "revoke_role",
  group: "roles",
  description:
    "Remove a role from a person (ADMIN only). Removing STAFF or ADMIN stops them using Maestro at their next request. The " +
    "studio's last ADMIN cannot be removed. Returns their roles afterwards.",
  input: roleArgs,
  effect: POLICY.revoke_role,
  untrusted: ["name", "email"],
  // Held only after an untrusted read: the card names the person; nothing on it is a precondition (removal is idempotent).
  async preview(args, ctx) {
    const person = await requirePerson(ctx.db, args.user_id);
    const roles = await liveRoles(ctx.db, person.id);
    return changePreview(
      {
        action: `Remove ${args.role} from user #${person.id}`,
        changes: [{ field: "roles", before: roleList(roles), after: roleList(roles.filter((r) => r !== args.role)) }],
        destructive: true,
      },
      { user_id: person.id },
      [{ label: "The person's name", text: person.name }],
    );
  },
  async run(args, ctx) {
    const change = await revokeStaffRole(ctx, ctx.actor, { userId: args.user_id, role: args.role });
    return {
      user: { id: change.user.id, name: change.user.name, email: change.user.email },
      role: change.role,
      revoked: change.changed,
      ...(change.changed ? {} : { not_held: `${change.user.name} did not hold ${change.role}; nothing changed.` }),
      current_roles: change.rolesAfter,
    };
  },
});

export const staffTools = [listStaffTool, grantRoleTool, revokeRoleTool];
