// New rule and Edit… (a rules list, the Home tab's first-run checklist): open the rule form, for an ADMIN only.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { DomainError } from "../../../domain/errors.ts";
import { ruleFormData } from "../../../domain/workflows/rule-edit-service.ts";
import { noticeBlocks } from "../../blocks/notice.ts";
import { ruleFormModal } from "../../blocks/rule-form.ts";
import { boundRowId, CROSSED_CLICK_TEXT } from "../../decisions/button-binding.ts";
import { SlackDelivery } from "../../delivery/delivery.ts";
import { tellPerson } from "../../delivery/tell-person.ts";
import { ACTIONS } from "../../ids.ts";
import { personOf, type Surface } from "../../surface.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export const ADMIN_ONLY_RULES_TEXT = "Only an ADMIN can create or edit workflow rules. Ask an admin, or ask Maestro to propose the rule.";

export const openRuleForm =
  (surface: Surface, mode: "new" | "edit") =>
  async ({ action, body, client, context, respond }: ActionArgs) => {
    const tell = (text: string) =>
      tellPerson(
        body.response_url ? respond : undefined,
        new SlackDelivery(client, surface.logger, body.user.id),
        noticeBlocks(text, { kind: "warning" }),
        surface.logger,
      );
    if (!personOf(context).roles.includes("ADMIN")) return tell(ADMIN_ONLY_RULES_TEXT);
    const ruleId = mode === "edit" ? boundRowId(action, ACTIONS.ruleEdit) : null;
    if (ruleId === undefined) {
      surface.logger.warn({ actionId: action.action_id, blockId: action.block_id }, "slack.button.click_mismatch");
      return tell(CROSSED_CLICK_TEXT);
    }
    try {
      const data = await ruleFormData(surface.db, ruleId);
      await client.views.open({ trigger_id: body.trigger_id, view: ruleFormModal(data) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return tell(`${error.message} It may have been deleted; \`/maestro rules\` lists the rules.`);
    }
  };
