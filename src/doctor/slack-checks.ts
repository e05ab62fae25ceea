// The doctor's Slack checks: the bot token (auth.test), the granted scopes against manifest.yml, the Socket Mode app token.
import type { Check } from "./check.ts";
import { finding } from "./check.ts";
import { manifestScopes } from "./manifest-scopes.ts";
import { doctorSlackClient, slackErrorCode, unreachable } from "./slack-client.ts";

const TOKEN_FIX =
  "set SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page; if the app was uninstalled or the token revoked, reinstall the app first";

export const botTokenCheck: Check = {
  id: "slack.token",
  title: "slack bot token",
  offline: false,
  async run(ctx) {
    const token = ctx.config.slack.botToken;
    if (!token) {
      return finding(this, "fail", "SLACK_BOT_TOKEN is not set", {
        fix: `${TOKEN_FIX} (to try Maestro without Slack: npm run console)`,
      });
    }
    try {
      const auth = await doctorSlackClient(ctx, token).auth.test();
      ctx.slackTokenWorks = true;
      ctx.grantedScopes = auth.response_metadata?.scopes;
      return finding(
        this,
        "pass",
        `team ${auth.team ?? "?"} (${auth.team_id ?? "?"}), bot user @${auth.user ?? "?"} (${auth.user_id ?? "?"})`,
      );
    } catch (error) {
      const code = slackErrorCode(error);
      if (code) return finding(this, "fail", `Slack refused SLACK_BOT_TOKEN: ${code}`, { fix: TOKEN_FIX });
      return finding(this, "fail", unreachable(ctx, error), {
        fix: "check the network path to Slack (proxy, firewall) or SLACK_API_URL if you set it",
      });
    }
  },
};

export const scopesCheck: Check = {
  id: "slack.scopes",
  title: "slack scopes",
  offline: false,
  run(ctx) {
    if (!ctx.slackTokenWorks) return finding(this, "skip", "needs a working SLACK_BOT_TOKEN");
    const wanted = manifestScopes();
    if (!ctx.grantedScopes) {
      return finding(this, "warn", "Slack did not report the token's scopes (no x-oauth-scopes header)", {
        fix: `check OAuth & Permissions lists: ${wanted.join(", ")}`,
      });
    }
    const granted = new Set(ctx.grantedScopes);
    const missing = wanted.filter((s) => !granted.has(s));
    const extra = ctx.grantedScopes.filter((s) => !wanted.includes(s));
    if (missing.length) {
      return finding(this, "fail", `missing ${missing.join(", ")}${extra.length ? `; extra ${extra.join(", ")}` : ""}`, {
        fix: "add the scopes of manifest.yml to the app (App Manifest, or OAuth & Permissions → Scopes), then Reinstall to Workspace",
      });
    }
    if (extra.length) {
      return finding(this, "warn", `granted but not in manifest.yml: ${extra.join(", ")}`, {
        fix: "remove them from the app (OAuth & Permissions → Scopes) and reinstall: Maestro does not need them",
      });
    }
    return finding(this, "pass", `the ${wanted.length} scopes of manifest.yml, no more`);
  },
};

export const appTokenCheck: Check = {
  id: "slack.app-token",
  title: "socket mode token",
  offline: false,
  async run(ctx) {
    const appToken = ctx.config.slack.appToken;
    if (!appToken) return finding(this, "skip", "SLACK_APP_TOKEN is not set: not Socket Mode");
    try {
      // Opening a connection URL proves the token without connecting to it.
      await doctorSlackClient(ctx, appToken).apps.connections.open();
      return finding(this, "pass", "apps.connections.open accepted SLACK_APP_TOKEN");
    } catch (error) {
      const code = slackErrorCode(error);
      if (!code) return finding(this, "fail", unreachable(ctx, error), { fix: "check the network path to Slack" });
      return finding(this, "fail", `Slack refused SLACK_APP_TOKEN: ${code}`, {
        fix: "set SLACK_APP_TOKEN to an app-level token (xapp-…) with connections:write (Basic Information → App-Level Tokens), and turn Socket Mode on in the app settings",
      });
    }
  },
};
