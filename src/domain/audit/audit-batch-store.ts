// SQL for audit rows written many at once (an import batch): one statement per batch instead of one per row.
import type { Knex } from "knex";
import { actorIdText } from "../actor.ts";
import type { AuditEntry } from "./audit-store.ts";

/** Inserts the entries in one multi-row statement; the same columns and details shape as insertAudit. */
export async function insertAuditBatch(trx: Knex, entries: readonly AuditEntry[], at: Date): Promise<void> {
  if (!entries.length) return;
  await trx("audit_log").insert(
    entries.map((entry) => ({
      actor_type: entry.actor.type,
      actor_id: actorIdText(entry.actor),
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId === null ? null : String(entry.targetId),
      details: JSON.stringify({ path: entry.actor.path, actor_name: entry.actor.name, ...entry.details }),
      created_at: at,
    })),
  );
}
