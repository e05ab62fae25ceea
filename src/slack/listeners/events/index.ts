// Every event listener: DMs, mentions, follow-ups in the channel threads Maestro answers in, the App Home, Slack's Stop
// on an agent session, and the token's revocation.
import type { App } from "@slack/bolt";
import type { Surface } from "../../surface.ts";
import { appMention } from "./app-mention.ts";
import { channelThreadMessage } from "./channel-thread.ts";
import { directMessage } from "./direct-message.ts";
import { homeOpened } from "./home-opened.ts";
import { agentSessionStopped } from "./agent-session-stopped.ts";
import { appUninstalled, tokensRevoked } from "./token-revoked.ts";

export function registerEventListeners(app: App, surface: Surface): void {
  app.message(directMessage(surface));
  app.message(channelThreadMessage(surface));
  app.event("app_mention", appMention(surface));
  app.event("app_home_opened", homeOpened(surface));
  app.event("agent_session_stopped", agentSessionStopped(surface));
  app.event("tokens_revoked", tokensRevoked(surface));
  app.event("app_uninstalled", appUninstalled(surface));
}
