// SQL for feed_events: the studio's event stream that workflow rules listen to.
import type { Knex } from "knex";
import type { ActorType } from "../vocabulary.ts";

export interface NewFeedEvent {
  eventType: string;
  actorType: ActorType;
  actorId: string | null;
  subjectType: string | null;
  subjectId: string | number | null;
  metadata: Record<string, unknown>;
}

export interface FeedEventRow {
  id: number;
  event_type: string;
  actor_type: ActorType;
  actor_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  metadata: Record<string, unknown>;
  created_at: Date;
}

export async function insertFeedEvent(trx: Knex, event: NewFeedEvent, at: Date): Promise<FeedEventRow> {
  const [row] = await trx("feed_events")
    .insert({
      event_type: event.eventType,
      actor_type: event.actorType,
      actor_id: event.actorId,
      subject_type: event.subjectType,
      subject_id: event.subjectId === null ? null : String(event.subjectId),
      metadata: JSON.stringify(event.metadata),
      created_at: at,
    })
    .returning("*");
  return row as FeedEventRow;
}
