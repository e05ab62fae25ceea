// Every view submission listener: the reject-reason modal.
import type { App } from "@slack/bolt";
import { VIEWS } from "../../ids.ts";
import type { Surface } from "../../surface.ts";
import { rejectReasonSubmitted } from "./reject-reason.ts";
import { responderFor } from "./response-url.ts";

export function registerViewListeners(app: App, surface: Surface, fetchFn: typeof fetch): void {
  app.view(VIEWS.rejectReason, rejectReasonSubmitted(surface, responderFor(fetchFn)));
}
