// Enable / Disable on a workflow rule in a list: reversible, runs at once as the clicker.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { noticeBlocks } from "../../blocks/notice.ts";
import { SlackDelivery } from "../../delivery/delivery.ts";
import { tellPerson } from "../../delivery/tell-person.ts";
import { originOfClick } from "../../decisions/origin.ts";
import type { Responder } from "../../decisions/response-url.ts";
import { showList } from "../../decisions/show-outcome.ts";
import { boundRowId, CROSSED_CLICK_TEXT } from "../../decisions/button-binding.ts";
import { ACTIONS } from "../../ids.ts";
import { personOf, type Surface } from "../../surface.ts";
import { callTool, humanActor, personErrorText } from "../../tool-calls.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export const toggleRule =
  (surface: Surface, responder: Responder, enabled: boolean) =>
  async ({ action, body, client, context, respond }: ActionArgs) => {
    const delivery = new SlackDelivery(client, surface.logger, body.user.id);
    const tell = (text: string) =>
      tellPerson(body.response_url ? respond : undefined, delivery, noticeBlocks(text, { kind: "warning" }), surface.logger);
    const ruleId = boundRowId(action, enabled ? ACTIONS.ruleEnable : ACTIONS.ruleDisable);
    if (ruleId === undefined) {
      surface.logger.warn({ actionId: action.action_id, blockId: action.block_id }, "slack.button.click_mismatch");
      return tell(CROSSED_CLICK_TEXT);
    }
    const person = personOf(context);
    const outcome = await callTool(surface, humanActor(person, body.user.id, "button"), "toggle_workflow_rule", {
      rule_id: ruleId,
      enabled,
    });
    if (!outcome.ok) {
      return tell(personErrorText(outcome.error));
    }
    const origin = originOfClick(body, action.block_id, { apiUrl: client.slackApiUrl, logger: surface.logger });
    await showList({ surface, client, responder, person, slackUserId: body.user.id }, origin, "list_workflow_rules");
  };
