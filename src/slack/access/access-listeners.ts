// "Request access" for someone who is not staff: the click opens the modal (the roles they may still ask for), the
// submission becomes a role request (api-more's requestRole: one PENDING per person and role) that staff see in
// approvals, the Home tab, the digest and the ops channel. The person is answered in their DM; a second request for the
// same role, or too many in a day, is refused in the modal itself.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { ACCESS_REQUESTS_PER_DAY, pendingRequestFor, requestsInLastDay, rolesToOffer } from "../../domain/roles/access-requests.ts";
import { requestRole } from "../../domain/roles/request-role.ts";
import { DomainError } from "../../domain/errors.ts";
import type { SlackPerson } from "../../domain/users/staff-directory.ts";
import { noticeBlocks } from "../blocks/notice.ts";
import { readAccessSubmission, requestAccessModal } from "../blocks/request-access.ts";
import { SlackDelivery } from "../delivery/delivery.ts";
import { BLOCKS } from "../ids.ts";
import { visitorOf } from "../middleware/access-request.ts";
import { personForRequest } from "../profiles/known-person.ts";
import type { Surface } from "../surface.ts";
import { humanActor } from "../tool-calls.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** Staff may ask for another role too: the gatekeeper sets `person` for them and `visitor` for everyone else. */
const askerOf = (context: Record<string, unknown>): SlackPerson | undefined =>
  (context.person as SlackPerson | undefined) ?? visitorOf(context)?.person;

const dm = (surface: Surface, client: AllMiddlewareArgs["client"], slackUserId: string, text: string, kind: "info" | "warning") =>
  new SlackDelivery(client, surface.logger, slackUserId).toDm([noticeBlocks(text, { kind })], { what: "notice" });

export const openAccessRequest =
  (surface: Surface) =>
  async ({ body, client, context }: ActionArgs) => {
    const asker = askerOf(context);
    const roles = await rolesToOffer(surface.db, asker?.user.id);
    if (!roles.length) {
      await dm(surface, client, body.user.id, "You already hold every role there is; there is nothing to request.", "info");
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: requestAccessModal(roles) });
  };

/** The refusal the modal shows under a field, when there is one; undefined when the request may go ahead. */
async function refusal(surface: Surface, asker: SlackPerson | undefined, role: string): Promise<Record<string, string> | undefined> {
  if (!asker) return undefined;
  const pending = await pendingRequestFor(surface.db, asker.user.id, role);
  if (pending) {
    const since = pending.submitted_at.toISOString().slice(0, 10);
    return { [BLOCKS.accessRoleInput]: `Your request for ${role} (#${pending.id}, ${since}) is already pending; an admin will decide it.` };
  }
  if ((await requestsInLastDay(surface.db, asker.user.id, surface.clock.now())) >= ACCESS_REQUESTS_PER_DAY) {
    return { [BLOCKS.accessReasonInput]: `You have sent ${ACCESS_REQUESTS_PER_DAY} requests in the last day; wait for an admin's answer.` };
  }
  return undefined;
}

export const accessRequestSubmitted =
  (surface: Surface) =>
  async ({ ack, body, view, client, context }: ViewArgs) => {
    const asker = askerOf(context);
    const submission = readAccessSubmission(view, await rolesToOffer(surface.db, asker?.user.id));
    if (!submission.ok) {
      surface.logger.info({ reason: submission.log }, "slack.access_modal.invalid");
      await ack({ response_action: "errors", errors: submission.errors });
      return;
    }
    const refused = await refusal(surface, asker, submission.role);
    if (refused) {
      await ack({ response_action: "errors", errors: refused });
      return;
    }
    await ack();
    // Someone the studio does not know yet becomes a person now (named from Slack): a request needs someone to be for.
    const person = await personForRequest(surface, client, body.user.id);
    const actor = humanActor(person, body.user.id, "button");
    try {
      const { request } = await requestRole(surface, actor, { userId: person.user.id, role: submission.role, reason: submission.reason });
      surface.logger.info({ requestId: request.id, role: request.requested_role, userId: person.user.id }, "slack.access.requested");
      const text = `Your request for the ${request.requested_role} role is in (#${request.id}). An admin will decide; I'll tell you here when they have.`;
      await dm(surface, client, body.user.id, text, "info");
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // Two submissions at once: the second meets the one-pending rule here, after the ack.
      await dm(surface, client, body.user.id, error.message, "warning");
    }
  };
