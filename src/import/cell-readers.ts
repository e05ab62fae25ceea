// Reading one cell into a domain value, or the plain-words reason it cannot be: shared by every kind of import.
import { storableText } from "../domain/untrusted-text.ts";

/** A cell's value, or why the row is refused (the field and the reason). */
export type CellResult<T> = { ok: true; value: T } | { ok: false; field: string; reason: string };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const bad = (field: string, reason: string): CellResult<never> => ({ ok: false, field, reason });

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export function readEmail(cell: string | null, field = "email"): CellResult<string> {
  if (!cell) return bad(field, "the email is empty, and rows are matched by email");
  const email = storableText(cell).replace(/^mailto:/i, "");
  if (!EMAIL.test(email)) return bad(field, `"${clip(cell)}" is not an email address`);
  if (email.length > 254) return bad(field, "the email is longer than 254 characters");
  return ok(email);
}

export function readText(cell: string | null, field: string, maxLength: number): CellResult<string | null> {
  if (cell === null) return ok(null);
  const text = storableText(cell);
  if (text.length > maxLength) return bad(field, `the ${field} is ${text.length} characters long; at most ${maxLength} are kept`);
  return ok(text);
}

/** One of `values`, whatever its case; null when the cell is empty. */
export function readChoice<T extends string>(cell: string | null, field: string, values: readonly T[]): CellResult<T | null> {
  if (cell === null) return ok(null);
  const value = values.find((v) => v === cell.toUpperCase().replace(/[\s-]+/g, "_"));
  return value ? ok(value) : bad(field, `"${clip(cell)}" is not a ${field}; use one of ${values.join(", ")}`);
}

/** Several of `values` in one cell, separated by commas, semicolons, slashes, pipes or spaces. */
export function readChoices<T extends string>(cell: string | null, field: string, values: readonly T[]): CellResult<T[]> {
  if (cell === null) return ok([]);
  const words = cell.split(/[\s,;/|+]+/).filter(Boolean);
  const chosen: T[] = [];
  for (const word of words) {
    const value = values.find((v) => v === word.toUpperCase());
    if (!value) return bad(field, `"${clip(word)}" is not one of the ${field}: ${values.join(", ")}`);
    if (!chosen.includes(value)) chosen.push(value);
  }
  return ok(chosen);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * A date written as 2024-03-31 (midnight UTC) or 2024-03-31T09:30 / 2024-03-31 09:30:00+01:00 (UTC when no offset).
 * Only ISO: 03/04/2024 is the 4th of March in one country and the 3rd of April in another, so it is refused, not guessed.
 */
export function readDate(cell: string | null, field: string, now: Date): CellResult<Date | null> {
  if (cell === null) return ok(null);
  const match = ISO_DATE.exec(cell);
  const refuse = () => bad(field, `"${clip(cell)}" is not a date Maestro reads: write it as 2024-03-31 or 2024-03-31 09:30`);
  if (!match) return refuse();
  const [, year, month, day, hour, , , offset] = match;
  const date = hour ? new Date(`${cell.replace(" ", "T")}${offset ? "" : "Z"}`) : new Date(`${cell}T00:00:00Z`);
  const realDay = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))).getUTCDate() === Number(day);
  if (Number.isNaN(date.getTime()) || !realDay || Number(month) > 12 || Number(month) < 1) return refuse();
  if (date > now) return bad(field, `${cell} is in the future`);
  return ok(date);
}

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);
