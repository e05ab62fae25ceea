// What a held call will change, as the tool knows it: a typed view (the action, each field before → after, whether it
// is destructive) the card renders as it is, never parsed back from the arguments. Trusted words only (ids, statuses,
// roles, times): record and argument text goes in the preview's `quoted` (docs/untrusted-text.md).
import type { Preview, QuotedText } from "./tool.ts";

/** One field a call changes, in trusted words: "status", "NEW" → "REJECTED". */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export interface ChangeView {
  /** The action in a few trusted words: "Reject intake #42". */
  action: string;
  changes: FieldChange[];
  /** Final, or takes something away (reject, cancel, disable, move back): Confirm is red and asks again. */
  destructive: boolean;
}

const arrow = (c: FieldChange) => `${c.before} → ${c.after}`;

/** "2026-12-10 10:00–11:30 UTC" (a day's span) or "2026-12-10 22:00 UTC to 2026-12-11 01:00 UTC": a slot, readably. */
export function spanText(start: Date | string, end: Date | string): string {
  const [s, e] = [new Date(start).toISOString(), new Date(end).toISOString()];
  const day = (iso: string) => iso.slice(0, 10);
  const clock = (iso: string) => iso.slice(11, 16);
  return day(s) === day(e) ? `${day(s)} ${clock(s)}–${clock(e)} UTC` : `${day(s)} ${clock(s)} UTC to ${day(e)} ${clock(e)} UTC`;
}

/**
 * The card's one sentence: "Reject intake #42: NEW → REJECTED". A single change shows its values after the action (the
 * field named in brackets when it is not the status: "Assign intake #2 to user #5 (owner: nobody → user #5)"), and several changes are listed on the card, not in the sentence.
 */
export function changeSentence(change: ChangeView): string {
  if (change.changes.length !== 1) return change.action;
  const only = change.changes[0]!;
  return only.field === "status" ? `${change.action}: ${arrow(only)}` : `${change.action} (${only.field}: ${arrow(only)})`;
}

/** "status: NEW → REJECTED", one per changed field, for the card and its text fallback. */
export const changeLines = (change: ChangeView): string[] => change.changes.map((c) => `${c.field}: ${arrow(c)}`);

/** A preview whose summary is the change's sentence, so the card, its notification and the model all say the same. */
export function changePreview(change: ChangeView, snapshot: Record<string, unknown>, quoted: QuotedText[] = []): Preview {
  return { summary: changeSentence(change), change, quoted, snapshot };
}

/** Reads a change view stored with a card's snapshot; undefined for cards held before views existed or of another shape. */
export function storedChange(value: unknown): ChangeView | undefined {
  const v = value as Partial<ChangeView> | null;
  if (!v || typeof v.action !== "string" || typeof v.destructive !== "boolean" || !Array.isArray(v.changes)) return undefined;
  const changes = v.changes.flatMap((c: unknown) => {
    const f = c as Partial<FieldChange> | null;
    return f && typeof f.field === "string" && typeof f.after === "string" && typeof f.before === "string"
      ? [{ field: f.field, before: f.before, after: f.after }]
      : [];
  });
  return { action: v.action, changes, destructive: v.destructive };
}
