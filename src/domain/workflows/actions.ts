// What a workflow rule can do when its condition holds. Each action returns a result for the
// execution row or throws an Error whose message becomes the execution's error text.
import type { Knex } from "knex";
import { z } from "zod";
import { findContact, setContactStatus } from "../contacts/contact-store.ts";
import { findIntake, insertHistory, setIntakeOwner } from "../intake/intake-store.ts";
import { queueEmail, queueSlackMessage } from "../outbox/outbox-store.ts";
import { findUser, findUserByEmail, isStaff } from "../users/user-store.ts";
import type { ActionType } from "../vocabulary.ts";
import { readPath } from "./condition.ts";
import { ACTION_CONFIG_SCHEMAS } from "./rule-definition.ts";
import { fillTemplate } from "./template.ts";

export interface ActionInput {
  trx: Knex;
  config: Record<string, unknown>;
  /** The triggering event as plain JSON (what conditions and templates read). */
  event: Record<string, unknown>;
  /** EVAL events: actions with outside effects are recorded, never delivered. */
  dryRun: boolean;
  at: Date;
}

type Action = (input: ActionInput) => Promise<Record<string, unknown>>;

function parseConfig<A extends ActionType>(action: A, config: unknown): z.infer<(typeof ACTION_CONFIG_SCHEMAS)[A]> {
  const parsed = ACTION_CONFIG_SCHEMAS[action].safeParse(config) as z.ZodSafeParseResult<z.infer<(typeof ACTION_CONFIG_SCHEMAS)[A]>>;
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid ${action} config: ${issue?.path.join(".") || "config"} ${issue?.message ?? ""}`.trim());
  }
  return parsed.data;
}

/** The id of the event's subject of a kind, from subject_type/subject_id or metadata.<kind>_id. */
function subjectId(event: Record<string, unknown>, kind: "intake" | "contact"): number | undefined {
  const fromSubject = event.subject_type === kind ? event.subject_id : undefined;
  const raw = fromSubject ?? readPath(event, `metadata.${kind}_id`);
  const id = Number(raw);
  return raw !== undefined && raw !== null && Number.isInteger(id) && id > 0 ? id : undefined;
}

async function targetIntake(trx: Knex, event: Record<string, unknown>) {
  const id = subjectId(event, "intake");
  if (id === undefined) throw new Error("intake not found: the event names no intake (subject or metadata.intake_id)");
  const intake = await findIntake(trx, id);
  if (!intake) throw new Error(`intake not found: intake ${id} does not exist`);
  return intake;
}

const addIntakeNote: Action = async ({ trx, config, event, at }) => {
  const { note } = parseConfig("ADD_INTAKE_NOTE", config);
  const intake = await targetIntake(trx, event);
  const row = await insertHistory(
    trx,
    { intakeId: intake.id, from: intake.status, to: intake.status, note: fillTemplate(note, event), actorType: "SYSTEM", actorId: null },
    at,
  );
  return { intake_id: intake.id, history_id: row.id, note: row.note };
};

const setContactStatusAction: Action = async ({ trx, config, event, at }) => {
  const { status } = parseConfig("SET_CONTACT_STATUS", config);
  let contactId = subjectId(event, "contact");
  if (contactId === undefined) {
    const intakeId = subjectId(event, "intake");
    const intake = intakeId === undefined ? undefined : await findIntake(trx, intakeId);
    contactId = intake?.contact_id ?? undefined;
    if (contactId === undefined) {
      throw new Error(`contact not found: ${intake ? `intake ${intake.id} has no contact` : "the event names no contact or intake"}`);
    }
  }
  const before = await findContact(trx, contactId);
  if (!before) throw new Error(`contact not found: contact ${contactId} does not exist`);
  await setContactStatus(trx, contactId, status, at);
  return { contact_id: contactId, from_status: before.status, to_status: status };
};

const assignOwner: Action = async ({ trx, config, event, at }) => {
  const cfg = parseConfig("ASSIGN_OWNER", config);
  const user = cfg.user_id !== undefined ? await findUser(trx, cfg.user_id) : await findUserByEmail(trx, cfg.user_email!);
  if (!user) throw new Error(`user not found: ${cfg.user_id !== undefined ? `user ${cfg.user_id}` : cfg.user_email} does not exist`);
  if (!(await isStaff(trx, user.id))) throw new Error(`user ${user.name} is not staff and cannot own intakes`);
  const intake = await targetIntake(trx, event);
  await setIntakeOwner(trx, intake.id, user.id, at);
  return { intake_id: intake.id, owner_user_id: user.id, owner_name: user.name, previous_owner_user_id: intake.owner_user_id };
};

const notifySlack: Action = async ({ trx, config, event, dryRun, at }) => {
  const cfg = parseConfig("NOTIFY_SLACK", config);
  const text = fillTemplate(cfg.text, event);
  const queued = await queueSlackMessage(trx, { channel: cfg.channel, text, dryRun }, at);
  return { channel: cfg.channel, text, outbox_id: queued.id, delivery: dryRun ? "dry_run" : "queued" };
};

const sendEmail: Action = async ({ trx, config, event, dryRun, at }) => {
  const cfg = parseConfig("SEND_EMAIL", config);
  const to = fillTemplate(cfg.to, event).trim();
  if (!to.includes("@")) throw new Error(`no recipient: "${cfg.to}" resolved to "${to}", not an email address`);
  const subject = fillTemplate(cfg.subject ?? `Message from the studio (${cfg.template ?? "notice"})`, event);
  const body = fillTemplate(cfg.body ?? `template:${cfg.template ?? "default"}`, event);
  const queued = await queueEmail(trx, { to, subject, body, dryRun }, at);
  return { to, subject, outbox_id: queued.id, delivery: dryRun ? "dry_run" : "queued" };
};

export const ACTIONS: Record<ActionType, Action> = {
  ADD_INTAKE_NOTE: addIntakeNote,
  SET_CONTACT_STATUS: setContactStatusAction,
  ASSIGN_OWNER: assignOwner,
  NOTIFY_SLACK: notifySlack,
  SEND_EMAIL: sendEmail,
};
