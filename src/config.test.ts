// Settings: defaults, one clear ConfigError per malformed setting, blanks as unset, and the real CLI's exit on a bad one.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { ConfigError, loadConfig, requireSlackSettings, SETTING_NAMES, testDatabaseUrl } from "./config.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Loads a config and returns the ConfigError it throws (fails the test when it does not throw one). */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe("loadConfig defaults", () => {
  it("runs with an empty environment: embedded database, port 3000, UTC, weekday 08:00 digest", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: "development",
      log: { level: "info" },
      slack: {},
      anthropic: { model: "claude-sonnet-5-5", dailyBudgetUsd: 20 },
      database: { url: undefined, dataDir: ".maestro/pgdata" },
      port: 3000,
      adminSlackIds: [],
      timeZone: "UTC",
      digest: { channel: undefined, cron: "0 8 * * 1-5", timeZone: "UTC", summary: false },
      email: { smtpUrl: undefined, from: undefined },
      retiredSettings: [],
    });
    expect(["json", "pretty"]).toContain(config.log.format);
  });

  it("parses well-formed settings", () => {
    const config = loadConfig({
      NODE_ENV: "production",
      LOG_LEVEL: "debug",
      PORT: "8080",
      DATABASE_URL: "postgresql://maestro:pw@db.internal:5432/maestro",
      MAESTRO_ADMIN_SLACK_IDS: " U012ABCDEF , W0ABC123 ,",
      MAESTRO_TIMEZONE: "Europe/London",
      DIGEST_CRON: "30 7 * * MON-FRI",
      DIGEST_SUMMARY: "on",
      MAESTRO_DAILY_BUDGET_USD: "0",
      EMAIL_FROM: "studio@example.com",
      SLACK_API_URL: "http://127.0.0.1:9999/api/",
    });
    expect(config.env).toBe("production");
    expect(config.log).toEqual({ level: "debug", format: "json" });
    expect(config.port).toBe(8080);
    expect(config.database.url).toBe("postgresql://maestro:pw@db.internal:5432/maestro");
    expect(config.adminSlackIds).toEqual(["U012ABCDEF", "W0ABC123"]);
    expect(config.timeZone).toBe("Europe/London");
    // The digest follows the studio's time zone unless DIGEST_TZ says otherwise.
    expect(config.digest).toMatchObject({ cron: "30 7 * * MON-FRI", timeZone: "Europe/London", summary: true });
    expect(config.anthropic.dailyBudgetUsd).toBe(0);
    expect(config.email.from).toBe("studio@example.com");
    expect(config.slack.apiUrl).toBe("http://127.0.0.1:9999/api/");
    expect(loadConfig({ MAESTRO_TIMEZONE: "Europe/London", DIGEST_TZ: "America/New_York" }).digest.timeZone).toBe("America/New_York");
  });

  it("treats blank and whitespace-only strings as unset, so the default applies", () => {
    const blanks = [
      "NODE_ENV",
      "LOG_LEVEL",
      "LOG_FORMAT",
      "SLACK_BOT_TOKEN",
      "SLACK_SIGNING_SECRET",
      "SLACK_APP_TOKEN",
      "SLACK_API_URL",
      "ANTHROPIC_API_KEY",
      "ANTHROPIC_BASE_URL",
      "MAESTRO_MODEL",
      "MAESTRO_EFFORT",
      "MAESTRO_DAILY_BUDGET_USD",
      "DATABASE_URL",
      "MAESTRO_DATA_DIR",
      "PORT",
      "MAESTRO_ADMIN_SLACK_IDS",
      "MAESTRO_TIMEZONE",
      "DIGEST_CHANNEL",
      "DIGEST_CRON",
      "DIGEST_TZ",
      "DIGEST_SUMMARY",
      "SMTP_URL",
      "EMAIL_FROM",
      "EMAIL_PROVIDER",
    ];
    for (const value of ["", "   "]) {
      const config = loadConfig(Object.fromEntries(blanks.map((name) => [name, value])));
      expect(config).toEqual(loadConfig({}));
    }
  });

  it("migrates on start by default only on the embedded database; MAESTRO_MIGRATE_ON_START overrides either way", () => {
    const url = "postgres://maestro@db:5432/maestro";
    expect(loadConfig({}).database.migrateOnStart).toBe(true);
    expect(loadConfig({ DATABASE_URL: url }).database.migrateOnStart).toBe(false);
    expect(loadConfig({ DATABASE_URL: url, MAESTRO_MIGRATE_ON_START: "on" }).database.migrateOnStart).toBe(true);
    expect(loadConfig({ MAESTRO_MIGRATE_ON_START: "off" }).database.migrateOnStart).toBe(false);
  });

  it("opens at most 10 PostgreSQL connections unless DATABASE_POOL_MAX says otherwise", () => {
    expect(loadConfig({}).database.poolMax).toBe(10);
    expect(loadConfig({ DATABASE_POOL_MAX: "4" }).database.poolMax).toBe(4);
  });

  it("lets each Slack user make 30 requests a minute unless MAESTRO_RATE_LIMIT_PER_MINUTE says otherwise", () => {
    expect(loadConfig({}).slack.rateLimitPerMinute).toBe(30);
    expect(loadConfig({ MAESTRO_RATE_LIMIT_PER_MINUTE: "120" }).slack.rateLimitPerMinute).toBe(120);
  });

  it("drains for 20 s on shutdown unless MAESTRO_SHUTDOWN_GRACE_MS says otherwise", () => {
    expect(loadConfig({}).shutdownGraceMs).toBe(20_000);
    expect(loadConfig({ MAESTRO_SHUTDOWN_GRACE_MS: "5000" }).shutdownGraceMs).toBe(5_000);
  });

  it("posts no ops alerts without OPS_CHANNEL; OPS_ALERTS picks the kinds, all by default", () => {
    expect(loadConfig({}).alerts).toEqual({ channel: undefined, kinds: ["intake", "role_request", "workflow_failure"] });
    expect(loadConfig({ OPS_CHANNEL: "C0OPS", OPS_ALERTS: " Workflow_Failure , intake,intake" }).alerts).toEqual({
      channel: "C0OPS",
      kinds: ["workflow_failure", "intake"],
    });
  });

  it("bounds model and Slack calls by default (30 s silence, 2 min a step, a notice at 30 s, 10 s a Slack request); each can be set", () => {
    expect(loadConfig({}).deadlines).toEqual({
      modelIdleMs: 30_000,
      modelStepMs: 120_000,
      progressNoticeMs: 30_000,
      slackRequestMs: 10_000,
    });
    const set = loadConfig({
      MAESTRO_MODEL_IDLE_TIMEOUT_MS: "5000",
      MAESTRO_MODEL_TIMEOUT_MS: "60000",
      MAESTRO_PROGRESS_NOTICE_MS: "15000",
      MAESTRO_SLACK_TIMEOUT_MS: "3000",
    });
    expect(set.deadlines).toEqual({ modelIdleMs: 5_000, modelStepMs: 60_000, progressNoticeMs: 15_000, slackRequestMs: 3_000 });
  });

  it("refuses a deadline that is not a whole number of milliseconds in range, or a step shorter than its silence", () => {
    expect(configError({ MAESTRO_SLACK_TIMEOUT_MS: "10s" }).problems).toEqual([
      { setting: "MAESTRO_SLACK_TIMEOUT_MS", problem: "must be a whole number of milliseconds, e.g. 10000" },
    ]);
    expect(configError({ MAESTRO_MODEL_IDLE_TIMEOUT_MS: "0" }).problems[0]!.problem).toBe("must be at least 100");
    expect(configError({ MAESTRO_MODEL_IDLE_TIMEOUT_MS: "60000", MAESTRO_MODEL_TIMEOUT_MS: "30000" }).problems).toEqual([
      { setting: "MAESTRO_MODEL_TIMEOUT_MS", problem: expect.stringMatching(/at least MAESTRO_MODEL_IDLE_TIMEOUT_MS/) },
    ]);
  });

  it("reads TEST_DATABASE_URL only when it is set and not blank", () => {
    expect(testDatabaseUrl({})).toBeUndefined();
    expect(testDatabaseUrl({ TEST_DATABASE_URL: " " })).toBeUndefined();
    expect(testDatabaseUrl({ TEST_DATABASE_URL: "postgres://postgres@127.0.0.1:5432/postgres" })).toBe(
      "postgres://postgres@127.0.0.1:5432/postgres",
    );
  });
});

describe("malformed settings", () => {
  const cases: [setting: string, value: string, mentions?: RegExp][] = [
    ["PORT", "abc", /port/i],
    ["PORT", "0", /between 1 and 65535/],
    ["PORT", "70000", /between 1 and 65535/],
    ["PORT", "80.5", /TCP port number/],
    ["PORT", "0x50", /TCP port number/],
    ["DATABASE_URL", "mysql://root@localhost/studio", /postgres/],
    ["DATABASE_URL", "localhost:5432", /postgres/],
    ["DIGEST_TZ", "Mars/Olympus_Mons", /IANA time zone/],
    ["MAESTRO_TIMEZONE", "GMT+25", /IANA time zone/],
    ["DIGEST_CRON", "every weekday at eight", /cron/],
    ["DIGEST_CRON", "0 8 * *", /cron/],
    ["DIGEST_CRON", "99 8 * * 1-5", /cron/],
    ["MAESTRO_ADMIN_SLACK_IDS", "U012ABCDEF,bob", /Slack user id/],
    ["SLACK_BOT_TOKEN", "xoxp-1234-5678-user-token", /xoxb-/],
    ["SLACK_APP_TOKEN", "xoxb-1234-5678-bot-token", /xapp-/],
    ["MAESTRO_DAILY_BUDGET_USD", "twenty", /US dollars/],
    ["MAESTRO_DAILY_BUDGET_USD", "-5", /0 \(no cap\) or more/],
    ["EMAIL_FROM", "studio at example dot com", /email/],
    ["SMTP_URL", "mail.example.com:465", /smtp:\/\/ or smtps:\/\//],
    ["SMTP_URL", "https://mailer:pw@mail.example.com", /smtp:\/\/ or smtps:\/\//],
    ["LOG_LEVEL", "verbose", /must be one of: fatal, error, warn, info, debug, trace, silent/],
    ["LOG_FORMAT", "xml", /must be one of: json, pretty/],
    ["NODE_ENV", "staging", /must be one of: development, production, test/],
    ["SLACK_API_URL", "not a url", /URL/],
    ["ANTHROPIC_BASE_URL", "api.anthropic.com", /URL/],
    ["MAESTRO_EFFORT", "max", /must be one of: low, medium, high/],
    ["DIGEST_SUMMARY", "yes", /must be one of: on, off/],
    ["MAESTRO_MIGRATE_ON_START", "true", /must be one of: on, off/],
    ["DATABASE_POOL_MAX", "0", /at least 1/],
    ["DATABASE_POOL_MAX", "ten", /whole number of connections/],
    ["MAESTRO_RATE_LIMIT_PER_MINUTE", "0", /at least 1/],
    ["MAESTRO_RATE_LIMIT_PER_MINUTE", "many", /whole number of requests/],
    ["MAESTRO_SHUTDOWN_GRACE_MS", "20s", /milliseconds/],
    ["MAESTRO_SHUTDOWN_GRACE_MS", "3600000", /at most 600000/],
    ["OPS_CHANNEL", "#ops", /channel id/],
    ["OPS_ALERTS", "intake,bookings", /intake, role_request, workflow_failure/],
    ["OPS_ALERTS", ",", /intake, role_request, workflow_failure|at least/],
  ];

  it.each(cases)("%s=%j is a ConfigError naming the setting", (setting, value, mentions) => {
    const error = configError({ [setting]: value });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]!.setting).toBe(setting);
    expect(error.message).toContain(`${setting}:`);
    if (mentions) expect(error.problems[0]!.problem).toMatch(mentions);
    // The message says where to fix it.
    expect(error.message).toMatch(/\.env/);
  });

  it("names every bad setting at once, not just the first", () => {
    const error = configError({ PORT: "abc", DIGEST_TZ: "Nowhere", EMAIL_FROM: "nope" });
    expect(error.problems.map((p) => p.setting).sort()).toEqual(["DIGEST_TZ", "EMAIL_FROM", "PORT"]);
  });

  it("SMTP_URL needs EMAIL_FROM beside it, and never echoes the URL (it holds the password)", () => {
    const error = configError({ SMTP_URL: "smtps://mailer:Pw0rdSecret@smtp.example.com:465" });
    expect(error.problems).toEqual([{ setting: "SMTP_URL", problem: expect.stringMatching(/EMAIL_FROM/) }]);
    expect(error.message).not.toContain("Pw0rdSecret");
    const config = loadConfig({ SMTP_URL: "smtps://mailer:Pw0rdSecret@smtp.example.com", EMAIL_FROM: "studio@example.com" });
    expect(config.email).toEqual({ smtpUrl: "smtps://mailer:Pw0rdSecret@smtp.example.com", from: "studio@example.com" });
  });

  it("EMAIL_PROVIDER is retired: set, it changes nothing but is reported", () => {
    const config = loadConfig({ EMAIL_PROVIDER: "postmark" });
    expect(config.retiredSettings).toEqual(["EMAIL_PROVIDER"]);
    expect({ ...config, retiredSettings: [] }).toEqual(loadConfig({}));
  });

  it("never repeats a rejected value back (it may be a secret)", () => {
    const error = configError({ SLACK_BOT_TOKEN: "xoxp-0000-secret-user-token", SLACK_APP_TOKEN: "xoxb-1111-secret" });
    expect(error.message).not.toContain("secret");
  });
});

describe("requireSlackSettings", () => {
  it("needs a bot token and, in HTTP mode, a signing secret; both named with how to fix them", () => {
    let error: unknown;
    try {
      requireSlackSettings(loadConfig({}));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.setting)).toEqual(["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]);
    expect(problems[0]!.problem).toMatch(/manifest\.yml/);
    expect(problems[0]!.problem).toMatch(/npm run console/);
    expect(problems[1]!.problem).toMatch(/SLACK_APP_TOKEN/);
  });

  it("asks only for the token when a signing secret (HTTP) or an app token (Socket Mode) is present", () => {
    expect(() => requireSlackSettings(loadConfig({ SLACK_SIGNING_SECRET: "s" }))).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => requireSlackSettings(loadConfig({ SLACK_APP_TOKEN: "xapp-1-a" }))).not.toThrow(/SLACK_SIGNING_SECRET/);
  });

  it("accepts HTTP mode (token + signing secret) and Socket Mode (token + app token)", () => {
    expect(requireSlackSettings(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1-2-a", SLACK_SIGNING_SECRET: "s" })).botToken).toBe("xoxb-1-2-a");
    expect(requireSlackSettings(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1-2-a", SLACK_APP_TOKEN: "xapp-1-a" }))).toMatchObject({
      botToken: "xoxb-1-2-a",
      appToken: "xapp-1-a",
    });
  });

  it("treats a blank token as missing", () => {
    expect(() => requireSlackSettings(loadConfig({ SLACK_BOT_TOKEN: " ", SLACK_APP_TOKEN: "xapp-1-a" }))).toThrow(ConfigError);
  });
});

describe("the CLI with a malformed setting", () => {
  it("exits 2 and names the setting on stderr, without a stack trace", () => {
    // An empty working directory: no .env is loaded and nothing is written if the check were to pass.
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-cli-"));
    try {
      // The child inherits this environment with PORT spoiled (vi.stubEnv keeps process.env out of tests).
      vi.stubEnv("PORT", "abc");
      const result = spawnSync(process.execPath, [path.join(ROOT, "bin/maestro.js"), "migrate"], {
        cwd,
        encoding: "utf8",
        timeout: 20_000,
      });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("PORT");
      expect(result.stderr).toMatch(/must be a TCP port number/);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stderr).not.toMatch(/ConfigError|\.ts:\d+/);
      expect(fs.readdirSync(cwd)).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe("the settings documentation", () => {
  const envExample = fs.readFileSync(path.join(ROOT, ".env.example"), "utf8");

  it(".env.example documents every setting, and only real ones, each under a comment", () => {
    const lines = envExample.split("\n");
    const documented = new Map<string, number>();
    lines.forEach((line, index) => {
      const match = /^#?\s?([A-Z][A-Z0-9_]+)=/.exec(line);
      if (match) documented.set(match[1]!, index);
    });
    expect([...documented.keys()].filter((name) => name !== "TEST_DATABASE_URL").sort()).toEqual([...SETTING_NAMES].sort());
    for (const [name, index] of documented) {
      expect(lines[index - 1], `the line above ${name}`).toMatch(/^# \S/);
    }
  });

  it(".env.example copied to .env as it is gives a valid configuration with no secrets", () => {
    const values = parseEnv(envExample);
    expect(() => loadConfig(values)).not.toThrow();
    expect(Object.values(values).every((v) => v === "")).toBe(true);
  });

  it("the README's settings table names every setting", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    for (const name of SETTING_NAMES) expect(readme, name).toMatch(new RegExp(`^\\| \`${name}\` \\|`, "m"));
  });
});
