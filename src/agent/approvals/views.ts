// A pending action as its card (and the model) sees it: status, who asked and decided, the result in words.
import { findPendingAction, type PendingActionRow } from "../../domain/pending-actions/pending-action-store.ts";
import { userNames } from "../../domain/users/user-store.ts";
import type { PendingActionView } from "../agent-types.ts";
import type { Runtime } from "../runtime.ts";
import type { QuotedText } from "../../tools/tool.ts";
import { storedChange } from "../../tools/change-view.ts";

/** The quoted texts stored with the card's snapshot; anything not of that shape is left out. */
function quotedOf(value: unknown): QuotedText[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    const q = item as Partial<QuotedText> | null;
    return q && typeof q.label === "string" && typeof q.text === "string" ? [{ label: q.label, text: q.text }] : [];
  });
}

/** A pending action as a card shows it, with people's names resolved. */
export async function viewsOf(rt: Runtime, rows: readonly PendingActionRow[]): Promise<PendingActionView[]> {
  const names = await userNames(
    rt.db,
    rows.flatMap((r) => [r.requested_by, r.decided_by]),
  );
  return rows.map((row) => ({
    id: row.id,
    toolName: row.tool_name,
    summary: String(row.snapshot.summary ?? row.tool_name),
    quoted: quotedOf(row.snapshot.quoted),
    change: storedChange(row.snapshot.change),
    args: row.args,
    reason: row.reason,
    requestedBy: { id: row.requested_by, name: row.requested_by === null ? "someone" : (names.get(row.requested_by) ?? "someone") },
    askedIn: row.asked_channel_id ? { channelId: row.asked_channel_id, link: row.asked_link ?? null } : undefined,
    decisionNote: row.decision_note ?? null,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    status: row.status,
    decidedBy: row.decided_by === null ? null : { id: row.decided_by, name: names.get(row.decided_by) ?? "someone" },
    decidedAt: row.decided_at,
    resultText: resultTextOf(row, row.decided_by === null ? null : (names.get(row.decided_by) ?? "someone")),
  }));
}

/** What the model (and the card) is told about a decided action. */
export function resultTextOf(row: PendingActionRow, deciderName: string | null): string | null {
  switch (row.status) {
    case "executed":
      return JSON.stringify(row.result);
    case "failed":
      return `Error: ${row.error ?? "the action failed"}`;
    case "cancelled":
      return row.decision_note
        ? `Cancelled by ${deciderName ?? "a staff member"}; nothing was changed. Their reason, as they wrote it: "${row.decision_note}"`
        : `Cancelled by ${deciderName ?? "a staff member"}; nothing was changed.`;
    case "expired":
      return "Expired before anyone decided: not approved, nothing was changed. Ask again if it is still wanted.";
    default:
      return null;
  }
}

export async function viewOf(rt: Runtime, row: PendingActionRow): Promise<PendingActionView> {
  return (await viewsOf(rt, [row]))[0]!;
}

/** The action's current state as its card shows it; undefined when there is no such action. */
export async function findPendingActionView(rt: Runtime, id: string): Promise<PendingActionView | undefined> {
  const row = await findPendingAction(rt.db, id);
  return row ? viewOf(rt, row) : undefined;
}
