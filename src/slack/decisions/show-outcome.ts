// Shows the outcome of a decision made by a click outside the agent where the click was: the list re-rendered in place
// (or replaced through an ephemeral list's response_url), the Home tab republished, the decided row of a posted digest, or
// the ops alert re-rendered.
import type { AllMiddlewareArgs } from "@slack/bolt";
import { updateAlert } from "../../alerts/alert-render.ts";
import type { AlertKind } from "../../domain/alerts/alert-store.ts";
import type { SlackPerson } from "../../domain/users/staff-directory.ts";
import type { ToolInput, ToolOutput } from "../../tools/catalogue.ts";
import type { ToolOutcome } from "../../tools/execute.ts";
import { digestDecisionLine, markDigestDecision, type DecidedRequest } from "../blocks/digest.ts";
import type { TimeOptions } from "../blocks/format.ts";
import type { Message } from "../blocks/kit.ts";
import { roleRequestBlocks } from "../blocks/role-requests.ts";
import { rulesBlocks } from "../blocks/rules.ts";
import { isSlackResponseUrl } from "../ids.ts";
import { publishHome } from "../listeners/events/home-opened.ts";
import type { Surface } from "../surface.ts";
import { callTool, humanActor, personErrorText, timeOptions } from "../tool-calls.ts";
import type { DecisionOrigin } from "./origin.ts";
import { refreshPostedDigest } from "./posted-digest.ts";
import type { Responder } from "./response-url.ts";

/** Who decided, and what reaches Slack for them. */
export interface Decider {
  surface: Surface;
  client: AllMiddlewareArgs["client"];
  responder: Responder;
  person: SlackPerson;
  slackUserId: string;
}

export type ListTool = "list_role_requests" | "list_workflow_rules";

/** The lists a button can change, re-run with their default arguments and rendered by their builder. */
const LISTS: { [N in ListTool]: { args: ToolInput<N>; blocks: (result: ToolOutput<N>, opts: TimeOptions) => Message } } = {
  list_role_requests: { args: {}, blocks: roleRequestBlocks },
  list_workflow_rules: { args: {}, blocks: rulesBlocks },
};

/** Approve or Reject of a role request, as approve_role_request / reject_role_request answered it. */
export interface RoleDecision {
  requestId: number;
  outcome: ToolOutcome<DecidedRequest>;
}

/** Shows a role decision at its origin. A failure is logged, not thrown: the decider's notice has told the outcome. */
export async function showRoleDecision(decider: Decider, origin: DecisionOrigin, { requestId, outcome }: RoleDecision): Promise<void> {
  if (origin.kind === "alert") return showAlert(decider, origin, "role_request", requestId);
  if (origin.kind !== "digest") return showList(decider, origin, "list_role_requests");
  // Decided (now or by someone before): the row shows the outcome instead of the buttons. Any other failure leaves them.
  if (!outcome.ok && outcome.error.code !== "conflict") return;
  const line = outcome.ok
    ? digestDecisionLine(outcome.result, timeOptions(decider.surface))
    : `Already decided: ${personErrorText(outcome.error)}`;
  await logFailure(decider.surface, async () => {
    const { channel, ts, shown } = origin;
    // A click brings the digest as Slack shows it; a modal's submission does not, so the posted one is read from its run.
    if (shown)
      await decider.client.chat.update({ channel, ts, text: shown.text, blocks: markDigestDecision(shown.blocks, requestId, line) });
    else await refreshPostedDigest(decider, { channel, ts }, requestId, line);
  });
}

/** Shows the list the person was looking at again, re-run as them: after a role decision or a rule toggle. */
export async function showList<N extends ListTool>(decider: Decider, origin: DecisionOrigin, list: N): Promise<void> {
  const { surface, client } = decider;
  await logFailure(surface, async () => {
    if (origin.kind === "home") return publishHome(surface, client, decider.person, decider.slackUserId);
    if (origin.kind !== "list" && origin.kind !== "ephemeral-list") return;
    // The URL may have come back from Slack in private_metadata: checked again before anything is POSTed to it.
    if (origin.kind === "ephemeral-list" && !isSlackResponseUrl(origin.responseUrl, client.slackApiUrl)) {
      surface.logger.warn({ channel: origin.channel }, "slack.decision.response_url_refused");
      return;
    }
    const outcome = await callTool(surface, humanActor(decider.person, decider.slackUserId, "button"), list, LISTS[list].args);
    if (!outcome.ok) return;
    const message = LISTS[list].blocks(outcome.result, timeOptions(surface));
    if (origin.kind === "list")
      await client.chat.update({ channel: origin.channel, ts: origin.ts, text: message.text, blocks: message.blocks });
    // An expired response_url (30 minutes, 5 uses) throws: logged below, and the notice still tells the outcome.
    else
      await decider.responder(origin.responseUrl)({
        response_type: "ephemeral",
        replace_original: true,
        text: message.text,
        blocks: message.blocks,
      });
  });
}

/** An ops alert shows its item as it is now, whatever the click's outcome (decided now, or by someone before). */
export async function showAlert(
  decider: Pick<Decider, "surface" | "client">,
  at: { channel: string; ts: string },
  kind: AlertKind,
  subjectId: number,
): Promise<void> {
  const { surface, client } = decider;
  await logFailure(surface, () => updateAlert({ db: surface.db, client, time: timeOptions(surface) }, at, kind, subjectId));
}

async function logFailure(surface: Surface, show: () => Promise<unknown>): Promise<void> {
  try {
    await show();
  } catch (error) {
    surface.logger.warn({ err: error }, "slack.refresh.failed");
  }
}
