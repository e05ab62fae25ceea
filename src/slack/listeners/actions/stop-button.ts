// Stop under a running turn's progress note: ends that conversation's running turn (the asker or an admin only).
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { noticeBlocks } from "../../blocks/notice.ts";
import { parseStopValue } from "../../blocks/stop.ts";
import { SlackDelivery } from "../../delivery/delivery.ts";
import { tellPerson } from "../../delivery/tell-person.ts";
import { CROSSED_CLICK_TEXT } from "../../decisions/button-binding.ts";
import { personOf, type Surface } from "../../surface.ts";
import { STOP_ASKED, stopFromSlack } from "../../stop/stop-turn.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export const stopButton =
  (surface: Surface) =>
  async ({ action, body, client, context, respond }: ActionArgs) => {
    const delivery = new SlackDelivery(client, surface.logger, body.user.id);
    const tell = (text: string, kind: "info" | "warning") =>
      tellPerson(body.response_url ? respond : undefined, delivery, noticeBlocks(text, { kind }), surface.logger);
    const target = parseStopValue(action.value);
    const teamId = body.team?.id ?? body.user.team_id;
    if (!target || !teamId) {
      surface.logger.warn({ actionId: action.action_id }, "slack.button.click_mismatch");
      return tell(CROSSED_CLICK_TEXT, "warning");
    }
    const text = await stopFromSlack(surface, { teamId, ...target }, personOf(context), body.user.id);
    // The turn answers "Stopped." in the conversation: the clicker is told only when nothing was stopped.
    if (text !== STOP_ASKED) await tell(text, "warning");
  };
