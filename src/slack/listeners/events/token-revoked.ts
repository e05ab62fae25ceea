// Slack's notices that Maestro's bot token is gone: `tokens_revoked` (when it lists bot tokens; user tokens are not
// Maestro's) and `app_uninstalled`. Posting stops everywhere until the token works again (src/slack/token-state.ts).
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { Surface } from "../../surface.ts";
import { recordTokenRevoked } from "../../token-state.ts";

type RevokedArgs = SlackEventMiddlewareArgs<"tokens_revoked"> & AllMiddlewareArgs;
type UninstalledArgs = SlackEventMiddlewareArgs<"app_uninstalled"> & AllMiddlewareArgs;

export const tokensRevoked =
  (surface: Surface) =>
  async ({ event, body }: RevokedArgs) => {
    const bots = event.tokens.bot ?? [];
    if (!bots.length) {
      surface.logger.debug({ users: event.tokens.oauth?.length ?? 0 }, "slack.token.user_tokens_revoked");
      return;
    }
    await recordTokenRevoked(surface, "tokens_revoked", body.team_id);
  };

export const appUninstalled =
  (surface: Surface) =>
  async ({ body }: UninstalledArgs) => {
    await recordTokenRevoked(surface, "app_uninstalled", body.team_id);
  };
