// Confirm / Cancel on a confirmation card: replace the card at once so it cannot be clicked again,
// let the agent claim and decide (exactly once, across replicas), show the outcome, resume the run.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { confirmationCardWorking } from "../blocks/confirmation.ts";
import { parseButtonValue } from "../ids.ts";
import { refreshCard, updateCard } from "./card-updates.ts";
import { slackResponder } from "../delivery/slack-responder.ts";
import { personOf, type Surface } from "../surface.ts";
import { timeOptions } from "../tool-calls.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export const decideCard =
  (surface: Surface, decision: "confirm" | "cancel") =>
  async ({ action, body, client, context, respond }: ActionArgs) => {
    const person = personOf(context);
    const tell = (text: string) => respond({ response_type: "ephemeral", replace_original: false, text }).catch(() => undefined);
    const parsed = parseButtonValue(action.value);
    const where = body.container?.message_ts
      ? { channel: body.container.channel_id as string, ts: body.container.message_ts as string }
      : undefined;
    if (!parsed.ok || typeof parsed.value.id !== "string" || !where) {
      surface.logger.warn({ value: action.value }, "slack.card.bad_value");
      await tell("That button could not be read; nothing was changed.");
      return;
    }
    const id = parsed.value.id;
    const view = await surface.agent.viewPendingAction(id);
    if (!view) {
      await tell("That confirmation no longer exists; nothing was changed.");
      return;
    }
    if (view.status === "pending") {
      await updateCard(client, where, confirmationCardWorking(view, { name: person.user.name, decision }, timeOptions(surface)));
    }
    const decidedBy = { id: person.user.id, name: person.user.name, roles: person.roles, slackUserId: body.user.id };
    const work = surface.agent.decide(
      { pendingActionId: id, decision, decidedBy, path: "button" },
      {
        // The resumed run's answer, and the messages queued behind it, come after the card shows the decision.
        ...slackResponder(surface, client, body.user.id),
        async decided(outcome) {
          if (outcome.kind === "not_found") {
            await tell(outcome.text);
            return;
          }
          await refreshCard(surface, client, where, outcome.action, outcome.kind === "decided" && outcome.stale);
          if (outcome.kind !== "decided") await tell(outcome.text);
        },
      },
    );
    surface.track(work);
    await work;
  };
