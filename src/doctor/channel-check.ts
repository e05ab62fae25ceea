// A channel the bot posts to exists and the bot is in it (conversations.info → is_member). One factory per channel
// setting: DIGEST_CHANNEL and OPS_CHANNEL.
import type { Check, DoctorContext } from "./check.ts";
import { finding } from "./check.ts";
import { doctorSlackClient, slackErrorCode, unreachable } from "./slack-client.ts";

export function channelCheck(
  id: string,
  setting: string,
  channelOf: (ctx: DoctorContext) => string | undefined,
  unsetMeans: string,
): Check {
  return {
    id,
    title: setting.toLowerCase().replace(/_/g, " "),
    offline: false,
    async run(ctx) {
      const channel = channelOf(ctx);
      if (!channel) return finding(this, "skip", `${setting} is not set: ${unsetMeans}`);
      if (!ctx.slackTokenWorks) return finding(this, "skip", `${setting} is ${channel}; checking it needs a working SLACK_BOT_TOKEN`);
      try {
        const info = await doctorSlackClient(ctx, ctx.config.slack.botToken!).conversations.info({ channel });
        const name = info.channel?.name ? `#${info.channel.name}` : channel;
        if (info.channel?.is_archived) {
          return finding(this, "fail", `${name} is archived`, { fix: `unarchive it, or set ${setting} to another channel's id` });
        }
        if (!info.channel?.is_member) {
          return finding(this, "fail", `${name} exists but the bot is not a member: its posts would fail with not_in_channel`, {
            fix: `invite the bot: type /invite @Maestro in ${name}`,
          });
        }
        return finding(this, "pass", `${name} (${channel}), the bot is a member`);
      } catch (error) {
        const code = slackErrorCode(error);
        if (code === "channel_not_found") {
          return finding(this, "fail", `${setting}=${channel} is not a channel the bot can see`, {
            fix: `set ${setting} to the channel's id (channel name → About → Channel ID, e.g. C0123456789); a private channel must invite the bot first (/invite @Maestro)`,
          });
        }
        if (code === "missing_scope") {
          return finding(this, "fail", "the token lacks channels:read (or groups:read for a private channel)", {
            fix: "add the scopes of manifest.yml to the app and reinstall it",
          });
        }
        if (code) return finding(this, "fail", `conversations.info failed: ${code}`, { fix: `check ${setting}` });
        return finding(this, "fail", unreachable(ctx, error), { fix: "check the network path to Slack" });
      }
    },
  };
}

export const digestChannelCheck = channelCheck(
  "digest-channel",
  "DIGEST_CHANNEL",
  (ctx) => ctx.config.digest.channel,
  "no scheduled digest",
);

export const opsChannelCheck = channelCheck("ops-channel", "OPS_CHANNEL", (ctx) => ctx.config.alerts.channel, "no ops alerts");
