// The state the demo seed builds as it goes: ids of inserted rows, plus the feed events, history and
// audit rows it plans (written at the end, in time order, so ids follow time as in a live database).
import type { Knex } from "knex";
import type { ActorType, ChangePath, IntakeStatus } from "../domain/vocabulary.ts";
import type { SeededRandom } from "./random.ts";
import type { FeedEventRow } from "../domain/feed/feed-store.ts";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../domain/clock.ts";

export { DAY_MS, HOUR_MS };

/** A feed event the demo plans to insert: the row as stored, its id known once inserted. */
export type PlannedEvent = Omit<FeedEventRow, "id"> & { id?: number };

export interface PlannedHistory {
  intake_id: number;
  from_status: IntakeStatus;
  to_status: IntakeStatus;
  note: string | null;
  actor_type: ActorType;
  actor_id: number | null;
  created_at: Date;
}

export interface PlannedAudit {
  actor_type: ActorType;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  details: Record<string, unknown>;
  created_at: Date;
}

/** Who made a change: a person directly (USER), Maestro for a person (AGENT), or automation (SYSTEM). */
export interface DemoActor {
  type: ActorType;
  userId: number | null;
  name: string;
  /** How the change reached the domain; null for changes made outside Maestro (website, old dashboard). */
  path: ChangePath | null;
}

export interface PersonRef {
  id: number;
  name: string;
  email: string;
}

export interface ContactRef extends PersonRef {
  status: string;
}

export interface DemoContext {
  trx: Knex.Transaction;
  rng: SeededRandom;
  now: Date;
  timeZone: string;
  /** When the studio started using Maestro: agent actors and audit rows exist only from then on. */
  goLive: Date;
  people: Map<string, PersonRef>;
  contacts: Map<string, ContactRef>;
  events: PlannedEvent[];
  history: PlannedHistory[];
  audit: PlannedAudit[];
}

/** `days` before now, nudged by up to ±`jitterMinutes` so rows do not all land on round times. */
export function daysAgo(ctx: DemoContext, days: number, jitterMinutes = 0): Date {
  const jitter = jitterMinutes ? ctx.rng.between(-jitterMinutes, jitterMinutes) * MINUTE_MS : 0;
  return new Date(ctx.now.getTime() - days * DAY_MS + Math.round(jitter));
}

export function person(ctx: DemoContext, key: string): PersonRef {
  const found = ctx.people.get(key);
  if (!found) throw new Error(`demo data: unknown person "${key}"`);
  return found;
}

/**
 * A staff member acting at `at`: before go-live by hand in the old dashboard (no path, no audit),
 * afterwards through Maestro, by asking the agent or by a command; gated changes by hand are a button click.
 */
export function staffActor(ctx: DemoContext, key: string, at: Date, options: { gated?: boolean; agentShare?: number } = {}): DemoActor {
  const who = person(ctx, key);
  if (at < ctx.goLive) return { type: "USER", userId: who.id, name: who.name, path: null };
  if (ctx.rng.chance(options.agentShare ?? 0.5)) {
    return { type: "AGENT", userId: who.id, name: who.name, path: "agent" };
  }
  return { type: "USER", userId: who.id, name: who.name, path: options.gated ? "button" : "command" };
}

export const SYSTEM_ACTOR: DemoActor = { type: "SYSTEM", userId: null, name: "Maestro", path: "system" };

export interface Change {
  at: Date;
  actor: DemoActor;
  /** An AUDIT_ACTIONS value: written when a person made the change through Maestro. */
  action?: string;
  target: { type: string; id: number | string };
  details?: Record<string, unknown>;
  event?: { type: string; metadata: Record<string, unknown> };
}

/** Plans the audit row and feed event of one change, as the domain's recordChange writes them. */
export function recordChange(ctx: DemoContext, change: Change): { audit?: PlannedAudit; event?: PlannedEvent } {
  const planned: { audit?: PlannedAudit; event?: PlannedEvent } = {};
  const actorId = change.actor.userId === null ? null : String(change.actor.userId);
  if (change.action && change.actor.type !== "SYSTEM" && change.actor.path) {
    planned.audit = {
      actor_type: change.actor.type,
      actor_id: actorId,
      action: change.action,
      target_type: change.target.type,
      target_id: String(change.target.id),
      details: { path: change.actor.path, actor_name: change.actor.name, ...change.details },
      created_at: change.at,
    };
    ctx.audit.push(planned.audit);
  }
  if (change.event) {
    const path = change.actor.path ? { path: change.actor.path } : {};
    planned.event = {
      event_type: change.event.type,
      actor_type: change.actor.type,
      actor_id: actorId,
      subject_type: change.target.type,
      subject_id: String(change.target.id),
      metadata: { ...path, ...change.event.metadata },
      created_at: change.at,
    };
    ctx.events.push(planned.event);
  }
  return planned;
}
