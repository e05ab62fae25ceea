// Every button listener: card decisions, role approvals, rule toggles.
import type { App } from "@slack/bolt";
import { ACTIONS, actionPattern } from "../../ids.ts";
import type { Surface } from "../../surface.ts";
import { decideCard } from "./decide-card.ts";
import { approveRole, rejectRole } from "./role-buttons.ts";
import { toggleRule } from "./rule-buttons.ts";

export function registerActionListeners(app: App, surface: Surface): void {
  app.action(actionPattern(ACTIONS.confirm), decideCard(surface, "confirm"));
  app.action(actionPattern(ACTIONS.cancel), decideCard(surface, "cancel"));
  app.action(actionPattern(ACTIONS.roleApprove), approveRole(surface));
  app.action(actionPattern(ACTIONS.roleReject), rejectRole(surface));
  app.action(actionPattern(ACTIONS.ruleEnable), toggleRule(surface, true));
  app.action(actionPattern(ACTIONS.ruleDisable), toggleRule(surface, false));
}
