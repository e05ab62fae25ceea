// The intake rules: reading the queue, changing status (with the lifecycle's checks), owners and notes.
import type { Knex } from "knex";
import type { Actor } from "../actor.ts";
import type { DomainContext } from "../context.ts";
import { conflict, invalidInput, notFound } from "../errors.ts";
import { recordChange, type RecordedChange } from "../record-change.ts";
import { findUser, isStaff } from "../users/user-store.ts";
import { AUDIT_ACTIONS, FEED_EVENT_TYPES, INTAKE_STATUSES, type IntakeStatus } from "../vocabulary.ts";
import { findIntakeDetail } from "./intake-detail.ts";
import {
  findIntake,
  insertHistory,
  listQueue,
  setIntakeOwner,
  setIntakeStatus,
  touchIntake,
  type IntakeRow,
  type QueueQuery,
} from "./intake-store.ts";
import { classifyTransition } from "./transitions.ts";

export async function requireIntake(db: Knex, id: number, options: { forUpdate?: boolean } = {}): Promise<IntakeRow> {
  const intake = await findIntake(db, id, options);
  if (!intake) throw notFound(`Intake ${id}`, "find_intake");
  return intake;
}

/**
 * Who a history row names: a human (USER or AGENT, by user id) or else the system; the table's vocabulary is USER · AGENT ·
 * SYSTEM (DOMAIN.md), so a server calling through its API key is SYSTEM there, and named in the audit row instead.
 */
export function historyActor(actor: Actor): { actorType: "USER" | "AGENT" | "SYSTEM"; actorId: number | null } {
  return actor.type === "USER" || actor.type === "AGENT"
    ? { actorType: actor.type, actorId: actor.userId }
    : { actorType: "SYSTEM", actorId: null };
}

export async function getQueue(ctx: DomainContext, query: QueueQuery) {
  const { rows, counts } = await listQueue(ctx.db, query);
  const countsByStatus = Object.fromEntries(
    INTAKE_STATUSES.filter((s) => query.statuses.includes(s)).map((s) => [s, counts.find((c) => c.status === s)?.n ?? 0]),
  );
  const total = Object.values(countsByStatus).reduce((a, b) => a + b, 0);
  return { rows, total, countsByStatus };
}

export async function getDetail(ctx: DomainContext, id: number, historyLimit: number) {
  const detail = await findIntakeDetail(ctx.db, id, historyLimit);
  if (!detail) throw notFound(`Intake ${id}`, "find_intake");
  return detail;
}

/** A move back from BOOKED or CLOSED must say why; checked before a card is posted and again when it runs. */
export function assertNoteWhenRequired(
  intake: Pick<IntakeRow, "id" | "status">,
  newStatus: IntakeStatus,
  note: string | null | undefined,
): void {
  if (classifyTransition(intake.status, newStatus).requiresNote && !note?.trim()) {
    throw invalidInput(
      `Moving intake ${intake.id} back from ${intake.status} to ${newStatus} needs a note giving the reason; nothing was changed.`,
    );
  }
}

export interface StatusChangeResult {
  intake: IntakeRow;
  from: IntakeStatus;
  to: IntakeStatus;
  change: RecordedChange;
}

/**
 * Changes an intake's status. The gate (who must click) is decided by the tool layer; the rules that
 * hold whoever asks are here: a same-status change is a conflict, a regression from BOOKED or later needs a note.
 */
export async function updateStatus(
  ctx: DomainContext,
  actor: Actor,
  input: { intakeId: number; newStatus: IntakeStatus; note?: string | null },
): Promise<StatusChangeResult> {
  return ctx.db.transaction(async (trx) => {
    const intake = await requireIntake(trx, input.intakeId, { forUpdate: true });
    if (classifyTransition(intake.status, input.newStatus).kind === "same") {
      throw conflict(`Intake ${intake.id} (${intake.contact_name}) is already ${intake.status}; nothing was changed.`);
    }
    assertNoteWhenRequired(intake, input.newStatus, input.note);
    return changeStatusIn(trx, actor, intake, { newStatus: input.newStatus, note: input.note }, ctx.clock.now());
  });
}

/**
 * The status change itself, inside the caller's transaction on an intake it locked and checked: the row, its history,
 * the audit row and IntakeStatusChanged. Also what a booking writes when it moves its intake to BOOKED.
 */
export async function changeStatusIn(
  trx: Knex,
  actor: Actor,
  intake: IntakeRow,
  input: { newStatus: IntakeStatus; note?: string | null },
  at: Date,
): Promise<StatusChangeResult> {
  const transition = classifyTransition(intake.status, input.newStatus);
  await setIntakeStatus(trx, intake.id, input.newStatus, at);
  await insertHistory(
    trx,
    {
      intakeId: intake.id,
      from: intake.status,
      to: input.newStatus,
      note: input.note?.trim() || null,
      ...historyActor(actor),
    },
    at,
  );
  const change = await recordChange(
    trx,
    {
      actor,
      action: AUDIT_ACTIONS.intakeStatusUpdate,
      target: { type: "intake", id: intake.id },
      details: { from_status: intake.status, to_status: input.newStatus, transition: transition.kind, note: input.note ?? null },
      event: {
        type: FEED_EVENT_TYPES.intakeStatusChanged,
        metadata: {
          intake_id: intake.id,
          from_status: intake.status,
          to_status: input.newStatus,
          contact_id: intake.contact_id,
          email: intake.email,
          audience: intake.audience,
        },
      },
    },
    at,
  );
  return { intake: { ...intake, status: input.newStatus, updated_at: at }, from: intake.status, to: input.newStatus, change };
}

export async function assignOwner(ctx: DomainContext, actor: Actor, input: { intakeId: number; ownerUserId: number | null }) {
  return ctx.db.transaction(async (trx) => {
    const intake = await requireIntake(trx, input.intakeId, { forUpdate: true });
    let ownerName: string | null = null;
    if (input.ownerUserId !== null) {
      const owner = await findUser(trx, input.ownerUserId);
      if (!owner) throw notFound(`User ${input.ownerUserId}`, "find_staff_owner");
      if (!(await isStaff(trx, owner.id))) {
        throw invalidInput(`${owner.name} is not staff (ADMIN or STAFF) and cannot own intakes.`);
      }
      ownerName = owner.name;
    }
    if (intake.owner_user_id === input.ownerUserId) {
      throw conflict(
        input.ownerUserId === null
          ? `Intake ${intake.id} has no owner already; nothing was changed.`
          : `Intake ${intake.id} is already owned by ${ownerName}; nothing was changed.`,
      );
    }
    const at = ctx.clock.now();
    await setIntakeOwner(trx, intake.id, input.ownerUserId, at);
    const change = await recordChange(
      trx,
      {
        actor,
        action: AUDIT_ACTIONS.intakeAssign,
        target: { type: "intake", id: intake.id },
        details: { from_owner_user_id: intake.owner_user_id, to_owner_user_id: input.ownerUserId },
        event: {
          type: FEED_EVENT_TYPES.intakeAssigned,
          metadata: { intake_id: intake.id, owner_user_id: input.ownerUserId, previous_owner_user_id: intake.owner_user_id },
        },
      },
      at,
    );
    return { intake, previousOwnerName: intake.owner_name, ownerName, change };
  });
}

export async function addNote(ctx: DomainContext, actor: Actor, input: { intakeId: number; note: string }) {
  return ctx.db.transaction(async (trx) => {
    const intake = await requireIntake(trx, input.intakeId, { forUpdate: true });
    const at = ctx.clock.now();
    const history = await insertHistory(
      trx,
      { intakeId: intake.id, from: intake.status, to: intake.status, note: input.note, ...historyActor(actor) },
      at,
    );
    await touchIntake(trx, intake.id, at);
    const change = await recordChange(
      trx,
      {
        actor,
        action: AUDIT_ACTIONS.intakeNoteAdd,
        target: { type: "intake", id: intake.id },
        details: { history_id: history.id, note: input.note },
        event: { type: FEED_EVENT_TYPES.intakeNoteAdded, metadata: { intake_id: intake.id, history_id: history.id } },
      },
      at,
    );
    return { intake, history, change };
  });
}
