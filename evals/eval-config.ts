// The settings the app runs with inside the harness: a fully configured studio (so the health check passes), the
// studio's time zone, and the model the real configuration names. The API key here is a placeholder for presence
// checks only: live runs give the real key to the model client, never to the app's settings.
import { loadConfig, type Config } from "../src/config.ts";

export function evalAppConfig(real: Config): Config {
  return loadConfig({
    NODE_ENV: "development",
    LOG_LEVEL: "silent",
    ANTHROPIC_API_KEY: "eval-placeholder",
    SLACK_BOT_TOKEN: "xoxb-eval",
    // A placeholder: runSuite points it at the loopback SMTP server it starts for the suite.
    SMTP_URL: "smtp://127.0.0.1:2525",
    EMAIL_FROM: "studio@studio-ordo.example",
    MAESTRO_TIMEZONE: "Europe/London",
    MAESTRO_MODEL: real.anthropic.model,
    MAESTRO_EFFORT: real.anthropic.effort,
    DIGEST_CHANNEL: "C0DIGEST",
    // Alerts are posted only when a scenario runs the alerts job (a `runAlerts` turn): the scheduler never runs here.
    OPS_CHANNEL: "C0OPS",
  });
}
