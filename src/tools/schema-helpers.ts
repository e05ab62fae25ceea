// Building blocks of tool inputs, so bounds and wording are the same across tools.
import { z } from "zod";

// Field descriptions stay short: the JSON schema already shows each field's type, default and bounds to the model.

/** "Intake id (from get_intake_queue)." */
export const entityId = (entity: string, hint: string) =>
  z
    .number()
    .int()
    .positive()
    .max(2_147_483_647)
    .describe(`${entity.charAt(0).toUpperCase()}${entity.slice(1)} id (${hint}).`);

export const pageLimit = (fallback: number, max: number) => z.number().int().min(1).max(max).default(fallback).describe("Rows per page.");

export const pageOffset = () => z.number().int().min(0).max(100_000).default(0).describe("Rows to skip, for the next page.");

export const dayWindow = (fallback: number, max: number) =>
  z.number().int().min(1).max(max).default(fallback).describe("Days back from now.");

/** Text a human wrote: trimmed, non-empty, bounded. */
export const humanText = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, { message: `${what} must not be empty` })
    .max(max, { message: `${what} must be at most ${max} characters` });

/** Shortens long stored text for lists; the detail tools return more. */
export function truncate(text: string | null | undefined, max: number): string | null {
  if (text === null || text === undefined) return null;
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** An instant as ISO 8601 UTC; null stays null (the overloads keep a present date typed as a string for callers). */
export function iso(d: Date | string): string;
export function iso(d: Date | string | null | undefined): string | null;
export function iso(d: Date | string | null | undefined): string | null {
  return d === null || d === undefined ? null : (d instanceof Date ? d : new Date(d)).toISOString();
}
