// Enable / Disable on a workflow rule in a list: reversible, runs at once as the clicker.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { parseButtonValue } from "../../ids.ts";
import { personOf, type Surface } from "../../surface.ts";
import { callTool, humanActor } from "../../tool-calls.ts";
import { refreshOrigin } from "./refresh-origin.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export const toggleRule =
  (surface: Surface, enabled: boolean) =>
  async ({ action, body, client, context, respond }: ActionArgs) => {
    const parsed = parseButtonValue(action.value);
    if (!parsed.ok || typeof parsed.value.id !== "number") return;
    const person = personOf(context);
    const outcome = await callTool(surface, humanActor(person, body.user.id, "button"), "toggle_workflow_rule", {
      rule_id: parsed.value.id,
      enabled,
    });
    if (!outcome.ok) {
      await respond({ response_type: "ephemeral", replace_original: false, text: outcome.error.message }).catch(() => undefined);
      return;
    }
    await refreshOrigin(surface, client, body, person, "list_workflow_rules", respond);
  };
