// The doctor's offline checks: settings parse, time zones, which Slack mode and its secret, admins, mail.
import { RETIRED_SETTINGS } from "../config.ts";
import { smtpEndpoint } from "../mail/smtp-transport.ts";
import { verifySmtp } from "../mail/verify-smtp.ts";
import type { Check } from "./check.ts";
import { finding } from "./check.ts";

const ZONE_SETTINGS = ["MAESTRO_TIMEZONE", "DIGEST_TZ"];

export const settingsCheck: Check = {
  id: "settings",
  title: "settings",
  offline: true,
  run(ctx) {
    const bad = [...ctx.badSettings].filter(([name]) => !ZONE_SETTINGS.includes(name));
    if (!bad.length) return finding(this, "pass", "every setting parses");
    return finding(this, "fail", bad.map(([name, problem]) => `${name} ${problem}`).join("; "), {
      fix: `correct ${bad.map(([name]) => name).join(", ")} in the environment or .env (see .env.example); until then the default applies`,
    });
  },
};

export const timeZoneCheck: Check = {
  id: "time-zones",
  title: "time zones",
  offline: true,
  run(ctx) {
    const bad = ZONE_SETTINGS.filter((name) => ctx.badSettings.has(name));
    if (bad.length) {
      return finding(this, "fail", bad.map((name) => `${name} ${ctx.badSettings.get(name)}`).join("; "), {
        fix: `set ${bad.join(" and ")} to an IANA zone name such as Europe/London (the TZ identifier column of the tz database)`,
      });
    }
    const { timeZone, digest } = ctx.config;
    return finding(this, "pass", `studio ${timeZone}, digest ${digest.timeZone} (known to this Node's time zone data)`);
  },
};

export const slackModeCheck: Check = {
  id: "slack.mode",
  title: "slack mode",
  offline: true,
  run({ config: { slack } }) {
    if (slack.appToken) return finding(this, "pass", "Socket Mode: SLACK_APP_TOKEN is set (no signing secret needed)");
    if (slack.signingSecret)
      return finding(this, "pass", "HTTP mode: SLACK_SIGNING_SECRET is set (Slack's first signed request proves it)");
    return finding(this, "fail", "neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is set", {
      fix: "for Socket Mode set SLACK_APP_TOKEN (Basic Information → App-Level Tokens, scope connections:write); for HTTP mode set SLACK_SIGNING_SECRET (Basic Information → App Credentials)",
    });
  },
};

export const adminsCheck: Check = {
  id: "admins",
  title: "admins",
  offline: true,
  run({ config }) {
    if (config.adminSlackIds.length) return finding(this, "pass", `MAESTRO_ADMIN_SLACK_IDS names ${config.adminSlackIds.length}`);
    return finding(
      this,
      "warn",
      "MAESTRO_ADMIN_SLACK_IDS is empty: nobody is made ADMIN at start, so nobody may approve unless the database already has one",
      {
        fix: "set MAESTRO_ADMIN_SLACK_IDS to your Slack member id (in Slack: your profile → ⋮ → Copy member ID, e.g. U012ABCDEF)",
      },
    );
  },
};

/** The email settings (SMTP_URL, EMAIL_FROM), and any retired setting still set: a setting that does nothing is a bug. */
export const mailCheck: Check = {
  id: "mail",
  title: "mail",
  offline: true,
  run({ config }) {
    const retired = config.retiredSettings;
    if (retired.length) {
      return finding(this, "warn", `${retired.join(", ")} is set but ignored: Maestro no longer reads it`, {
        fix: retired.map((name) => RETIRED_SETTINGS[name]).join("; "),
      });
    }
    const { smtpUrl, from } = config.email;
    if (!smtpUrl) return finding(this, "skip", "SMTP_URL is not set: workflow emails wait in the outbox");
    return finding(this, "pass", `SMTP ${smtpEndpoint(smtpUrl)}, from ${from}`);
  },
};

/** The SMTP server at SMTP_URL accepts a connection and the credentials (nodemailer's verify: nothing is sent). */
export const mailServerCheck: Check = {
  id: "mail.server",
  title: "mail server",
  offline: false,
  async run({ config: { email } }) {
    if (!email.smtpUrl) return finding(this, "skip", "SMTP_URL is not set: nothing to connect to");
    const endpoint = smtpEndpoint(email.smtpUrl);
    const refused = await verifySmtp(email.smtpUrl);
    if (!refused) return finding(this, "pass", `${endpoint} accepts the connection and the credentials (nothing sent)`);
    return finding(this, "fail", `${endpoint} did not accept Maestro's connection: ${refused}`, {
      fix: "check SMTP_URL's host, port, user and password (percent-encode @ : / in them); smtps:// is TLS from the start (port 465), smtp:// upgrades with STARTTLS (587)",
    });
  },
};
