// The three kinds of import: their columns (with the aliases spreadsheets use), how a row's cells become the domain's
// input or a refusal, and the domain function that applies a batch.
import type { Knex } from "knex";
import { importContactBatch } from "../domain/contacts/contact-import.ts";
import { emailKey, type ImportBatchOptions, type RowOutcome } from "../domain/imports/import-batch.ts";
import { importIntakeBatch, startingStatusProblem, type IntakeImportRow } from "../domain/intake/intake-import.ts";
import { importPeopleBatch } from "../domain/users/people-import.ts";
import { CONTACT_STATUSES, INTAKE_STATUSES, ROLE_NAMES } from "../domain/vocabulary.ts";
import { readChoice, readChoices, readDate, readEmail, readText, type CellResult } from "./cell-readers.ts";
import type { ColumnSpec } from "./header-map.ts";

export const IMPORT_KINDS = ["contacts", "intakes", "people"] as const;
export type ImportKindName = (typeof IMPORT_KINDS)[number];

export interface KindOptions extends ImportBatchOptions {
  grantAdmin: boolean;
}

export interface ImportKind<Row> {
  name: ImportKindName;
  columns: readonly ColumnSpec[];
  /** The row's cells as the domain's input, or the field and reason it is refused. */
  read(cells: Record<string, string | null>, row: number, now: Date): CellResult<Row>;
  applyBatch(trx: Knex, rows: readonly Row[], options: KindOptions): Promise<RowOutcome[]>;
  /**
   * What makes two rows of one file the same record (the email; for intakes the email and date): a later row with the
   * same key is refused, so a file that says two things about one person cannot flip it back and forth on every run.
   */
  key(row: Row): string;
}

const EMAIL: ColumnSpec = {
  key: "email",
  aliases: ["e-mail", "email address", "e-mail address", "mail"],
  required: true,
  describe: "the key rows are matched on",
};
const FIRST = ["first name", "firstname", "given name", "forename", "first"];
const LAST = ["last name", "lastname", "surname", "family name", "last"];
const name = (required: boolean, describe: string): ColumnSpec => ({
  key: "name",
  aliases: ["full name", "contact name", "contact", "client name", "client", "customer", "student", "member"],
  required,
  describe,
  joinOf: [FIRST, LAST],
});
const source: ColumnSpec = {
  key: "source",
  aliases: ["lead source", "channel", "origin", "how did you hear about us", "referral"],
  required: false,
  describe: "where they came from (website, walk-in, instagram…)",
};
const createdAt: ColumnSpec = {
  key: "created_at",
  aliases: ["created", "date", "date added", "added", "submitted", "submitted at", "timestamp", "since"],
  required: false,
  describe: "when they first came, 2024-03-31 or 2024-03-31 09:30 (UTC unless an offset is given)",
};

/** Runs the readers in order: the first refusal wins, else every value. */
function readAll<T extends object>(readers: { [K in keyof T]: () => CellResult<T[K]> }): CellResult<T> {
  const values = {} as T;
  for (const key of Object.keys(readers) as (keyof T)[]) {
    const result = readers[key]();
    if (!result.ok) return result;
    values[key] = result.value;
  }
  return { ok: true, value: values };
}

const contacts: ImportKind<Parameters<typeof importContactBatch>[1][number]> = {
  name: "contacts",
  columns: [
    EMAIL,
    name(true, "needed for a new contact; an empty cell keeps an existing contact's name"),
    {
      key: "status",
      aliases: ["stage", "contact status", "pipeline stage"],
      required: false,
      describe: `${CONTACT_STATUSES.join(", ")} (NEW for a new contact)`,
    },
    source,
    createdAt,
  ],
  read: (cells, row, now) =>
    readAll({
      row: () => ({ ok: true, value: row }),
      email: () => readEmail(cells.email ?? null),
      name: () => readText(cells.name ?? null, "name", 200),
      status: () => readChoice(cells.status ?? null, "contact status", CONTACT_STATUSES),
      source: () => readText(cells.source ?? null, "source", 100),
      createdAt: () => readDate(cells.created_at ?? null, "created_at", now),
    }),
  applyBatch: async (trx, rows, options) => (await importContactBatch(trx, rows, options)).outcomes,
  key: (row) => emailKey(row.email),
};

const intakes: ImportKind<IntakeImportRow> = {
  name: "intakes",
  columns: [
    EMAIL,
    name(true, "the prospect's name"),
    {
      key: "audience",
      aliases: ["for", "who", "group", "type", "audience type"],
      required: false,
      describe: "who it is for (individual, group, kids…)",
    },
    {
      key: "goals",
      aliases: ["goal", "message", "notes", "note", "enquiry", "inquiry", "comments", "details", "what are you looking for"],
      required: false,
      describe: "what they are looking for, in their words",
    },
    { key: "status", aliases: ["stage", "intake status"], required: false, describe: "NEW (the default), TRIAGED or QUALIFIED" },
    source,
    createdAt,
  ],
  read: (cells, row, now) =>
    readAll<IntakeImportRow>({
      row: () => ({ ok: true, value: row }),
      email: () => readEmail(cells.email ?? null),
      name: () =>
        (cells.name
          ? readText(cells.name, "name", 200)
          : { ok: false, field: "name", reason: "the name is empty; an intake needs one" }) as CellResult<string>,
      audience: () => readText(cells.audience ?? null, "audience", 100),
      goals: () => readText(cells.goals ?? null, "goals", 5000),
      status: () => {
        const status = readChoice(cells.status ?? null, "intake status", INTAKE_STATUSES);
        const problem = status.ok && status.value ? startingStatusProblem(status.value) : null;
        return problem ? { ok: false, field: "status", reason: problem } : status;
      },
      source: () => readText(cells.source ?? null, "source", 100),
      createdAt: () => readDate(cells.created_at ?? null, "created_at", now),
    }),
  applyBatch: (trx, rows, options) => importIntakeBatch(trx, rows, options),
  key: (row) => `${emailKey(row.email)} ${row.createdAt?.toISOString() ?? "(no date)"}`,
};

const people: ImportKind<Parameters<typeof importPeopleBatch>[1][number]> = {
  name: "people",
  columns: [
    EMAIL,
    name(true, "needed for a new person; an empty cell keeps an existing person's name"),
    {
      key: "roles",
      aliases: ["role", "roles held", "access", "permissions"],
      required: false,
      describe: `any of ${ROLE_NAMES.join(", ")}, separated by commas or semicolons; only ever added`,
    },
  ],
  read: (cells, row) =>
    readAll({
      row: () => ({ ok: true, value: row }),
      email: () => readEmail(cells.email ?? null),
      name: () => readText(cells.name ?? null, "name", 200),
      roles: () => readChoices(cells.roles ?? null, "roles", ROLE_NAMES),
    }),
  applyBatch: (trx, rows, options) => importPeopleBatch(trx, rows, options),
  key: (row) => emailKey(row.email),
};

export const KINDS: Record<ImportKindName, ImportKind<unknown>> = { contacts, intakes, people } as unknown as Record<
  ImportKindName,
  ImportKind<unknown>
>;
