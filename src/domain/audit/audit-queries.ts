// Read queries over audit_log: the newest entries matching exact filters, with the acting users' names and a
// bounded count of how many match. Each filter is an equality or a created_at range that one of the audit_log
// indexes leads with.
import type { Knex } from "knex";
import type { ActorType } from "../vocabulary.ts";
import type { AuditRow } from "./audit-store.ts";

export interface AuditFilter {
  action?: string;
  actorType?: ActorType;
  targetType?: string;
  since?: Date;
}

/**
 * Counting stops after this many matches. An exact count walks every matching index entry (100k on a large
 * studio, ~7 ms, for a page of 10); "1,000+" tells a person as much, and costs a short index walk.
 */
export const AUDIT_TOTAL_CAP = 1000;

export interface AuditPageRow extends AuditRow {
  /** users.name of the actor when actor_id is a users.id (USER and AGENT rows), else null. */
  user_name: string | null;
}

export interface AuditPage {
  rows: AuditPageRow[];
  /** Matching entries, exact up to AUDIT_TOTAL_CAP; AUDIT_TOTAL_CAP when more match. */
  total: number;
  /** True when more than AUDIT_TOTAL_CAP entries match: `total` is then a lower bound. */
  totalIsLowerBound: boolean;
}

function applyFilter(q: Knex.QueryBuilder, filter: AuditFilter): Knex.QueryBuilder {
  if (filter.action !== undefined) q.where("action", filter.action);
  if (filter.actorType !== undefined) q.where("actor_type", filter.actorType);
  if (filter.targetType !== undefined) q.where("target_type", filter.targetType);
  if (filter.since !== undefined) q.where("created_at", ">=", filter.since);
  return q;
}

/**
 * The newest `limit` entries matching the filter, in one statement: the page, its actors' names (actor_id is
 * text: a users.id for USER and AGENT rows, so only all-digit ids are looked up) and the bounded count.
 * An empty page means nothing matches, so the count rides on the page's rows.
 */
export async function auditPage(db: Knex, filter: AuditFilter, limit: number): Promise<AuditPage> {
  const page = applyFilter(db("audit_log"), filter)
    .orderBy([
      { column: "created_at", order: "desc" },
      { column: "id", order: "desc" },
    ])
    .limit(limit)
    .select("id", "actor_type", "actor_id", "action", "target_type", "target_id", "details", "created_at");
  const matching = applyFilter(db("audit_log"), filter)
    .limit(AUDIT_TOTAL_CAP + 1)
    .select(db.raw("1"));
  // A correlated lookup per page row (a users_pkey probe each); a join would hash the whole users table.
  const userName = db.raw(
    "(select u.name from users u where u.id = case when a.actor_type <> 'SYSTEM' and a.actor_id ~ '^[0-9]{1,10}$' then a.actor_id::bigint end) as user_name",
  );
  const rows = await db
    .from(page.as("a"))
    .orderBy([
      { column: "a.created_at", order: "desc" },
      { column: "a.id", order: "desc" },
    ])
    .select<(AuditPageRow & { matching: number })[]>(
      "a.*",
      userName,
      db.raw("(select count(*)::int from (?) as m) as matching", [matching]),
    );
  const counted = rows[0]?.matching ?? 0;
  return {
    rows: rows.map(({ matching: _matching, ...row }) => row),
    total: Math.min(counted, AUDIT_TOTAL_CAP),
    totalIsLowerBound: counted > AUDIT_TOTAL_CAP,
  };
}
