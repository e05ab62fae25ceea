// The only requests someone who is not staff may make: the "Request access" click and its modal's submission.
import type { SlackPerson } from "../../domain/users/staff-directory.ts";
import { ACTIONS, VIEWS } from "../ids.ts";

/** Someone asking for access: their Slack id, and the person they are when the studio knows them. */
export interface Visitor {
  slackUserId: string;
  person: SlackPerson | undefined;
}

/** Whether a payload is the request-access click or modal submission (the gatekeeper lets non-staff through for these). */
export function isAccessRequest(body: unknown): boolean {
  const b = body as { type?: string; actions?: { action_id?: string }[]; view?: { callback_id?: string } };
  if (b.type === "block_actions") return b.actions?.length === 1 && (b.actions[0]?.action_id ?? "").startsWith(`${ACTIONS.accessRequest}:`);
  if (b.type === "view_submission") return b.view?.callback_id === VIEWS.accessRequest;
  return false;
}

/** Set on Bolt's context for a visitor instead of `person`. */
export const visitorOf = (context: Record<string, unknown>): Visitor => context.visitor as Visitor;
