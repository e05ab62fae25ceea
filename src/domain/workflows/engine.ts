// evaluateWorkflowRules: runs every enabled rule listening to a feed event and records one execution per rule.
//
// It runs inside the transaction that wrote the event: the change and its automation commit together
// (no event is lost if the process dies after the commit), and each rule runs in its own savepoint so a
// failing action rolls back only itself and is recorded as FAILED. Outside effects (Slack, email) are
// written to outboxes and delivered after commit, so a rolled-back change never sends anything.
import { performance } from "node:perf_hooks";
import type { Knex } from "knex";
import type { FeedEventRow } from "../feed/feed-store.ts";
import { linkOutboxToExecution } from "../outbox/outbox-store.ts";
import { EVAL_SOURCE, type ActionType } from "../vocabulary.ts";
import { ACTIONS } from "./actions.ts";
import { evaluateCondition } from "./condition.ts";
import { insertExecution, type ExecutionRow } from "./execution-store.ts";
import { enabledRulesFor, type RuleRow } from "./rule-store.ts";

/** The event as the JSON that conditions, templates and execution rows see. */
export function eventPayload(event: FeedEventRow) {
  return {
    id: event.id,
    event_type: event.event_type,
    actor_type: event.actor_type,
    actor_id: event.actor_id,
    subject_type: event.subject_type,
    subject_id: event.subject_id,
    metadata: event.metadata ?? {},
    created_at: event.created_at instanceof Date ? event.created_at.toISOString() : event.created_at,
  };
}

export type EventPayload = ReturnType<typeof eventPayload>;

/** The rule as it was when it ran, kept on its execution row. */
export function ruleSnapshot(rule: RuleRow) {
  return {
    id: rule.id,
    name: rule.name,
    trigger_event_type: rule.trigger_event_type,
    condition: rule.condition ?? null,
    action_type: rule.action_type,
    action_config: rule.action_config,
    enabled: rule.enabled,
  };
}

export type RuleSnapshot = ReturnType<typeof ruleSnapshot>;

/** Actions whose effect leaves the database (a Slack post, an email): dry runs for EVAL events. */
export const OUTSIDE_EFFECT_ACTIONS: Readonly<Partial<Record<ActionType, "slack" | "email">>> = {
  NOTIFY_SLACK: "slack",
  SEND_EMAIL: "email",
};

export const isEvalEvent = (event: Pick<FeedEventRow, "metadata">) => event.metadata?.source === EVAL_SOURCE;

/** Evaluates the enabled rules for `event` inside `trx`; returns the execution rows written, in rule order. */
export async function evaluateWorkflowRules(trx: Knex, event: FeedEventRow, at: Date): Promise<ExecutionRow[]> {
  const rules = await enabledRulesFor(trx, event.event_type);
  const payload = eventPayload(event);
  const dryRun = isEvalEvent(event);
  const executions: ExecutionRow[] = [];
  for (const rule of rules) {
    const started = performance.now();
    let status: ExecutionRow["status"] = "SUCCESS";
    let actionResult: Record<string, unknown> | null = null;
    let error: string | null = null;
    try {
      if (!evaluateCondition(rule.condition, payload)) {
        status = "SKIPPED";
        actionResult = { reason: "condition not met" };
      } else {
        const action = ACTIONS[rule.action_type];
        if (!action) throw new Error(`unknown action type ${rule.action_type}`);
        actionResult = await trx.transaction((savepoint) =>
          action({ trx: savepoint, config: rule.action_config ?? {}, event: payload, dryRun, at }),
        );
        // Only the outside effects are dry runs: a note or status change on an EVAL event is real, so say so only where true.
        if (dryRun && OUTSIDE_EFFECT_ACTIONS[rule.action_type]) actionResult = { ...actionResult, dry_run: true };
      }
    } catch (caught) {
      status = "FAILED";
      error = caught instanceof Error ? caught.message : String(caught);
    }
    const execution = await insertExecution(
      trx,
      {
        rule_id: rule.id,
        feed_event_id: event.id,
        status,
        rule_snapshot: ruleSnapshot(rule),
        event_payload: payload,
        action_result: actionResult,
        error,
        duration_ms: Math.max(0, Math.round(performance.now() - started)),
      },
      at,
    );
    const outbox = OUTSIDE_EFFECT_ACTIONS[rule.action_type];
    if (status === "SUCCESS" && outbox && typeof actionResult?.outbox_id === "number") {
      await linkOutboxToExecution(trx, outbox, actionResult.outbox_id, execution.id);
    }
    executions.push(execution);
  }
  return executions;
}
