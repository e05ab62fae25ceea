// Replays the demo's last two weeks of feed events through its rules: the workflow_executions rows, the
// outbox rows their actions queued, and the notes ADD_INTAKE_NOTE wrote (mirroring src/domain/workflows/engine.ts).
import { EVAL_SOURCE, type ExecutionStatus } from "../domain/vocabulary.ts";
import { DAY_MS, person, type DemoContext, type PlannedEvent, type PlannedHistory } from "./demo-context.ts";
import { intakeStatusAt, type DemoIntake } from "./demo-pipeline.ts";
import type { DemoRule } from "./demo-rules.ts";
import { evaluateCondition } from "../domain/workflows/condition.ts";
import { fillTemplate } from "../domain/workflows/template.ts";

const WINDOW_DAYS = 14;
/** Slack channels archived this many days ago: posting there fails from then on. */
const ARCHIVED_CHANNELS: Record<string, number> = { "#old-ops": 2 };
/** Addresses the mail provider refused, with its answer. */
const DELIVERY_FAILURES: Record<string, string> = {
  "wen.li@exmaple.com": "SMTP 550 mailbox unavailable (wen.li@exmaple.com)",
  "marcus@oyelaran-design.example": "SMTP 421 4.7.0 temporary failure, try again later",
  "hugo.partridge@example.com": "SMTP 550 mailbox unavailable (hugo.partridge@example.com)",
};

type Outbox = { table: "email_outbox" | "slack_outbox"; row: Record<string, unknown> };

export interface PlannedExecution {
  rule: DemoRule;
  event: PlannedEvent;
  at: Date;
  status: ExecutionStatus;
  snapshot: Record<string, unknown>;
  payload: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  durationMs: number;
  note?: PlannedHistory;
  outbox?: Outbox;
}

// The real condition language and templates, so the demo's executions are what the engine would record.
const holds = evaluateCondition;
const fill = fillTemplate;

function payloadOf(event: PlannedEvent): Record<string, unknown> {
  return {
    id: event.id,
    event_type: event.event_type,
    actor_type: event.actor_type,
    actor_id: event.actor_id,
    subject_type: event.subject_type,
    subject_id: event.subject_id,
    metadata: event.metadata,
    created_at: event.created_at.toISOString(),
  };
}

export function planExecutions(ctx: DemoContext, rules: DemoRule[], intakes: DemoIntake[]): PlannedExecution[] {
  const since = new Date(ctx.now.getTime() - WINDOW_DAYS * DAY_MS);
  const planned: PlannedExecution[] = [];
  const events = ctx.events.filter((e) => e.created_at >= since).sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
  for (const event of events) {
    for (const rule of rules) {
      if (rule.trigger !== event.event_type || event.created_at < rule.createdAt) continue;
      if (rule.disabledAt && event.created_at >= rule.disabledAt) continue;
      planned.push(run(ctx, rule, event, intakes));
    }
  }
  return planned;
}

function run(ctx: DemoContext, rule: DemoRule, event: PlannedEvent, intakes: DemoIntake[]): PlannedExecution {
  const { rng } = ctx;
  const at = new Date(event.created_at.getTime() + rng.int(40, 900));
  const config = rule.before && rule.editedAt && event.created_at < rule.editedAt ? rule.before.actionConfig : rule.actionConfig;
  const snapshot = {
    id: rule.id,
    name: rule.name,
    trigger_event_type: rule.trigger,
    condition: rule.condition,
    action_type: rule.actionType,
    action_config: config,
    enabled: true,
  };
  const payload = payloadOf(event);
  const base = { rule, event, at, snapshot, payload };
  const failed = (error: string, durationMs = rng.int(3, 40)): PlannedExecution => ({
    ...base,
    status: "FAILED",
    result: null,
    error,
    durationMs,
  });
  const done = (result: Record<string, unknown>, extra: Partial<PlannedExecution> = {}): PlannedExecution => ({
    ...base,
    status: "SUCCESS",
    result,
    error: null,
    durationMs: rng.int(4, 60),
    ...extra,
  });

  if (!holds(rule.condition, payload)) {
    return { ...base, status: "SKIPPED", result: { reason: "condition not met" }, error: null, durationMs: rng.int(0, 2) };
  }
  const outcome: Outcome = { ctx, rule, event, intakes, config, payload, at, failed, done };
  const delivered = deliveryAction(outcome);
  return delivered === undefined ? recordAction(outcome) : delivered;
}

/** What an execution's action needs: its inputs, and how to record a failure or a success. */
interface Outcome {
  ctx: DemoContext;
  rule: DemoRule;
  event: PlannedEvent;
  intakes: DemoIntake[];
  config: Record<string, unknown>;
  payload: Record<string, unknown>;
  at: Date;
  failed(error: string, durationMs?: number): PlannedExecution;
  done(result: Record<string, unknown>, extra?: Partial<PlannedExecution>): PlannedExecution;
}

const dryRunOf = (event: PlannedEvent) => event.metadata.source === EVAL_SOURCE;

/** SEND_EMAIL and NOTIFY_SLACK: an outbox row (or a delivery failure); undefined for the other actions. */
function deliveryAction({ ctx, rule, event, config, payload, at, failed, done }: Outcome): PlannedExecution | undefined {
  const { rng } = ctx;
  const dryRun = dryRunOf(event);
  switch (rule.actionType) {
    case "SEND_EMAIL": {
      const to = fill(String(config.to), payload);
      if (!dryRun && DELIVERY_FAILURES[to]) return failed(DELIVERY_FAILURES[to], rng.int(900, 4_500));
      const subject = fill(String(config.subject), payload);
      const outbox: Outbox = {
        table: "email_outbox",
        row: {
          to_address: to,
          subject,
          body: `template:${String(config.template)}`,
          status: dryRun ? "DRY_RUN" : "SENT",
          dry_run: dryRun,
          created_at: at,
          sent_at: dryRun ? null : new Date(at.getTime() + rng.int(2_000, 40_000)),
        },
      };
      return done({ to, subject, delivery: dryRun ? "dry_run" : "queued", ...(dryRun ? { dry_run: true } : {}) }, { outbox });
    }
    case "NOTIFY_SLACK": {
      const channel = String(config.channel);
      const archivedDaysAgo = ARCHIVED_CHANNELS[channel];
      if (!dryRun && archivedDaysAgo !== undefined && event.created_at.getTime() >= ctx.now.getTime() - archivedDaysAgo * DAY_MS) {
        return failed(`Slack channel ${channel} not found`, rng.int(180, 650));
      }
      const text = fill(String(config.text), payload);
      const outbox: Outbox = {
        table: "slack_outbox",
        row: {
          channel,
          text,
          status: dryRun ? "DRY_RUN" : "SENT",
          dry_run: dryRun,
          created_at: at,
          sent_at: dryRun ? null : new Date(at.getTime() + rng.int(500, 5_000)),
        },
      };
      return done({ channel, text, delivery: dryRun ? "dry_run" : "queued", ...(dryRun ? { dry_run: true } : {}) }, { outbox });
    }
    default:
      return undefined;
  }
}

/** ADD_INTAKE_NOTE, SET_CONTACT_STATUS and ASSIGN_OWNER: what they changed, or why they could not. */
function recordAction({ ctx, rule, event, intakes, config, payload, at, failed, done }: Outcome): PlannedExecution {
  const subjectIntakeId = Number(event.subject_type === "intake" ? event.subject_id : event.metadata.intake_id) || undefined;
  const noIntake = "intake not found: the event names no intake (subject or metadata.intake_id)";
  switch (rule.actionType) {
    case "ADD_INTAKE_NOTE": {
      if (!subjectIntakeId) return failed(noIntake);
      const status = intakeStatusAt(ctx, subjectIntakeId, at);
      if (!status) return failed(`intake not found: intake ${subjectIntakeId} does not exist`);
      const note: PlannedHistory = {
        intake_id: subjectIntakeId,
        from_status: status,
        to_status: status,
        note: fill(String(config.note), payload),
        actor_type: "SYSTEM",
        actor_id: null,
        created_at: at,
      };
      ctx.history.push(note);
      return done({ intake_id: subjectIntakeId, note: note.note }, { note });
    }
    case "SET_CONTACT_STATUS": {
      const contactId = Number(event.metadata.contact_id) || undefined;
      if (!contactId)
        return failed(
          subjectIntakeId
            ? `contact not found: intake ${subjectIntakeId} has no contact`
            : "contact not found: the event names no contact or intake",
        );
      return done({ contact_id: contactId, from_status: "CONTACTED", to_status: String(config.status) });
    }
    case "ASSIGN_OWNER": {
      if (!subjectIntakeId) return failed(noIntake);
      const owner = person(ctx, "jonah");
      if (String(config.user_email) !== owner.email) throw new Error(`demo data: ASSIGN_OWNER to an unexpected user`);
      const intake = intakes.find((i) => i.id === subjectIntakeId);
      return done({
        intake_id: intake?.id ?? subjectIntakeId,
        owner_user_id: owner.id,
        owner_name: owner.name,
        previous_owner_user_id: null,
      });
    }
    default:
      throw new Error(`demo data: an unexpected action ${rule.actionType}`);
  }
}

/** Writes the outbox rows and executions; `historyIds` gives the ids of the notes the rules wrote. */
export async function insertExecutions(
  ctx: DemoContext,
  planned: PlannedExecution[],
  historyIds: Map<PlannedHistory, number>,
): Promise<void> {
  for (const p of planned) {
    if (!p.outbox) continue;
    const [row] = (await ctx.trx(p.outbox.table).insert(p.outbox.row).returning(["id"])) as { id: number }[];
    p.result = { ...p.result, outbox_id: row!.id };
  }
  for (const p of planned) {
    if (p.note) p.result = { ...p.result, history_id: historyIds.get(p.note) ?? null };
  }
  if (!planned.length) return;
  await ctx.trx("workflow_executions").insert(
    planned.map((p) => ({
      rule_id: p.rule.id,
      feed_event_id: p.event.id,
      status: p.status,
      rule_snapshot: JSON.stringify(p.snapshot),
      event_payload: JSON.stringify(p.payload),
      action_result: p.result === null ? null : JSON.stringify(p.result),
      error: p.error,
      duration_ms: p.durationMs,
      created_at: p.at,
    })),
  );
}
