// Every write ends here, inside its transaction: the audit row, the feed event, and the rules it fires.
import type { Knex } from "knex";
import { evaluateWorkflowRules } from "./workflows/engine.ts";
import type { ExecutionRow } from "./workflows/execution-store.ts";
import { actorIdText, type Actor } from "./actor.ts";
import { insertAudit, type AuditRow } from "./audit/audit-store.ts";
import { insertFeedEvent, type FeedEventRow } from "./feed/feed-store.ts";

export interface Change {
  actor: Actor;
  action: string;
  target: { type: string; id: string | number | null };
  details?: Record<string, unknown>;
  /** The domain event the seeds name for this change, when there is one. */
  event?: { type: string; metadata?: Record<string, unknown> };
}

export interface RecordedChange {
  audit: AuditRow;
  event: FeedEventRow | null;
  executions: ExecutionRow[];
}

export async function recordChange(trx: Knex, change: Change, at: Date): Promise<RecordedChange> {
  const audit = await insertAudit(
    trx,
    { actor: change.actor, action: change.action, targetType: change.target.type, targetId: change.target.id, details: change.details },
    at,
  );
  if (!change.event) return { audit, event: null, executions: [] };
  const event = await insertFeedEvent(
    trx,
    {
      eventType: change.event.type,
      actorType: change.actor.type,
      actorId: actorIdText(change.actor),
      subjectType: change.target.type,
      subjectId: change.target.id,
      metadata: { path: change.actor.path, ...change.event.metadata },
    },
    at,
  );
  const executions = await evaluateWorkflowRules(trx, event, at);
  return { audit, event, executions };
}

/** The compact view of executions a tool result carries ("2 rules ran: 1 SUCCESS, 1 FAILED"). */
export function executionSummary(executions: readonly ExecutionRow[]) {
  return executions.map((e) => ({
    execution_id: e.id,
    rule: (e.rule_snapshot as { name?: string }).name ?? null,
    status: e.status,
    error: e.error,
  }));
}
