// Queue management: the five intake tools (seed 001 §5.1).
import { z } from "zod";
import {
  addNote,
  assertNoteWhenRequired,
  assignOwner,
  getDetail,
  getQueue,
  requireIntake,
  updateStatus,
} from "../domain/intake/intake-service.ts";
import { classifyTransition, type TransitionKind } from "../domain/intake/transitions.ts";
import { executionSummary } from "../domain/record-change.ts";
import { INTAKE_STATUSES, OPEN_INTAKE_STATUSES, type IntakeStatus } from "../domain/vocabulary.ts";
import { INTAKE_TRANSITION_POLICY, POLICY } from "./policy.ts";
import { entityId, humanText, iso, pageLimit, pageOffset, truncate } from "./schema-helpers.ts";
import { changePreview } from "./change-view.ts";
import { countNotes } from "../domain/intake/intake-store.ts";
import { defineTool, type ToolContext } from "./tool.ts";
import { DAY_MS } from "../domain/clock.ts";

const intakeId = entityId("intake", "from get_intake_queue");
/** The intake a call decides on, locked in the write's transaction (a card's snapshot and the effect read it next). */
const lockIntake = async (args: { intake_id: number }, ctx: Pick<ToolContext, "db">) =>
  void (await requireIntake(ctx.db, args.intake_id, { forUpdate: true }));
const ownerView = (id: number | null, name: string | null) => (id === null ? null : { id, name });
/** The owner filter as the model asked it: null means "unassigned only", which "any" would misstate. */
const ownerFilter = (owner: number | null | undefined) => (owner === undefined ? "any" : owner === null ? "unassigned" : owner);
const contactNameQuote = (name: string) => ({ label: "The intake's contact name", text: name });

/** Intake fields a prospect or an API client wrote (names, email, goals) and notes, which may quote them. */
const INTAKE_UNTRUSTED = ["contact_name", "email", "goals", "note"] as const;

export const getIntakeQueue = defineTool({
  name: "get_intake_queue",
  group: "queue",
  description:
    "List intake requests (prospects asking to join the studio), oldest first; by default the open queue (NEW, TRIAGED, " +
    "QUALIFIED, BOOKED). Rows: id, contact name, email, audience, goals (first 200 characters), status, owner, age in days; " +
    "plus `total` and `counts_by_status`. The ids work with get_intake_detail, update_intake_status, assign_intake and add_intake_note.",
  input: z.strictObject({
    status: z.enum(INTAKE_STATUSES).optional().describe("Only this status; omit for the open queue."),
    owner_user_id: z
      .number()
      .int()
      .positive()
      .max(2_147_483_647)
      .nullable()
      .optional()
      .describe("Only intakes this user owns; null for unassigned."),
    limit: pageLimit(20, 100),
    offset: pageOffset(),
  }),
  effect: POLICY.read,
  untrusted: INTAKE_UNTRUSTED,
  async run(args, ctx) {
    const statuses: readonly IntakeStatus[] = args.status ? [args.status] : OPEN_INTAKE_STATUSES;
    const { rows, total, countsByStatus } = await getQueue(ctx, {
      statuses,
      ownerUserId: args.owner_user_id,
      limit: args.limit,
      offset: args.offset,
    });
    const now = ctx.clock.now().getTime();
    return {
      filter: { status: args.status ?? "OPEN (NEW, TRIAGED, QUALIFIED, BOOKED)", owner_user_id: ownerFilter(args.owner_user_id) },
      total,
      returned: rows.length,
      offset: args.offset,
      counts_by_status: countsByStatus,
      intakes: rows.map((r) => ({
        id: r.id,
        contact_name: r.contact_name,
        email: r.email,
        audience: r.audience,
        goals: truncate(r.goals, 200),
        status: r.status,
        owner: ownerView(r.owner_user_id, r.owner_name),
        created_at: iso(r.created_at),
        age_days: Math.floor((now - r.created_at.getTime()) / DAY_MS),
      })),
    };
  },
});

export const getIntakeDetail = defineTool({
  name: "get_intake_detail",
  group: "queue",
  description:
    "One intake in full: every field with the complete goals, the owner, its status history newest first (from/to status, note, " +
    "who, when; a note has from_status = to_status) and its bookings with slot times. Use it before deciding on an intake or " +
    "when asked for details.",
  input: z.strictObject({
    intake_id: intakeId,
    history_limit: pageLimit(20, 100).describe("History entries to return, newest first."),
  }),
  effect: POLICY.read,
  untrusted: INTAKE_UNTRUSTED,
  async run(args, ctx) {
    const { intake, history, historyTotal, bookings } = await getDetail(ctx, args.intake_id, args.history_limit);
    return {
      intake: {
        id: intake.id,
        contact_name: intake.contact_name,
        email: intake.email,
        contact_id: intake.contact_id,
        audience: intake.audience,
        goals: truncate(intake.goals, 4000),
        status: intake.status,
        owner: ownerView(intake.owner_user_id, intake.owner_name),
        created_at: iso(intake.created_at),
        updated_at: iso(intake.updated_at),
      },
      history_total: historyTotal,
      history: history.map((h) => ({
        from_status: h.from_status,
        to_status: h.to_status,
        kind: h.from_status === h.to_status ? "note" : "status_change",
        note: truncate(h.note, 1000),
        actor: { type: h.actor_type, id: h.actor_id, name: h.actor_name ?? (h.actor_type === "SYSTEM" ? "Maestro" : null) },
        at: iso(h.created_at),
      })),
      bookings: bookings.map((b) => ({
        booking_id: b.booking_id,
        booking_status: b.booking_status,
        slot_id: b.slot_id,
        start_at: iso(b.start_at),
        end_at: iso(b.end_at),
        slot_status: b.slot_status,
      })),
    };
  },
});

/** The card's action for each kind of status change. */
const TRANSITION_ACTIONS: Record<TransitionKind, (id: number) => string> = {
  same: (id) => `Keep intake #${id}'s status`,
  advance: (id) => `Advance intake #${id}`,
  reject: (id) => `Reject intake #${id}`,
  early_close: (id) => `Close intake #${id} before it was booked`,
  regression: (id) => `Move intake #${id} back`,
};

export const updateIntakeStatus = defineTool({
  name: "update_intake_status",
  group: "queue",
  description:
    "Change an intake's status. Pipeline: NEW → TRIAGED → QUALIFIED → BOOKED → CLOSED (skipping ahead is allowed); REJECTED is " +
    "final. Advancing runs at once; rejecting, closing before BOOKED, moving backward or reopening needs confirmation. Moving " +
    "back from BOOKED or CLOSED requires `note` with the reason. Returns the old and new status and the workflow runs it fired.",
  input: z.strictObject({
    intake_id: intakeId,
    new_status: z.enum(INTAKE_STATUSES).describe("The status to set."),
    note: humanText("note", 2000).optional().describe("Why, kept in the history; required when moving back from BOOKED or CLOSED."),
  }),
  effect: {
    depends: "advance → write; to REJECTED, CLOSED before BOOKED, backward or reopening → gated",
    async classify(args, ctx) {
      const intake = await requireIntake(ctx.db, args.intake_id);
      return INTAKE_TRANSITION_POLICY[classifyTransition(intake.status, args.new_status).kind];
    },
  },
  lock: lockIntake,
  untrusted: INTAKE_UNTRUSTED,
  async preview(args, ctx) {
    const intake = await requireIntake(ctx.db, args.intake_id);
    // A call that would be refused when it runs must not become a card someone can click.
    assertNoteWhenRequired(intake, args.new_status, args.note);
    const kind = classifyTransition(intake.status, args.new_status).kind;
    // The card's words from trusted fields; the prospect's name and the proposed note are quoted (docs/untrusted-text.md).
    return changePreview(
      {
        action: TRANSITION_ACTIONS[kind](intake.id),
        changes: [{ field: "status", before: intake.status, after: args.new_status }],
        destructive: kind === "reject" || kind === "early_close" || kind === "regression",
      },
      { intake_id: intake.id, status: intake.status },
      [contactNameQuote(intake.contact_name), ...(args.note ? [{ label: "The note, as proposed", text: args.note }] : [])],
    );
  },
  async run(args, ctx) {
    const { intake, from, to, change } = await updateStatus(ctx, ctx.actor, {
      intakeId: args.intake_id,
      newStatus: args.new_status,
      note: args.note ?? null,
    });
    return {
      intake_id: intake.id,
      contact_name: intake.contact_name,
      from_status: from,
      to_status: to,
      note: args.note ?? null,
      workflow_executions: executionSummary(change.executions),
    };
  },
});

export const assignIntake = defineTool({
  name: "assign_intake",
  group: "queue",
  description:
    "Set or clear an intake's owner, who must be a staff user (ADMIN or STAFF); null unassigns. Returns the previous and new owner.",
  input: z.strictObject({
    intake_id: intakeId,
    owner_user_id: z.number().int().positive().max(2_147_483_647).nullable().describe("Staff user id, or null to unassign."),
  }),
  effect: POLICY.assign_intake,
  untrusted: INTAKE_UNTRUSTED,
  lock: lockIntake,
  async preview(args, ctx) {
    const intake = await requireIntake(ctx.db, args.intake_id);
    const owner = (id: number | null) => (id === null ? "nobody" : `user #${id}`);
    return changePreview(
      {
        action:
          args.owner_user_id === null ? `Unassign intake #${intake.id}` : `Assign intake #${intake.id} to user #${args.owner_user_id}`,
        changes: [{ field: "owner", before: owner(intake.owner_user_id), after: owner(args.owner_user_id) }],
        destructive: false,
      },
      { intake_id: intake.id, owner_user_id: intake.owner_user_id },
      [contactNameQuote(intake.contact_name)],
    );
  },
  async run(args, ctx) {
    const { intake, previousOwnerName, ownerName, change } = await assignOwner(ctx, ctx.actor, {
      intakeId: args.intake_id,
      ownerUserId: args.owner_user_id,
    });
    return {
      intake_id: intake.id,
      contact_name: intake.contact_name,
      previous_owner: ownerView(intake.owner_user_id, previousOwnerName),
      owner: ownerView(args.owner_user_id, ownerName),
      workflow_executions: executionSummary(change.executions),
    };
  },
});

export const addIntakeNote = defineTool({
  name: "add_intake_note",
  group: "queue",
  description:
    "Append a note to an intake's history without changing its status (e.g. 'called, left a voicemail'). Returns the stored note.",
  input: z.strictObject({
    intake_id: intakeId,
    note: humanText("note", 2000).describe("The note, in plain words."),
  }),
  effect: POLICY.add_intake_note,
  untrusted: INTAKE_UNTRUSTED,
  lock: lockIntake,
  async preview(args, ctx) {
    const intake = await requireIntake(ctx.db, args.intake_id);
    const notes = await countNotes(ctx.db, intake.id);
    return changePreview(
      {
        action: `Add a note to intake #${intake.id}`,
        changes: [{ field: "notes", before: String(notes), after: String(notes + 1) }],
        destructive: false,
      },
      { intake_id: intake.id },
      [contactNameQuote(intake.contact_name), { label: "The note, as proposed", text: args.note }],
    );
  },
  async run(args, ctx) {
    const { intake, history, change } = await addNote(ctx, ctx.actor, { intakeId: args.intake_id, note: args.note });
    return {
      intake_id: intake.id,
      contact_name: intake.contact_name,
      status: intake.status,
      note: history.note,
      at: iso(history.created_at),
      workflow_executions: executionSummary(change.executions),
    };
  },
});

export const intakeTools = [getIntakeQueue, getIntakeDetail, updateIntakeStatus, assignIntake, addIntakeNote];
