// Seeds the demo intake pipeline: enquiries, their status history, owners and notes, and the bookings they lead to.
import { AUDIT_ACTIONS, FEED_EVENT_TYPES, type IntakeStatus } from "../domain/vocabulary.ts";
import { CONTACTS } from "./demo-cast.ts";
import { CREATION_NOTES, INTAKES, STEP_NOTES, type IntakeSpec, type SlotSpec } from "./demo-intakes.ts";
import { HOUR_MS, SYSTEM_ACTOR, daysAgo, person, recordChange, staffActor, type DemoActor, type DemoContext } from "./demo-context.ts";
import { atLocalTime } from "./local-time.ts";
import { MINUTE_MS } from "../domain/clock.ts";

export interface DemoIntake {
  id: number;
  key: string;
  contactId: number | null;
  contactName: string;
  email: string | null;
  audience: string;
  status: IntakeStatus;
}

/** A booking the pipeline made; demo-availability turns it into slot and booking rows. */
export interface PlannedBooking {
  intake: DemoIntake;
  slot: SlotSpec;
  bookedAt: Date;
  actor: DemoActor;
  cancelled?: { at: Date; reason: string };
}

export const slotStart = (ctx: DemoContext, slot: SlotSpec) => atLocalTime(ctx.now, slot.day, slot.hour, slot.minute, ctx.timeZone);
export const slotEnd = (ctx: DemoContext, slot: SlotSpec) => new Date(slotStart(ctx, slot).getTime() + slot.minutes * MINUTE_MS);

const PIPELINE: readonly IntakeStatus[] = ["NEW", "TRIAGED", "QUALIFIED", "BOOKED", "CLOSED"];

/** How the tools classify a status change (DOMAIN.md, "The gate"): only advances run without a click. */
function transitionKind(from: IntakeStatus, to: IntakeStatus): "advance" | "reject" | "early_close" | "regression" {
  if (to === "REJECTED") return "reject";
  if (from === "REJECTED" || PIPELINE.indexOf(to) < PIPELINE.indexOf(from)) return "regression";
  if (to === "CLOSED" && PIPELINE.indexOf(from) < PIPELINE.indexOf("BOOKED")) return "early_close";
  return "advance";
}

interface TimedStep {
  to: IntakeStatus;
  at: Date;
  note: string | null;
}

/** Resolves step times and checks the story holds together: steps in order, after creation, before now. */
function timeline(ctx: DemoContext, spec: IntakeSpec, createdAt: Date): TimedStep[] {
  let previous = createdAt;
  return (spec.steps ?? []).map(([to, when, note]) => {
    if (when === "after-slot" && !spec.slot) throw new Error(`demo data: intake "${spec.key}" closes after a session it does not have`);
    const at = when === "after-slot" ? new Date(slotEnd(ctx, spec.slot!).getTime() + 18 * HOUR_MS) : daysAgo(ctx, when, 20);
    if (!(at > previous && at < ctx.now)) throw new Error(`demo data: intake "${spec.key}" step ${to} is out of order`);
    previous = at;
    return { to, at, note: note ?? (ctx.rng.chance(0.6) && STEP_NOTES[to] ? ctx.rng.pick(STEP_NOTES[to]!) : null) };
  });
}

export async function seedPipeline(ctx: DemoContext): Promise<{ intakes: DemoIntake[]; bookings: PlannedBooking[] }> {
  const planned = INTAKES.map((spec) => {
    const contactSpec = spec.contact ? CONTACTS.find((c) => c.key === spec.contact) : undefined;
    const contact = spec.contact ? ctx.contacts.get(spec.contact) : undefined;
    if (spec.contact && (!contact || !contactSpec)) throw new Error(`demo data: intake "${spec.key}" names unknown contact`);
    const createdAt = daysAgo(ctx, spec.ageDays, 20);
    const steps = timeline(ctx, spec, createdAt);
    const notes = (spec.notes ?? []).map(([days, by, text]) => ({ at: daysAgo(ctx, days, 20), by, text }));
    const last = [createdAt, ...steps.map((s) => s.at), ...notes.map((n) => n.at)].reduce((a, b) => (b > a ? b : a));
    return {
      spec,
      createdAt,
      steps,
      notes,
      source: contactSpec?.source ?? spec.source ?? "website",
      row: {
        contact_id: contact?.id ?? null,
        contact_name: contact?.name ?? spec.name ?? "Unknown",
        email: contact?.email ?? spec.email ?? null,
        audience: spec.audience,
        goals: spec.goals,
        status: steps.at(-1)?.to ?? "NEW",
        owner_user_id: spec.owner ? person(ctx, spec.owner).id : null,
        created_at: createdAt,
        updated_at: last,
      },
    };
  });

  const inserted = (await ctx
    .trx("intake_requests")
    .insert(planned.map((p) => p.row))
    .returning(["id"])) as { id: number }[];

  const intakes: DemoIntake[] = [];
  const bookings: PlannedBooking[] = [];
  planned.forEach((p, i) => {
    const intake: DemoIntake = {
      id: inserted[i]!.id,
      key: p.spec.key,
      contactId: p.row.contact_id,
      contactName: p.row.contact_name,
      email: p.row.email,
      audience: p.row.audience,
      status: p.row.status,
    };
    intakes.push(intake);
    planIntakeStory(ctx, intake, p, bookings);
  });
  return { intakes, bookings };
}

type Planned = {
  spec: IntakeSpec;
  createdAt: Date;
  steps: TimedStep[];
  notes: { at: Date; by: string; text: string }[];
  source: string;
};

/** The history rows, feed events and audit rows of one intake, in the order they happened. */
function planIntakeStory(ctx: DemoContext, intake: DemoIntake, p: Planned, bookings: PlannedBooking[]): void {
  const { spec } = p;
  const target = { type: "intake", id: intake.id };
  const baseMeta = {
    intake_id: intake.id,
    contact_id: intake.contactId,
    contact_name: intake.contactName,
    email: intake.email,
    audience: intake.audience,
  };
  ctx.history.push({
    intake_id: intake.id,
    from_status: "NEW",
    to_status: "NEW",
    note: CREATION_NOTES[p.source] ?? null,
    actor_type: "SYSTEM",
    actor_id: null,
    created_at: p.createdAt,
  });
  recordChange(ctx, {
    at: p.createdAt,
    actor: SYSTEM_ACTOR,
    target,
    event: {
      type: FEED_EVENT_TYPES.intakeCreated,
      metadata: { ...baseMeta, source: p.source, ...(spec.groupSize ? { group_size: spec.groupSize } : {}) },
    },
  });

  if (spec.owner && spec.assignedBy !== "workflow") {
    const firstMove = p.steps[0]?.at ?? new Date(Math.min(p.createdAt.getTime() + 3 * HOUR_MS, ctx.now.getTime() - HOUR_MS));
    const at = new Date(Math.max(p.createdAt.getTime() + MINUTE_MS, firstMove.getTime() - 20 * MINUTE_MS));
    const ownerId = person(ctx, spec.owner).id;
    recordChange(ctx, {
      at,
      actor: staffActor(ctx, ctx.rng.pick(["maya", "tom", spec.owner]), at),
      action: AUDIT_ACTIONS.intakeAssign,
      target,
      details: { from_owner_user_id: null, to_owner_user_id: ownerId },
      event: {
        type: FEED_EVENT_TYPES.intakeAssigned,
        metadata: { intake_id: intake.id, owner_user_id: ownerId, previous_owner_user_id: null },
      },
    });
  }

  planMoves(ctx, intake, p, bookings, baseMeta);
}

/** Status changes and notes, interleaved by time, so each note records the status it was written under. */
function planMoves(ctx: DemoContext, intake: DemoIntake, p: Planned, bookings: PlannedBooking[], baseMeta: Record<string, unknown>): void {
  const { spec } = p;
  const target = { type: "intake", id: intake.id };
  const moves = [
    ...p.steps.map((s) => ({ kind: "step" as const, at: s.at, step: s })),
    ...p.notes.map((n) => ({ kind: "note" as const, at: n.at, note: n })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  let status: IntakeStatus = "NEW";
  for (const move of moves) {
    if (move.kind === "note") {
      const actor = staffActor(ctx, move.note.by, move.at);
      ctx.history.push({
        intake_id: intake.id,
        from_status: status,
        to_status: status,
        note: move.note.text,
        actor_type: actor.type,
        actor_id: actor.userId,
        created_at: move.at,
      });
      recordChange(ctx, {
        at: move.at,
        actor,
        action: AUDIT_ACTIONS.intakeNoteAdd,
        target,
        details: { note: move.note.text },
        event: { type: FEED_EVENT_TYPES.intakeNoteAdded, metadata: { intake_id: intake.id } },
      });
      continue;
    }
    const { to, at, note } = move.step;
    const transition = transitionKind(status, to);
    const actor = staffActor(ctx, spec.owner ?? "tom", at, { gated: transition !== "advance" });
    ctx.history.push({
      intake_id: intake.id,
      from_status: status,
      to_status: to,
      note,
      actor_type: actor.type,
      actor_id: actor.userId,
      created_at: at,
    });
    recordChange(ctx, {
      at,
      actor,
      action: AUDIT_ACTIONS.intakeStatusUpdate,
      target,
      details: { from_status: status, to_status: to, transition, note },
      event: { type: FEED_EVENT_TYPES.intakeStatusChanged, metadata: { ...baseMeta, from_status: status, to_status: to, note } },
    });
    if (to === "BOOKED") planBookings(ctx, intake, spec, at, actor, bookings);
    status = to;
  }
}

/** The booking made at the BOOKED step; a cancelled first booking is rebooked three hours after it fell through. */
function planBookings(
  ctx: DemoContext,
  intake: DemoIntake,
  spec: IntakeSpec,
  bookedAt: Date,
  actor: DemoActor,
  bookings: PlannedBooking[],
): void {
  if (!spec.slot) throw new Error(`demo data: intake "${spec.key}" is booked without a slot`);
  let current = bookedAt;
  if (spec.cancelledSlot) {
    const cancelledAt = new Date(slotStart(ctx, spec.cancelledSlot).getTime() - 26 * HOUR_MS + ctx.rng.int(0, 40) * MINUTE_MS);
    if (cancelledAt <= bookedAt) throw new Error(`demo data: intake "${spec.key}" is cancelled before it was booked`);
    bookings.push({ intake, slot: spec.cancelledSlot, bookedAt, actor, cancelled: { at: cancelledAt, reason: spec.cancelledSlot.reason } });
    current = new Date(cancelledAt.getTime() + 3 * HOUR_MS);
    const rebooker = staffActor(ctx, spec.owner ?? "tom", current);
    const note = `Rebooked after the cancellation (${spec.cancelledSlot.reason.replace(/\.$/, "").toLowerCase()}).`;
    ctx.history.push({
      intake_id: intake.id,
      from_status: "BOOKED",
      to_status: "BOOKED",
      note,
      actor_type: rebooker.type,
      actor_id: rebooker.userId,
      created_at: current,
    });
    recordChange(ctx, {
      at: current,
      actor: rebooker,
      action: AUDIT_ACTIONS.intakeNoteAdd,
      target: { type: "intake", id: intake.id },
      details: { note },
      event: { type: FEED_EVENT_TYPES.intakeNoteAdded, metadata: { intake_id: intake.id } },
    });
    actor = rebooker;
  }
  if (slotStart(ctx, spec.slot) <= current) throw new Error(`demo data: intake "${spec.key}" is booked after its session`);
  bookings.push({ intake, slot: spec.slot, bookedAt: current, actor });
}

/** The status an intake had at `at`, from the planned history (for notes written by workflow rules). */
export function intakeStatusAt(ctx: DemoContext, intakeId: number, at: Date): IntakeStatus | undefined {
  let latest: { at: Date; status: IntakeStatus } | undefined;
  for (const row of ctx.history) {
    if (row.intake_id !== intakeId || row.created_at > at) continue;
    if (!latest || row.created_at >= latest.at) latest = { at: row.created_at, status: row.to_status };
  }
  return latest?.status;
}
