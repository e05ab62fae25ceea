// A feed event of the studio's own kind (TriageTicket, MembershipRenewed…) sent by its other systems: checked, written,
// run through the workflow rules listening to it and audited, in one transaction. Maestro's own event types are
// refused: an IntakeCreated without an intake would fire rules about nothing.
import { actorIdText, type Actor } from "../actor.ts";
import { insertAudit, type AuditRow } from "../audit/audit-store.ts";
import type { DomainContext } from "../context.ts";
import { invalidInput } from "../errors.ts";
import { firstUnstorablePath, storableText } from "../untrusted-text.ts";
import { AUDIT_ACTIONS, FEED_EVENT_TYPES } from "../vocabulary.ts";
import { evaluateWorkflowRules } from "../workflows/engine.ts";
import type { ExecutionRow } from "../workflows/execution-store.ts";
import { insertFeedEvent, type FeedEventRow } from "./feed-store.ts";

export const CUSTOM_EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/;
/** The metadata as JSON, at most: enough for a ticket's summary and links, not a document store. */
export const MAX_CUSTOM_EVENT_METADATA_BYTES = 8_192;
/** Keys Maestro writes itself on every event. */
const RESERVED_METADATA_KEYS = ["path"];

/** Event types only Maestro writes, each when its change happens; TriageTicket is the seeds' example of a custom one. */
const OWN_EVENT_TYPES = new Set(
  Object.values(FEED_EVENT_TYPES)
    .filter((t) => t !== FEED_EVENT_TYPES.triageTicket)
    .map((t) => t.toLowerCase()),
);

export interface CustomEventInput {
  eventType: string;
  subjectType?: string | null;
  subjectId?: string | number | null;
  metadata?: Record<string, unknown>;
}

export interface CustomEventRecorded {
  event: FeedEventRow;
  executions: ExecutionRow[];
  audit: AuditRow;
}

/** Throws an invalid_input naming the field for anything a custom event may not be. */
export function assertCustomEvent(input: CustomEventInput): void {
  if (!CUSTOM_EVENT_TYPE.test(input.eventType)) {
    throw invalidInput("event_type must start with a letter and hold only letters, digits, _ and . (at most 100), e.g. TriageTicket.", {
      field: "event_type",
    });
  }
  if (OWN_EVENT_TYPES.has(input.eventType.toLowerCase())) {
    throw invalidInput(
      `${input.eventType} is one of Maestro's own events, written when that change happens; name your event differently.`,
      {
        field: "event_type",
      },
    );
  }
  const metadata = input.metadata ?? {};
  const reserved = RESERVED_METADATA_KEYS.find((k) => k in metadata);
  if (reserved)
    throw invalidInput(`metadata.${reserved} is Maestro's own (how the event arrived); use another key.`, {
      field: `metadata.${reserved}`,
    });
  const bytes = Buffer.byteLength(JSON.stringify(metadata));
  if (bytes > MAX_CUSTOM_EVENT_METADATA_BYTES) {
    throw invalidInput(`metadata is ${bytes} bytes as JSON; at most ${MAX_CUSTOM_EVENT_METADATA_BYTES} fit.`, { field: "metadata" });
  }
  const unstorable = firstUnstorablePath(metadata, ["metadata"]);
  if (unstorable)
    throw invalidInput(`${unstorable} holds a character that cannot be stored (NUL or a lone surrogate).`, { field: unstorable });
}

export async function recordCustomEvent(ctx: DomainContext, actor: Actor, input: CustomEventInput): Promise<CustomEventRecorded> {
  assertCustomEvent(input);
  return ctx.db.transaction(async (trx) => {
    const at = ctx.clock.now();
    const event = await insertFeedEvent(
      trx,
      {
        eventType: input.eventType,
        actorType: actor.type,
        actorId: actorIdText(actor),
        subjectType: input.subjectType ? storableText(input.subjectType) : null,
        subjectId: typeof input.subjectId === "string" ? storableText(input.subjectId) : (input.subjectId ?? null),
        metadata: { path: actor.path, ...input.metadata },
      },
      at,
    );
    const executions = await evaluateWorkflowRules(trx, event, at);
    const audit = await insertAudit(
      trx,
      {
        actor,
        action: AUDIT_ACTIONS.feedEventRecord,
        targetType: "feed_event",
        targetId: event.id,
        details: {
          event_type: event.event_type,
          subject_type: event.subject_type,
          subject_id: event.subject_id,
          executions: executions.map((e) => ({ id: e.id, rule_id: e.rule_id, status: e.status })),
        },
      },
      at,
    );
    return { event, executions, audit };
  });
}
