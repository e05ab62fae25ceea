// Importing intakes a batch at a time: each row's contact matched or created by email, then its intake matched (the
// email's intake created at the row's date, or its latest) or created at a status an intake may start at.
import type { Knex } from "knex";
import { importContactBatch } from "../contacts/contact-import.ts";
import { emailKey, recordImportChanges, type ImportBatchOptions, type ImportChange, type RowOutcome } from "../imports/import-batch.ts";
import { AUDIT_ACTIONS, FEED_EVENT_TYPES, type IntakeStatus } from "../vocabulary.ts";
import {
  findIntakesByEmails,
  insertImportHistory,
  insertIntakes,
  updateIntakeFields,
  type ImportedIntakeRow,
} from "./intake-import-store.ts";
import { classifyTransition } from "./transitions.ts";

export interface IntakeImportRow {
  row: number;
  email: string;
  name: string;
  audience: string | null;
  goals: string | null;
  /** null: NEW for a new intake, and whatever an existing one has. */
  status: IntakeStatus | null;
  /** Where the prospect came from: the contact's source when it is created. */
  source: string | null;
  createdAt: Date | null;
}

/**
 * Why an intake may not start at this status, or null when it may: an import creates an intake as if it had advanced
 * from NEW, so only the forward steps are allowed. A final decision (REJECTED, CLOSED) is a human's, and BOOKED needs a
 * booked slot, which a spreadsheet row does not carry.
 */
export function startingStatusProblem(status: IntakeStatus): string | null {
  if (status === "BOOKED") return "an intake is BOOKED by booking one of Maestro's slots; import it as QUALIFIED and book it in Maestro";
  const kind = classifyTransition("NEW", status).kind;
  if (kind === "same" || kind === "advance") return null;
  return `an imported intake cannot start as ${status}: that is a final decision about a prospect, made in Maestro (NEW, TRIAGED or QUALIFIED are allowed)`;
}

type Field = "contact_name" | "audience" | "goals";

interface Planned {
  id: number | null;
  existing: ImportedIntakeRow | null;
  contactId: number;
  email: string;
  values: Record<Field, string | null> & { status: IntakeStatus; created_at: Date };
  changes: Map<Field, { from: unknown; to: unknown }>;
  source: string | null;
  firstRow: number;
}

export async function importIntakeBatch(trx: Knex, rows: readonly IntakeImportRow[], options: ImportBatchOptions): Promise<RowOutcome[]> {
  const contacts = await importContactBatch(
    trx,
    rows.map((r) => ({ row: r.row, email: r.email, name: r.name, status: null, source: r.source, createdAt: r.createdAt })),
    options,
  );
  const existing = await findIntakesByEmails(trx, [...contacts.contactIds.keys()]);
  const planned = new Map<string, Planned[]>();
  const existingPlans = new Map<number, Planned>();
  const results: { outcome: RowOutcome; plan: Planned | null }[] = [];
  for (const row of rows) {
    const key = emailKey(row.email);
    const contactId = contacts.contactIds.get(key)!;
    const candidates = [...(existing.get(key) ?? []).map((e) => planFor(existingPlans, e, contactId, row)), ...(planned.get(key) ?? [])];
    const match = row.createdAt
      ? candidates.find((c) => c.values.created_at.getTime() === row.createdAt!.getTime())
      : candidates.reduce<Planned | undefined>(
          (latest, c) => (!latest || c.values.created_at >= latest.values.created_at ? c : latest),
          undefined,
        );
    if (!match) {
      const fresh: Planned = {
        ...{ id: null, existing: null, contactId, email: row.email, source: row.source, firstRow: row.row, changes: new Map() },
        values: {
          contact_name: row.name,
          audience: row.audience,
          goals: row.goals,
          status: row.status ?? "NEW",
          created_at: row.createdAt ?? options.at,
        },
      };
      planned.set(key, [...(planned.get(key) ?? []), fresh]);
      results.push({ outcome: { row: row.row, outcome: "created", email: row.email }, plan: fresh });
      continue;
    }
    if (row.status && row.status !== match.values.status) {
      const reason = `intake ${match.id} of this email is ${match.values.status} in Maestro and the file says ${row.status}: an import never moves an intake's status`;
      results.push({ outcome: { row: row.row, outcome: "refused", email: row.email, fields: ["status"], reason }, plan: null });
      continue;
    }
    if (!planned.get(key)?.includes(match)) planned.set(key, [...(planned.get(key) ?? []), match]);
    const changed = applyRow(match, row);
    const kind = changed.length ? "updated" : "unchanged";
    results.push({
      outcome: { row: row.row, outcome: kind, email: row.email, ...(changed.length ? { fields: changed } : {}) },
      plan: match,
    });
  }
  await writePlans(trx, [...planned.values()].flat(), options);
  for (const r of results) if (r.plan) r.outcome.id = r.plan.id!;
  return results.map((r) => r.outcome);
}

/** The one plan of an existing intake within a batch, so two rows matching it share their changes. */
function planFor(plans: Map<number, Planned>, existing: ImportedIntakeRow, contactId: number, row: IntakeImportRow): Planned {
  let plan = plans.get(existing.id);
  if (!plan) {
    plan = {
      ...{ id: existing.id, existing, contactId, email: existing.email, source: null, firstRow: row.row, changes: new Map() },
      values: {
        contact_name: existing.contact_name,
        audience: existing.audience,
        goals: existing.goals,
        status: existing.status,
        created_at: existing.created_at,
      },
    };
    plans.set(existing.id, plan);
  }
  return plan;
}

function applyRow(plan: Planned, row: IntakeImportRow): Field[] {
  const changed: Field[] = [];
  const given: Record<Field, string | null> = { contact_name: row.name, audience: row.audience, goals: row.goals };
  for (const field of ["contact_name", "audience", "goals"] as const) {
    const value = given[field];
    if (value === null || value === plan.values[field]) continue;
    plan.changes.set(field, { from: plan.changes.get(field)?.from ?? plan.values[field], to: value });
    plan.values[field] = value;
    changed.push(field);
  }
  return changed;
}

async function writePlans(trx: Knex, plans: Planned[], options: ImportBatchOptions): Promise<void> {
  const created = plans.filter((p) => !p.existing);
  const ids = await insertIntakes(
    trx,
    created.map((p) => ({
      contact_id: p.contactId,
      email: p.email,
      ...p.values,
      contact_name: p.values.contact_name!,
      updated_at: options.at,
    })),
  );
  created.forEach((p, i) => (p.id = ids[i]!));
  await insertImportHistory(
    trx,
    created.map((p) => ({
      intakeId: p.id!,
      to: p.values.status,
      note: `Imported from a spreadsheet (row ${p.firstRow}).`,
      at: p.values.created_at,
    })),
    { type: options.actor.type, id: options.actor.userId },
  );
  const updated = plans.filter((p) => p.existing && p.changes.size);
  for (const p of updated) await updateIntakeFields(trx, p.id!, Object.fromEntries([...p.changes].map(([f, c]) => [f, c.to])), options.at);
  // The audit details and IntakeCreated metadata createIntake writes, plus the status it started at and the file's row.
  const metadataOf = (p: Planned) => ({
    intake_id: p.id,
    contact_id: p.contactId,
    contact_name: p.values.contact_name,
    email: p.email,
    audience: p.values.audience,
    source: p.source,
  });
  const changes: ImportChange[] = [
    ...created.map((p) => ({
      action: AUDIT_ACTIONS.intakeCreate,
      target: { type: "intake", id: p.id! },
      details: { ...metadataOf(p), status: p.values.status, row: p.firstRow },
      event: { type: FEED_EVENT_TYPES.intakeCreated, metadata: metadataOf(p) },
    })),
    ...updated.map((p) => ({
      action: AUDIT_ACTIONS.intakeUpdate,
      target: { type: "intake", id: p.id! },
      details: { changed: Object.fromEntries(p.changes), row: p.firstRow },
    })),
  ];
  await recordImportChanges(trx, changes, options);
}
