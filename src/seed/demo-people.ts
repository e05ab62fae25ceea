// Seeds the demo studio's roles, users, role assignments, role requests and contacts.
import { AUDIT_ACTIONS, FEED_EVENT_TYPES, ROLE_NAMES, type ContactStatus } from "../domain/vocabulary.ts";
import {
  CONTACTS,
  EXTRA_ADMIN_NAMES,
  MEMBERS,
  ROLE_DESCRIPTIONS,
  ROLE_REQUESTS,
  STAFF,
  STAFF_DOMAIN,
  type PersonSpec,
} from "./demo-cast.ts";
import { DAY_MS, SYSTEM_ACTOR, daysAgo, person, recordChange, staffActor, type DemoContext } from "./demo-context.ts";

/** The status a contact most likely had before its current one. */
const PREVIOUS_STATUS: Record<ContactStatus, ContactStatus> = {
  NEW: "NEW",
  CONTACTED: "NEW",
  QUALIFIED: "CONTACTED",
  ACTIVE: "QUALIFIED",
  CHURNED: "ACTIVE",
};

/** The staff list with the configured admin Slack ids: the owner takes the first, extra admins the rest. */
function castWithAdmins(adminSlackIds: readonly string[]): PersonSpec[] {
  const admins = [...new Set(adminSlackIds)];
  const extra: PersonSpec[] = admins.slice(1).map((slackUserId, i) => {
    const name = EXTRA_ADMIN_NAMES[i] ?? `Studio Admin ${i + 2}`;
    const local = name.toLowerCase().replace(/[^a-z]+/g, ".");
    return {
      key: `admin${i + 2}`,
      name,
      email: `${local}@${STAFF_DOMAIN}`,
      slackUserId,
      createdDaysAgo: 200,
      grants: [["ADMIN", 200, null]],
    };
  });
  const [owner, ...rest] = [...STAFF, ...extra, ...MEMBERS];
  const cast = [{ ...owner!, slackUserId: admins[0] ?? owner!.slackUserId }, ...rest];
  // A configured admin id that collides with a fixed demo id stays with the admin; the demo person goes without.
  const adminKeys = new Set([owner!.key, ...extra.map((p) => p.key)]);
  return cast.map((p) => (!adminKeys.has(p.key) && p.slackUserId && admins.includes(p.slackUserId) ? { ...p, slackUserId: null } : p));
}

export async function seedPeople(ctx: DemoContext, adminSlackIds: readonly string[]): Promise<void> {
  const { trx } = ctx;
  const roleRows: { id: number; name: string }[] = await trx("roles")
    .insert(ROLE_NAMES.map((name) => ({ name, description: ROLE_DESCRIPTIONS[name] ?? null })))
    // Migration 023 puts the four roles on every database: the demo keeps them and gives them its descriptions.
    .onConflict("name")
    .merge(["description"])
    .returning(["id", "name"]);
  const roleId = new Map(roleRows.map((r) => [r.name, r.id]));
  const role = (name: string) => roleId.get(name) ?? failUnknown("role", name);

  const cast = castWithAdmins(adminSlackIds);
  const userRows: { id: number; email: string }[] = await trx("users")
    .insert(
      cast.map((p) => ({ name: p.name, email: p.email, slack_user_id: p.slackUserId, created_at: daysAgo(ctx, p.createdDaysAgo, 30) })),
    )
    .returning(["id", "email"]);
  for (const p of cast) {
    const row = userRows.find((u) => u.email === p.email) ?? failUnknown("user", p.email);
    ctx.people.set(p.key, { id: row.id, name: p.name, email: p.email });
  }

  const grants = cast.flatMap((p) =>
    p.grants.map(([roleName, grantedDaysAgo, grantedBy, revokedDaysAgo]) => ({
      user_id: person(ctx, p.key).id,
      role_id: role(roleName),
      granted_by: grantedBy ? person(ctx, grantedBy).id : null,
      granted_at: daysAgo(ctx, grantedDaysAgo, 30),
      revoked_at: revokedDaysAgo === undefined ? null : daysAgo(ctx, revokedDaysAgo, 30),
    })),
  );

  for (const spec of ROLE_REQUESTS) {
    const requester = person(ctx, spec.user);
    const submittedAt = daysAgo(ctx, spec.submittedDaysAgo, 20);
    const decidedAt = spec.decided ? daysAgo(ctx, spec.decided.daysAgo, 20) : null;
    const [request] = (await trx("role_requests")
      .insert({
        user_id: requester.id,
        requested_role_id: role(spec.role),
        reason: spec.reason,
        status: spec.status,
        decided_by: spec.decided ? person(ctx, spec.decided.by).id : null,
        decision_reason: spec.decided?.reason ?? null,
        submitted_at: submittedAt,
        decided_at: decidedAt,
      })
      .returning("id")) as { id: number }[];
    const meta = { request_id: request!.id, user_id: requester.id, user_name: requester.name, role: spec.role };
    recordChange(ctx, {
      at: submittedAt,
      // Requests arrive through the studio website, not through Maestro.
      actor: { type: "USER", userId: requester.id, name: requester.name, path: null },
      target: { type: "role_request", id: request!.id },
      event: { type: FEED_EVENT_TYPES.roleRequested, metadata: { ...meta, reason: spec.reason } },
    });
    if (!spec.decided || !decidedAt) continue;
    const approved = spec.status === "APPROVED";
    if (approved) {
      grants.push({
        user_id: requester.id,
        role_id: role(spec.role),
        granted_by: person(ctx, spec.decided.by).id,
        granted_at: decidedAt,
        revoked_at: null,
      });
    }
    recordChange(ctx, {
      at: decidedAt,
      actor: staffActor(ctx, spec.decided.by, decidedAt, { gated: true }),
      action: approved ? AUDIT_ACTIONS.roleRequestApprove : AUDIT_ACTIONS.roleRequestReject,
      target: { type: "role_request", id: request!.id },
      details: { user_id: requester.id, role: spec.role, reason: spec.decided.reason },
      event: {
        type: approved ? FEED_EVENT_TYPES.roleApproved : FEED_EVENT_TYPES.roleRejected,
        metadata: { ...meta, decision_reason: spec.decided.reason },
      },
    });
  }
  await trx("role_assignments").insert(grants);

  await seedContacts(ctx);
}

async function seedContacts(ctx: DemoContext): Promise<void> {
  const monthAgo = new Date(ctx.now.getTime() - 30 * DAY_MS);
  const planned = CONTACTS.map((spec) => {
    const createdAt = daysAgo(ctx, spec.createdDaysAgo, 20);
    const changedAt = spec.changedDaysAgo === undefined ? createdAt : daysAgo(ctx, spec.changedDaysAgo, 20);
    return { spec, createdAt, changedAt };
  });
  const rows: { id: number; email: string }[] = await ctx
    .trx("contacts")
    .insert(
      planned.map(({ spec, createdAt, changedAt }) => ({
        name: spec.name,
        email: spec.email,
        status: spec.status,
        source: spec.source,
        created_at: createdAt,
        updated_at: changedAt,
      })),
    )
    .returning(["id", "email"]);

  for (const { spec, createdAt, changedAt } of planned) {
    const id = rows.find((r) => r.email === spec.email)?.id ?? failUnknown("contact", spec.email);
    ctx.contacts.set(spec.key, { id, name: spec.name, email: spec.email, status: spec.status });
    // Walk-ins are typed in at the desk; everyone else arrives through a form or a DM import.
    const creator = spec.source === "walk-in" ? staffActor(ctx, "priya", createdAt) : SYSTEM_ACTOR;
    if (createdAt >= monthAgo) {
      recordChange(ctx, {
        at: createdAt,
        actor: creator,
        target: { type: "contact", id },
        event: {
          type: FEED_EVENT_TYPES.contactCreated,
          metadata: { contact_id: id, name: spec.name, email: spec.email, source: spec.source },
        },
      });
    }
    if (spec.status !== "NEW" && changedAt >= monthAgo && !spec.changedByWorkflow) {
      recordChange(ctx, {
        at: changedAt,
        actor: staffActor(ctx, ctx.rng.pick(["tom", "priya"]), changedAt),
        target: { type: "contact", id },
        event: {
          type: FEED_EVENT_TYPES.contactStatusChanged,
          metadata: {
            contact_id: id,
            name: spec.name,
            email: spec.email,
            from_status: PREVIOUS_STATUS[spec.status],
            to_status: spec.status,
          },
        },
      });
    }
  }
}

function failUnknown(kind: string, name: string): never {
  throw new Error(`demo data: unknown ${kind} "${name}"`);
}
