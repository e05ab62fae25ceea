// What a person asking for access may still ask for, and how much they have asked lately: the request-access modal's
// choices and its limit (a person cannot flood the approval queue).
import type { Knex } from "knex";
import { DAY_MS } from "../clock.ts";
import { liveRoles } from "../users/user-store.ts";

/** Role requests one person may submit in 24 hours from Slack; a second for a role already pending is refused anyway. */
export const ACCESS_REQUESTS_PER_DAY = 3;

/** The roles offered, most asked-for first. */
const OFFERED_ORDER = ["STAFF", "INSTRUCTOR", "MEMBER", "ADMIN"];

/** The roles that exist and the person does not hold (all of them for someone the studio does not know yet). */
export async function rolesToOffer(db: Knex, userId: number | undefined): Promise<string[]> {
  const names = (await db("roles").select<{ name: string }[]>("name")).map((r) => r.name);
  const held = userId === undefined ? [] : await liveRoles(db, userId);
  const rank = (name: string) => (OFFERED_ORDER.includes(name) ? OFFERED_ORDER.indexOf(name) : OFFERED_ORDER.length);
  return names.filter((n) => !held.includes(n)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** How many role requests the person submitted in the 24 hours before `now`. */
export async function requestsInLastDay(db: Knex, userId: number, now: Date): Promise<number> {
  const [row] = await db("role_requests")
    .where({ user_id: userId })
    .andWhere("submitted_at", ">", new Date(now.getTime() - DAY_MS))
    .select<{ n: number }[]>(db.raw("count(*)::int as n"));
  return row?.n ?? 0;
}

/** The person's PENDING request for this role, if any: a second one would only be refused. */
export async function pendingRequestFor(db: Knex, userId: number, role: string): Promise<{ id: number; submitted_at: Date } | undefined> {
  return db("role_requests as rr")
    .join("roles as r", "r.id", "rr.requested_role_id")
    .where({ "rr.user_id": userId, "r.name": role, "rr.status": "PENDING" })
    .first<{ id: number; submitted_at: Date } | undefined>("rr.id", "rr.submitted_at");
}
