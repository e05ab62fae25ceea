// Every view submission listener: the reject-reason modals (a role request's, an intake's from its alert), the rule form.
import type { App } from "@slack/bolt";
import type { Responder } from "../../decisions/response-url.ts";
import { VIEWS } from "../../ids.ts";
import type { Surface } from "../../surface.ts";
import { rejectReasonSubmitted } from "./reject-reason.ts";
import { intakeRejectSubmitted } from "./intake-reject-reason.ts";
import { accessRequestSubmitted } from "../../access/access-listeners.ts";
import { cancelReasonSubmitted } from "../../cards/card-menu.ts";
import { feedbackReasonSubmitted } from "../actions/feedback-buttons.ts";
import { ruleFormSubmitted } from "./rule-form.ts";
import { addTeammateSubmitted } from "../../setup/first-run-listeners.ts";

export function registerViewListeners(app: App, surface: Surface, responder: Responder): void {
  app.view(VIEWS.rejectReason, rejectReasonSubmitted(surface, responder));
  app.view(VIEWS.intakeRejectReason, intakeRejectSubmitted(surface));
  app.view(VIEWS.accessRequest, accessRequestSubmitted(surface));
  app.view(VIEWS.cancelReason, cancelReasonSubmitted(surface));
  app.view(VIEWS.feedbackReason, feedbackReasonSubmitted(surface));
  app.view(VIEWS.ruleForm, ruleFormSubmitted(surface));
  app.view(VIEWS.setupTeam, addTeammateSubmitted(surface));
}
