// SQL for audit_log: the append-only record of who changed what, by which path.
import type { Knex } from "knex";
import { actorIdText, type Actor } from "../actor.ts";

export interface AuditEntry {
  actor: Actor;
  action: string;
  targetType: string;
  targetId: string | number | null;
  details?: Record<string, unknown>;
}

export interface AuditRow {
  id: number;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
  created_at: Date;
}

export async function insertAudit(trx: Knex, entry: AuditEntry, at: Date): Promise<AuditRow> {
  const [row] = await trx("audit_log")
    .insert({
      actor_type: entry.actor.type,
      actor_id: actorIdText(entry.actor),
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId === null ? null : String(entry.targetId),
      details: JSON.stringify({
        path: entry.actor.path,
        actor_name: entry.actor.name,
        ...(entry.actor.runId ? { run_id: entry.actor.runId } : {}),
        ...entry.details,
      }),
      created_at: at,
    })
    .returning("*");
  return row as AuditRow;
}
