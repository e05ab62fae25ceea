// Every button listener: card decisions, role approvals, rule toggles and the rule form, ops-alert buttons.
import type { App } from "@slack/bolt";
import type { Responder } from "../../decisions/response-url.ts";
import { ACTIONS, actionPattern } from "../../ids.ts";
import type { Surface } from "../../surface.ts";
import { decideCard } from "../../cards/decide-card.ts";
import { cardMenuChosen } from "../../cards/card-menu.ts";
import { feedbackClicked } from "./feedback-buttons.ts";
import { approveRole, rejectRole } from "./role-buttons.ts";
import { toggleRule } from "./rule-buttons.ts";
import { openRuleForm } from "./rule-form-buttons.ts";
import { intakeAssignToMe, intakeRejectOpen, intakeStep } from "./alert-intake-buttons.ts";
import { stopButton } from "./stop-button.ts";
import { askMaestro, disableFailedRule, runTestEvent } from "./alert-failure-buttons.ts";
import { openAccessRequest } from "../../access/access-listeners.ts";
import { createWebsiteKey, openAddTeammate, openDigestHowTo } from "../../setup/first-run-listeners.ts";

export function registerActionListeners(app: App, surface: Surface, responder: Responder): void {
  app.action(actionPattern(ACTIONS.confirm), decideCard(surface, "confirm"));
  app.action(actionPattern(ACTIONS.cancel), decideCard(surface, "cancel"));
  app.action(actionPattern(ACTIONS.cardMenu), cardMenuChosen(surface));
  app.action(actionPattern(ACTIONS.feedback), feedbackClicked(surface));
  app.action(actionPattern(ACTIONS.roleApprove), approveRole(surface, responder));
  app.action(actionPattern(ACTIONS.roleReject), rejectRole(surface));
  app.action(actionPattern(ACTIONS.ruleEnable), toggleRule(surface, responder, true));
  app.action(actionPattern(ACTIONS.ruleDisable), toggleRule(surface, responder, false));
  app.action(actionPattern(ACTIONS.ruleNew), openRuleForm(surface, "new"));
  app.action(actionPattern(ACTIONS.ruleEdit), openRuleForm(surface, "edit"));
  // The Home tab's first-run steps (the first rule is New rule above).
  app.action(actionPattern(ACTIONS.setupTeam), openAddTeammate(surface));
  app.action(actionPattern(ACTIONS.setupApiKey), createWebsiteKey(surface));
  app.action(actionPattern(ACTIONS.setupDigest), openDigestHowTo(surface));
  // Ops-channel alerts (a role request's alert uses the role buttons above, its origin read from the block id).
  app.action(actionPattern(ACTIONS.alertIntakeTriage), intakeStep(surface, "TRIAGED"));
  app.action(actionPattern(ACTIONS.alertIntakeQualify), intakeStep(surface, "QUALIFIED"));
  app.action(actionPattern(ACTIONS.alertIntakeAssign), intakeAssignToMe(surface));
  app.action(actionPattern(ACTIONS.alertIntakeReject), intakeRejectOpen(surface));
  app.action(actionPattern(ACTIONS.alertFailureAsk), askMaestro(surface));
  app.action(actionPattern(ACTIONS.alertFailureTest), runTestEvent(surface));
  app.action(actionPattern(ACTIONS.alertFailureDisable), disableFailedRule(surface));
  app.action(actionPattern(ACTIONS.stopTurn), stopButton(surface));
  // Offered to someone who is not staff (the gatekeeper lets this click through for them).
  app.action(actionPattern(ACTIONS.accessRequest), openAccessRequest(surface));
}
