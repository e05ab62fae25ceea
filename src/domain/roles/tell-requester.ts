// A decided role request is told to the person who asked, in their Slack DM (channel = their Slack user id): queued in
// the decision's own transaction, posted by the Slack outbox after it commits, so every path that decides (a card, a
// list, the digest, the Home tab, the API) tells them exactly once. Someone without a Slack id is not told here.
import type { Knex } from "knex";
import { queueSlackMessage } from "../outbox/outbox-store.ts";
import { findUser } from "../users/user-store.ts";
import { STAFF_ROLES } from "../vocabulary.ts";
import type { RoleRequestRow } from "./role-store.ts";

/** Text typed by people stays text in Slack: no mentions, links or broadcasts (&, <, > escaped as Slack asks). */
const inert = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function decisionText(
  request: Pick<RoleRequestRow, "id" | "requested_role">,
  decision: { approved: boolean; by: string; reason: string | null },
): string {
  const role = request.requested_role;
  if (decision.approved) {
    const next = (STAFF_ROLES as readonly string[]).includes(role)
      ? " You can use Maestro now: write to me here, or type `/maestro help`."
      : "";
    return `✅ Your request for the ${role} role (#${request.id}) was approved by ${inert(decision.by)}.${next}`;
  }
  const why = decision.reason ? ` Their reason: “${inert(decision.reason)}”` : "";
  return `Your request for the ${role} role (#${request.id}) was declined by ${inert(decision.by)}.${why}`;
}

export async function tellRequester(
  trx: Knex,
  request: RoleRequestRow,
  decision: { approved: boolean; by: string; reason: string | null },
  at: Date,
): Promise<void> {
  const requester = await findUser(trx, request.user_id);
  if (!requester?.slack_user_id) return;
  await queueSlackMessage(trx, { channel: requester.slack_user_id, text: decisionText(request, decision), dryRun: false }, at);
}
