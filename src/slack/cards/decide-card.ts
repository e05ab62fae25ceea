// Confirm / Cancel on a confirmation card: only on the card recorded for that action; the agent claims and decides
// (exactly once, across replicas) without waiting on Slack, the card shows "working" and then the outcome, and the
// clicker is told the outcome whenever the card could not show it.
import type { AllMiddlewareArgs, BlockButtonAction, RespondFn, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { SlackPerson } from "../../domain/users/staff-directory.ts";
import type { DecisionOutcome } from "../../agent/agent-types.ts";
import { findPendingAction } from "../../domain/pending-actions/pending-action-store.ts";
import { confirmationCardWorking } from "../blocks/confirmation.ts";
import { cardNotUpdatedText } from "../blocks/fallback-messages.ts";
import { noticeBlocks } from "../blocks/notice.ts";
import { SlackDelivery } from "../delivery/delivery.ts";
import { slackResponder } from "../delivery/slack-responder.ts";
import { ThreadStatus } from "../delivery/thread-status.ts";
import { tellPerson } from "../delivery/tell-person.ts";
import { parseButtonValue } from "../ids.ts";
import { personOf, type Surface } from "../surface.ts";
import { timeOptions } from "../tool-calls.ts";
import { refreshCard, showOutcomeAfter, type CardAt } from "./card-updates.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export const MISMATCH_TEXT = "That button does not belong to the card it was clicked on, so nothing was changed.";

/** A clicked card: its action's id, the message it is, and the thread it sits in (its session's), when it is in one. */
export interface ClickedCard {
  id: string;
  where: CardAt;
  threadTs?: string;
}

/** The card a click came from, and the action id its button carries; undefined when either is unreadable. */
function clickedCard(body: BlockButtonAction, value: string | undefined): ClickedCard | undefined {
  const parsed = parseButtonValue(value);
  const channel = body.container?.channel_id as string | undefined;
  const ts = body.container?.message_ts as string | undefined;
  if (!parsed.ok || typeof parsed.value.id !== "string" || !channel || !ts) return undefined;
  const threadTs = (body.container?.thread_ts ?? (body.message as { thread_ts?: unknown } | undefined)?.thread_ts) as string | undefined;
  return { id: parsed.value.id, where: { channel, ts }, ...(typeof threadTs === "string" && threadTs !== ts ? { threadTs } : {}) };
}

/** The action's own record names the message its card is: a click anywhere else (another card, a forged payload) is refused. */
export async function isItsCard(surface: Surface, id: string, where: CardAt): Promise<"yes" | "no" | "missing"> {
  const row = await findPendingAction(surface.db, id);
  if (!row) return "missing";
  return row.slack_channel_id === where.channel && row.slack_message_ts === where.ts ? "yes" : "no";
}

/** Who decides, from a click or a modal submission, and how to tell them what happened. */
export interface CardDecider {
  client: WebClient;
  slackUserId: string;
  person: SlackPerson;
  /** The click's response_url answer (none for a modal submission: the notice goes by DM). */
  respond?: RespondFn;
}

/**
 * Decides the action of the card at `where` as `decider`: only when the action's record names that message; the card
 * shows "working" while the agent decides (never before), then the outcome. `note`: a cancel's reason, for the model.
 */
export async function decideOnCard(
  surface: Surface,
  decider: CardDecider,
  clicked: ClickedCard | undefined,
  decision: "confirm" | "cancel",
  note?: string,
): Promise<void> {
  const delivery = new SlackDelivery(decider.client, surface.logger, decider.slackUserId);
  const tell = (text: string, kind: "info" | "warning" = "warning") =>
    tellPerson(decider.respond, delivery, noticeBlocks(text, { kind }), surface.logger);
  if (!clicked) return tell("That button could not be read; nothing was changed.");
  const { id, where } = clicked;
  const bound = await isItsCard(surface, id, where);
  if (bound === "missing") return tell("That confirmation no longer exists; nothing was changed.");
  if (bound === "no") {
    surface.logger.warn({ pendingActionId: id, channel: where.channel, ts: where.ts }, "slack.card.click_mismatch");
    return tell(MISMATCH_TEXT);
  }
  const { person } = decider;
  const view = (await surface.agent.viewPendingAction(id))!;
  const working =
    view.status === "pending"
      ? delivery.update(where, confirmationCardWorking(view, { name: person.user.name, decision }, timeOptions(surface)), {
          what: "card_update",
        })
      : Promise.resolve(true);
  const decidedBy = { id: person.user.id, name: person.user.name, roles: person.roles, slackUserId: decider.slackUserId };
  // The decision resumes the run (the model answers with the outcome): the card's thread shows Maestro at work meanwhile,
  // as a fresh turn does, and the status goes once it is all done (the answer's post also clears it at Slack).
  const status =
    clicked.threadTs && view.status === "pending"
      ? new ThreadStatus(surface, decider.client, { channel: where.channel, threadTs: clicked.threadTs })
      : undefined;
  status?.thinking();
  const work = surface.agent.decide(
    { pendingActionId: id, decision, decidedBy, path: "button", ...(note ? { note } : {}) },
    {
      // The resumed run's answer, and the messages queued behind it, come after the card shows the decision.
      ...slackResponder(surface, decider.client, decider.slackUserId),
      decided: (outcome) => showDecision(outcome, { surface, delivery, where, working, tell }),
    },
  );
  surface.track(work);
  try {
    await work;
  } finally {
    status?.clear();
  }
}

export const decideCard =
  (surface: Surface, decision: "confirm" | "cancel") =>
  async ({ action, body, client, context, respond }: ActionArgs) => {
    const clicked = clickedCard(body, action.value);
    if (!clicked) surface.logger.warn({ value: action.value }, "slack.card.bad_value");
    const decider = { client, slackUserId: body.user.id, person: personOf(context), respond: body.response_url ? respond : undefined };
    await decideOnCard(surface, decider, clicked, decision);
  };

/** The outcome on the card; the clicker is told in words when it is not a plain decision or the card kept its old state. */
async function showDecision(
  outcome: DecisionOutcome,
  at: {
    surface: Surface;
    delivery: SlackDelivery;
    where: CardAt;
    working: Promise<boolean>;
    tell: (text: string, kind?: "info") => Promise<void>;
  },
): Promise<void> {
  if (outcome.kind === "not_found") return at.tell(outcome.text);
  const stale = outcome.kind === "decided" && outcome.stale;
  const shown = await showOutcomeAfter(at.working, () => refreshCard(at.surface, at.delivery, at.where, outcome.action, stale));
  if (outcome.kind !== "decided") return at.tell(outcome.text);
  if (!shown) await at.tell(cardNotUpdatedText(outcome.text), "info");
}
