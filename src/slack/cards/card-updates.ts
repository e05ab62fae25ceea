// Keeps a confirmation card true to its pending action (working, decided, expired, stale) through the delivery module,
// so an update Slack refuses is logged and reported to the caller instead of thrown.
import type { PendingActionView } from "../../agent/agent-types.ts";
import { cardForView } from "../blocks/confirmation.ts";
import type { SlackDelivery } from "../delivery/delivery.ts";
import { markCardShown } from "../../domain/pending-actions/pending-action-store.ts";
import type { Surface } from "../surface.ts";
import { timeOptions } from "../tool-calls.ts";

export interface CardAt {
  channel: string;
  ts: string;
}

/** How long a decision's outcome waits for the "working" update still in flight before it replaces the card anyway. */
export const WORKING_UPDATE_WAIT_MS = 3000;

/** Re-renders a card from the action's current state; false when Slack kept the old card. */
export async function refreshCard(surface: Surface, delivery: SlackDelivery, where: CardAt, view: PendingActionView, stale = false) {
  const shown = await delivery.update(where, cardForView(view, { ...timeOptions(surface), stale }), { what: "card_update" });
  // A settled card that never got here (a crash, a Slack failure) is brought up to date by the recovery sweep.
  if (shown) {
    await markCardShown(surface.db, view.id, view.status).catch((error: unknown) =>
      surface.logger.warn({ err: error, pendingActionId: view.id }, "slack.card.mark_shown_failed"),
    );
  }
  return shown;
}

/**
 * Shows a decision's outcome on its card after the "working" update that was sent without waiting for it. A slow
 * "working" update is waited for a little; if it lands later still, the outcome is put back over it.
 */
export async function showOutcomeAfter(working: Promise<boolean>, show: () => Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), WORKING_UPDATE_WAIT_MS)));
  const workingDone = await Promise.race([working.then(() => true), waited]);
  clearTimeout(timer);
  const shown = await show();
  if (!workingDone) void working.then((landed) => (landed ? show() : undefined)).catch(() => undefined);
  return shown;
}
