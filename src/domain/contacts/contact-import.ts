// Importing contacts a batch at a time: matched by email (any case), created when new, updated only where the file
// says something different; empty cells leave a field as it is. Set-based: two reads and one insert per batch.
import type { Knex } from "knex";
import { emailKey, recordImportChanges, type ImportBatchOptions, type ImportChange, type RowOutcome } from "../imports/import-batch.ts";
import { AUDIT_ACTIONS, FEED_EVENT_TYPES, type ContactStatus } from "../vocabulary.ts";
import { findContactsByEmails, insertContacts, lockContactEmails, updateContactFields } from "./contact-import-store.ts";

export interface ContactImportRow {
  row: number;
  email: string;
  name: string | null;
  status: ContactStatus | null;
  source: string | null;
  /** When the contact first came to the studio (kept for a new contact; an existing one keeps its own). */
  createdAt: Date | null;
}

type Field = "name" | "status" | "source";

/** A contact as the batch leaves it: read from the database or created by an earlier row of the batch. */
interface Planned {
  id: number | null;
  email: string;
  name: string;
  status: ContactStatus;
  source: string | null;
  createdAt: Date | null;
  isNew: boolean;
  changes: Map<Field, { from: unknown; to: unknown }>;
  firstRow: number;
}

function applyRow(planned: Planned, row: ContactImportRow): Field[] {
  const changed: Field[] = [];
  for (const field of ["name", "status", "source"] as const) {
    const value = row[field];
    if (value === null || value === planned[field]) continue;
    const previous = planned.changes.get(field)?.from ?? planned[field];
    planned.changes.set(field, { from: previous, to: value });
    (planned as unknown as Record<Field, unknown>)[field] = value;
    changed.push(field);
  }
  return changed;
}

export interface ContactBatchResult {
  outcomes: RowOutcome[];
  /** The contact id of every email (lower-cased) the batch accepted. */
  contactIds: Map<string, number>;
}

/** Plans every row against the database and the batch's earlier rows, then writes the net changes. */
export async function importContactBatch(
  trx: Knex,
  rows: readonly ContactImportRow[],
  options: ImportBatchOptions,
): Promise<ContactBatchResult> {
  const keys = [...new Set(rows.map((r) => emailKey(r.email)))];
  // The same per-email lock as upsertContact's: a website enquiry arriving mid-import cannot create a second contact.
  await lockContactEmails(trx, keys);
  const existing = await findContactsByEmails(trx, keys);
  const plans = new Map<string, Planned>();
  const results: { outcome: RowOutcome; plan: Planned | null }[] = [];
  for (const row of rows) {
    const key = emailKey(row.email);
    const known = plans.get(key);
    const found = known ? undefined : existing.get(key);
    if (!known && !found) {
      if (!row.name) {
        results.push({ outcome: refused(row, "name", "a new contact needs a name, and this cell is empty"), plan: null });
        continue;
      }
      const fresh: Planned = {
        ...{ id: null, email: row.email, name: row.name, status: row.status ?? "NEW", source: row.source, createdAt: row.createdAt },
        ...{ isNew: true, changes: new Map(), firstRow: row.row },
      };
      plans.set(key, fresh);
      results.push({ outcome: { row: row.row, outcome: "created", email: row.email }, plan: fresh });
      continue;
    }
    const plan: Planned = known ?? {
      ...{
        id: found!.id,
        email: found!.email ?? row.email,
        name: found!.name,
        status: found!.status,
        source: found!.source,
        createdAt: null,
      },
      ...{ isNew: false, changes: new Map(), firstRow: row.row },
    };
    plans.set(key, plan);
    const changed = applyRow(plan, row);
    const outcome: RowOutcome = changed.length
      ? { row: row.row, outcome: "updated", email: row.email, fields: changed }
      : { row: row.row, outcome: "unchanged", email: row.email };
    results.push({ outcome, plan });
  }
  await writePlans(trx, [...plans.values()], options);
  for (const r of results) if (r.plan) r.outcome.id = r.plan.id!;
  return {
    outcomes: results.map((r) => r.outcome),
    contactIds: new Map([...plans.entries()].map(([key, plan]) => [key, plan.id!])),
  };
}

const refused = (row: ContactImportRow, field: string, reason: string): RowOutcome => ({
  row: row.row,
  outcome: "refused",
  email: row.email,
  fields: [field],
  reason,
});

async function writePlans(trx: Knex, plans: Planned[], options: ImportBatchOptions): Promise<void> {
  const created = plans.filter((p) => p.isNew);
  const ids = await insertContacts(
    trx,
    created.map((p) => ({
      name: p.name,
      email: p.email,
      status: p.status,
      source: p.source,
      created_at: p.createdAt ?? options.at,
      updated_at: options.at,
    })),
  );
  created.forEach((p, i) => (p.id = ids[i]!));
  const updated = plans.filter((p) => !p.isNew && p.changes.size);
  for (const p of updated) {
    await updateContactFields(trx, p.id!, Object.fromEntries([...p.changes].map(([field, c]) => [field, c.to])), options.at);
  }
  await recordImportChanges(trx, [...created.map(createdChange), ...updated.map(updatedChange)], options);
}

function createdChange(p: Planned): ImportChange {
  // The audit details and event metadata upsertContact writes, plus the file's row.
  const metadata = { contact_id: p.id, name: p.name, email: p.email, source: p.source };
  return {
    action: AUDIT_ACTIONS.contactCreate,
    target: { type: "contact", id: p.id! },
    details: { name: p.name, email: p.email, status: p.status, source: p.source, row: p.firstRow },
    event: { type: FEED_EVENT_TYPES.contactCreated, metadata },
  };
}

function updatedChange(p: Planned): ImportChange {
  const status = p.changes.get("status");
  return {
    action: AUDIT_ACTIONS.contactUpdate,
    target: { type: "contact", id: p.id! },
    details: { changed: Object.fromEntries(p.changes), row: p.firstRow },
    ...(status
      ? {
          event: {
            type: FEED_EVENT_TYPES.contactStatusChanged,
            metadata: { contact_id: p.id, name: p.name, email: p.email, from_status: status.from, to_status: status.to },
          },
        }
      : {}),
  };
}
