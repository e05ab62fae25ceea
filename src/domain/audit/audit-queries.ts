// Read queries over audit_log: the newest entries matching exact filters, and how many match.
// Each filter is an equality or a created_at range that one of the audit_log indexes leads with.
import type { Knex } from "knex";
import type { ActorType } from "../vocabulary.ts";
import type { AuditRow } from "./audit-store.ts";

export interface AuditFilter {
  action?: string;
  actorType?: ActorType;
  targetType?: string;
  since?: Date;
}

function applyFilter(q: Knex.QueryBuilder, filter: AuditFilter): Knex.QueryBuilder {
  if (filter.action !== undefined) q.where("action", filter.action);
  if (filter.actorType !== undefined) q.where("actor_type", filter.actorType);
  if (filter.targetType !== undefined) q.where("target_type", filter.targetType);
  if (filter.since !== undefined) q.where("created_at", ">=", filter.since);
  return q;
}

/** The newest `limit` entries matching the filter. */
export async function listAudit(db: Knex, filter: AuditFilter, limit: number): Promise<AuditRow[]> {
  return applyFilter(db("audit_log"), filter)
    .orderBy([{ column: "created_at", order: "desc" }, { column: "id", order: "desc" }])
    .limit(limit)
    .select<AuditRow[]>("id", "actor_type", "actor_id", "action", "target_type", "target_id", "details", "created_at");
}

/** How many entries match the filter: exact, with a separate aggregate. */
export async function countAudit(db: Knex, filter: AuditFilter): Promise<number> {
  const row = await applyFilter(db("audit_log"), filter).first<{ n: number }>(db.raw("count(*)::int as n"));
  return row?.n ?? 0;
}
