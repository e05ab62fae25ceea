// createIntake: a new enquiry in the queue with its contact (matched by email, else created), in one transaction: the
// history's first line, an audit row naming the actor, and IntakeCreated, so workflow rules fire as for any intake.
import type { Actor } from "../actor.ts";
import type { DomainContext } from "../context.ts";
import { upsertContactIn, type ContactUpsert } from "../contacts/upsert-contact.ts";
import { recordChange, type RecordedChange } from "../record-change.ts";
import { AUDIT_ACTIONS, FEED_EVENT_TYPES } from "../vocabulary.ts";
import { insertIntakeRow } from "./intake-create-store.ts";
import { insertHistory, type IntakeRow } from "./intake-store.ts";

export interface IntakeInput {
  /** The prospect's name, as they gave it. */
  name: string;
  email: string;
  audience?: string | null;
  goals?: string | null;
  /** Where the enquiry came from (website, typeform, import…): on the contact when new, and in the event. */
  source?: string | null;
  /** People in a group enquiry (rules such as big-group-heads-up read it from the event). */
  groupSize?: number | null;
}

export interface CreatedIntake {
  intake: IntakeRow;
  contact: ContactUpsert;
  change: RecordedChange;
}

export async function createIntake(ctx: DomainContext, actor: Actor, input: IntakeInput): Promise<CreatedIntake> {
  return ctx.db.transaction(async (trx) => {
    const at = ctx.clock.now();
    const name = input.name.trim();
    const source = input.source?.trim() || null;
    const contact = await upsertContactIn(trx, actor, { email: input.email, name, source }, at);
    const intake = await insertIntakeRow(
      trx,
      {
        contactId: contact.contact.id,
        contactName: name,
        email: input.email.trim(),
        audience: input.audience?.trim() || null,
        goals: input.goals?.trim() || null,
      },
      at,
    );
    // The first line of the intake's history, as the demo's arrivals have; the history's actor is the system (its
    // actor_type is USER, AGENT or SYSTEM), the audit row and the event name the real actor.
    await insertHistory(
      trx,
      {
        intakeId: intake.id,
        from: "NEW",
        to: "NEW",
        note: `Arrived through ${actor.name}${source ? ` (${source})` : ""}.`,
        actorType: actor.type === "API_KEY" ? "SYSTEM" : actor.type,
        actorId: actor.userId,
      },
      at,
    );
    const metadata = {
      intake_id: intake.id,
      contact_id: contact.contact.id,
      contact_name: intake.contact_name,
      email: intake.email,
      audience: intake.audience,
      source,
      ...(input.groupSize ? { group_size: input.groupSize } : {}),
    };
    const change = await recordChange(
      trx,
      {
        actor,
        action: AUDIT_ACTIONS.intakeCreate,
        target: { type: "intake", id: intake.id },
        details: { ...metadata, contact_outcome: contact.outcome },
        event: { type: FEED_EVENT_TYPES.intakeCreated, metadata },
      },
      at,
    );
    return { intake, contact, change };
  });
}
