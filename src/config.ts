// The one reader of process.env: every setting Maestro understands, parsed once with zod.
import { validate as validateCron } from "node-cron";
import { z } from "zod";
import { apiSettings, readApiSettings, type ApiSettings } from "./config-api.ts";
import { deadlineSettings, readDeadlines, stepCoversSilence, stepCoversSilenceIssue, type Deadlines } from "./config-deadlines.ts";

/** A setting that is missing or malformed; `problems` name each setting and how to fix it. */
export class ConfigError extends Error {
  constructor(readonly problems: { setting: string; problem: string }[]) {
    super(
      "Maestro cannot start because of its settings:\n" +
        problems.map((p) => `  - ${p.setting}: ${p.problem}`).join("\n") +
        "\nSet them in the environment or in .env (see .env.example and the README's settings table).",
    );
    this.name = "ConfigError";
  }
}

// loadConfig turns blank values into undefined before parsing, so "optional" covers `PORT=` in .env too.
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalString = z.string().trim().optional();
const optionalUrl = (hint: string) => z.url({ message: `must be a URL, ${hint}` }).optional();

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
function isUrl(value: string): boolean {
  try {
    return Boolean(new URL(value).hostname);
  } catch {
    return false;
  }
}

const timeZone = z.string().refine(isValidTimeZone, { message: "must be an IANA time zone such as Europe/London or America/New_York" });

/** A 5-field cron expression (minute hour day-of-month month day-of-week) that node-cron accepts. */
const cronExpression = z
  .string()
  .trim()
  .refine((v) => /^(\S+\s+){4}\S+$/.test(v) && /^[\d*,/\-\sA-Za-z#]+$/.test(v) && validateCron(v), {
    message: 'must be a 5-field cron expression, e.g. "0 8 * * 1-5" for weekdays at 08:00',
  });

/** One of a fixed list of words; the message lists them. */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: `must be one of: ${values.join(", ")}` });

/** Digits only: Number() would also accept "0x50", "1e3" or "80.5". */
const tcpPort = (example: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message: `must be a TCP port number, e.g. ${example}` })
    .transform(Number)
    .pipe(z.number().min(1, { message: "must be between 1 and 65535" }).max(65535, { message: "must be between 1 and 65535" }));

const slackUserIds = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, { message: "each id must look like U012ABCDEF (a Slack user id)" })),
);

/** The kinds of ops-channel alert OPS_ALERTS may name. */
export const OPS_ALERT_KINDS = ["intake", "role_request", "workflow_failure"] as const;
export type OpsAlertKind = (typeof OPS_ALERT_KINDS)[number];

const opsAlertKinds = z.preprocess(
  (v) => (typeof v === "string" ? [...new Set(v.split(",").map((s) => s.trim().toLowerCase()))].filter(Boolean) : [...OPS_ALERT_KINDS]),
  z
    .array(z.enum(OPS_ALERT_KINDS, { message: `each kind must be one of: ${OPS_ALERT_KINDS.join(", ")}` }))
    .min(1, { message: `must name at least one of: ${OPS_ALERT_KINDS.join(", ")} (unset OPS_CHANNEL to turn alerts off)` }),
);

const envSchema = z.object({
  NODE_ENV: oneOf(["development", "production", "test"]).default("development"),
  LOG_LEVEL: oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: oneOf(["json", "pretty"]).optional(),

  SLACK_BOT_TOKEN: z
    .string()
    .startsWith("xoxb-", { message: "must be a bot token starting with xoxb- (OAuth & Permissions page)" })
    .optional(),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: z
    .string()
    .startsWith("xapp-", { message: "must be an app-level token starting with xapp- (Basic Information → App-Level Tokens)" })
    .optional(),
  SLACK_API_URL: optionalUrl("e.g. https://slack.com/api/"),
  SLACK_BOT_USER_ID: optionalString,
  SLACK_BOT_ID: optionalString,
  // Requests one Slack user may make per minute (DMs, commands, clicks; opening Home is free), counted across replicas.
  MAESTRO_RATE_LIMIT_PER_MINUTE: z
    .string()
    .trim()
    .regex(/^\d+$/, { message: "must be a whole number of requests, e.g. 30" })
    .transform(Number)
    .pipe(z.number().min(1, { message: "must be at least 1" }))
    .default(30),
  // How long a Slack profile (users.info: name, email) is reused before Maestro asks Slack again.
  MAESTRO_SLACK_PROFILE_TTL_MS: z
    .string()
    .trim()
    .regex(/^\d+$/, { message: "must be a whole number of milliseconds, e.g. 3600000" })
    .transform(Number)
    .pipe(z.number().min(1000, { message: "must be at least 1000" }).max(604_800_000, { message: "must be at most 604800000 (a week)" }))
    .default(3_600_000),

  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalUrl("e.g. https://api.anthropic.com"),
  MAESTRO_MODEL: z.string().trim().min(1).default("claude-sonnet-5-5"),
  MAESTRO_EFFORT: oneOf(["low", "medium", "high"]).optional(),
  MAESTRO_DAILY_BUDGET_USD: z.coerce
    .number({ message: "must be a number of US dollars, e.g. 20" })
    .nonnegative({ message: "must be 0 (no cap) or more" })
    .default(20),
  // Deadlines of model and Slack calls (config-deadlines.ts; docs/recovery.md).
  ...deadlineSettings,
  // The studio API (config-api.ts).
  ...apiSettings,

  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: "must be a postgres:// or postgresql:// connection URL" })
    .optional(),
  // Connections `maestro start` may hold on DATABASE_URL; replicas × this must stay under PostgreSQL's max_connections.
  DATABASE_POOL_MAX: z
    .string()
    .trim()
    .regex(/^\d+$/, { message: "must be a whole number of connections, e.g. 10" })
    .transform(Number)
    .pipe(z.number().min(1, { message: "must be at least 1" }))
    .default(10),
  MAESTRO_DATA_DIR: z.string().trim().min(1).default(".maestro/pgdata"),
  // Unset: on for the embedded database (one process owns it), off with DATABASE_URL (migrations are a release step).
  MAESTRO_MIGRATE_ON_START: oneOf(["on", "off"]).optional(),
  // How long shutdown waits for running turns; below the platform's grace period (compose.yaml: 30 s).
  MAESTRO_SHUTDOWN_GRACE_MS: z
    .string()
    .trim()
    .regex(/^\d+$/, { message: "must be a whole number of milliseconds, e.g. 20000" })
    .transform(Number)
    .pipe(z.number().max(600_000, { message: "must be at most 600000 (10 minutes)" }))
    .default(20_000),
  PORT: tcpPort("3000").default(3000),
  // Unset: no metrics. Set: GET /metrics on this port, a server of its own (never the one Slack's requests reach).
  METRICS_PORT: tcpPort("9464").optional(),
  MAESTRO_ADMIN_SLACK_IDS: slackUserIds,
  MAESTRO_TIMEZONE: timeZone.default("UTC"),

  DIGEST_CHANNEL: optionalString,
  DIGEST_CRON: cronExpression.default("0 8 * * 1-5"),
  DIGEST_TZ: timeZone.optional(),
  DIGEST_SUMMARY: oneOf(["on", "off"]).default("off"),

  // Unset: no ops alerts. Set: new intakes, role requests and workflow failures are posted there as they happen.
  OPS_CHANNEL: z
    .string()
    .trim()
    .regex(/^[CG][A-Z0-9]{2,}$/, { message: "must be a channel id such as C0123ABCDEF (channel details → the id at the bottom)" })
    .optional(),
  OPS_ALERTS: opsAlertKinds,

  // Unset: SEND_EMAIL rules' emails wait in the outbox. smtps:// is TLS from the start (port 465); smtp:// upgrades with STARTTLS.
  SMTP_URL: z
    .string()
    .trim()
    .regex(/^smtps?:\/\/[^/?#\s]+/, {
      message: "must be an smtp:// or smtps:// URL, e.g. smtps://user:password@smtp.example.com:465",
      abort: true,
    })
    .refine(isUrl, { message: "must be a valid URL (percent-encode a password's @, : or /)" })
    .optional(),
  EMAIL_FROM: z.email({ message: "must be an email address" }).optional(),

  // `maestro bench` only: the PostgreSQL database the benchmarks build the large studio in (created if missing).
  MAESTRO_BENCH_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: "must be a postgres:// or postgresql:// connection URL" })
    .default("postgres://postgres@127.0.0.1:5432/maestro_bench"),
});

// Settings that only make sense together.
const settingsSchema = envSchema
  .refine((e) => e.SMTP_URL === undefined || e.EMAIL_FROM !== undefined, {
    path: ["SMTP_URL"],
    message: "needs EMAIL_FROM too: the sender address of workflow emails",
    // A malformed SMTP_URL is reported as that alone.
    when: (payload) => !payload.issues.some((issue) => issue.path?.[0] === "SMTP_URL"),
  })
  .refine(stepCoversSilence, stepCoversSilenceIssue)
  .refine((e) => e.METRICS_PORT === undefined || e.METRICS_PORT !== e.PORT, {
    path: ["METRICS_PORT"],
    message: "must differ from PORT: /metrics has a server of its own, off the port Slack's requests and the probes use",
  });

export type Env = z.infer<typeof envSchema>;

/** Every setting loadConfig reads (the README's table and .env.example document each one). */
export const SETTING_NAMES = Object.keys(envSchema.shape) as (keyof Env)[];

/** Settings Maestro no longer reads, and what replaced them: set, they do nothing, so the doctor says so. */
export const RETIRED_SETTINGS: Readonly<Record<string, string>> = {
  EMAIL_PROVIDER: "emails are sent over SMTP: set SMTP_URL (and EMAIL_FROM), then remove EMAIL_PROVIDER",
};

export interface Config {
  env: Env["NODE_ENV"];
  log: { level: Env["LOG_LEVEL"]; format: "json" | "pretty" };
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    botUserId?: string;
    botId?: string;
    /** Requests per Slack user per minute before Maestro refuses with a notice. */
    rateLimitPerMinute: number;
    /** How long a users.info answer is reused (slack/profiles/slack-profiles.ts). */
    profileTtlMs: number;
  };
  anthropic: { apiKey?: string; baseUrl?: string; model: string; effort?: "low" | "medium" | "high"; dailyBudgetUsd: number };
  /** `poolMax`: connections `maestro start` may hold on PostgreSQL (the embedded database has one). */
  database: { url?: string; poolMax: number; dataDir: string; migrateOnStart: boolean };
  port: number;
  /** GET /metrics on a port of its own; off when undefined. */
  metrics: { port?: number };
  /** Every outside call's deadline (docs/recovery.md, "Deadlines"). */
  deadlines: Deadlines;
  /** How long `stop()` waits for running turns before closing the database. */
  shutdownGraceMs: number;
  /** The studio API's body limit and per-key rate limit. */
  api: ApiSettings;
  adminSlackIds: string[];
  timeZone: string;
  digest: { channel?: string; cron: string; timeZone: string; summary: boolean };
  /** Ops-channel alerts: off without a channel; `kinds` from OPS_ALERTS (default: all). */
  alerts: { channel?: string; kinds: OpsAlertKind[] };
  /** SMTP_URL holds the credentials: never log it (the logger scrubs its password in any case). */
  email: { smtpUrl?: string; from?: string };
  /** Retired settings that are set (they do nothing; see RETIRED_SETTINGS). */
  retiredSettings: string[];
  /** `maestro bench`: where the large studio lives (`--quick` uses `<name>_quick` beside it). */
  bench: { databaseUrl: string };
}

/** Parses settings from an environment map (process.env by default); throws ConfigError naming each bad setting. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // A blank setting (`PORT=` in .env) means "use the default", never "the empty value".
  const parsed = settingsSchema.safeParse(
    Object.fromEntries(Object.entries(source).map(([name, value]) => [name, blankToUndefined(value)])),
  );
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const setting = String(issue.path[0] ?? "environment");
        const given = blankToUndefined(source[setting]);
        return { setting, problem: given === undefined ? `is required (${issue.message})` : issue.message };
      }),
    );
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    log: {
      level: e.LOG_LEVEL,
      format: e.LOG_FORMAT ?? (e.NODE_ENV === "production" || !process.stdout.isTTY ? "json" : "pretty"),
    },
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      botUserId: e.SLACK_BOT_USER_ID,
      botId: e.SLACK_BOT_ID,
      rateLimitPerMinute: e.MAESTRO_RATE_LIMIT_PER_MINUTE,
      profileTtlMs: e.MAESTRO_SLACK_PROFILE_TTL_MS,
    },
    anthropic: {
      apiKey: e.ANTHROPIC_API_KEY,
      baseUrl: e.ANTHROPIC_BASE_URL,
      model: e.MAESTRO_MODEL,
      effort: e.MAESTRO_EFFORT,
      dailyBudgetUsd: e.MAESTRO_DAILY_BUDGET_USD,
    },
    database: {
      url: e.DATABASE_URL,
      poolMax: e.DATABASE_POOL_MAX,
      dataDir: e.MAESTRO_DATA_DIR,
      migrateOnStart: e.MAESTRO_MIGRATE_ON_START ? e.MAESTRO_MIGRATE_ON_START === "on" : !e.DATABASE_URL,
    },
    port: e.PORT,
    metrics: { port: e.METRICS_PORT },
    deadlines: readDeadlines(e),
    shutdownGraceMs: e.MAESTRO_SHUTDOWN_GRACE_MS,
    api: readApiSettings(e),
    adminSlackIds: e.MAESTRO_ADMIN_SLACK_IDS,
    timeZone: e.MAESTRO_TIMEZONE,
    digest: {
      channel: e.DIGEST_CHANNEL,
      cron: e.DIGEST_CRON,
      timeZone: e.DIGEST_TZ ?? e.MAESTRO_TIMEZONE,
      summary: e.DIGEST_SUMMARY === "on",
    },
    alerts: { channel: e.OPS_CHANNEL, kinds: e.OPS_ALERTS },
    email: { smtpUrl: e.SMTP_URL, from: e.EMAIL_FROM },
    retiredSettings: Object.keys(RETIRED_SETTINGS).filter((name) => blankToUndefined(source[name]) !== undefined),
    bench: { databaseUrl: e.MAESTRO_BENCH_DATABASE_URL },
  };
}

/**
 * Parses settings without throwing, for `maestro doctor`: every problem named, and a config in which each bad setting
 * falls back to its default (so the other checks can still run).
 */
export function readSettings(source: Record<string, string | undefined> = process.env): {
  config: Config;
  problems: ConfigError["problems"];
  /** The settings given a value, names only (values may be secrets). */
  set: string[];
} {
  const set = SETTING_NAMES.filter((name) => blankToUndefined(source[name]) !== undefined);
  try {
    return { config: loadConfig(source), problems: [], set };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const bad = new Set(error.problems.map((p) => p.setting));
    const rest = Object.fromEntries(Object.entries(source).filter(([name]) => !bad.has(name)));
    return { config: loadConfig(rest), problems: error.problems, set };
  }
}

/** The settings `maestro start` needs to talk to Slack; throws ConfigError naming the missing ones. */
export function requireSlackSettings(config: Config): Required<Pick<Config["slack"], "botToken">> & Config["slack"] {
  const problems: { setting: string; problem: string }[] = [];
  const hint = "is required to connect to Slack (create the app from manifest.yml); to try Maestro without Slack run `npm run console`";
  if (!config.slack.botToken) problems.push({ setting: "SLACK_BOT_TOKEN", problem: hint });
  if (!config.slack.appToken && !config.slack.signingSecret)
    problems.push({ setting: "SLACK_SIGNING_SECRET", problem: `${hint} (or set SLACK_APP_TOKEN for Socket Mode)` });
  if (problems.length) throw new ConfigError(problems);
  return config.slack as Required<Pick<Config["slack"], "botToken">> & Config["slack"];
}

/** Test-only settings (read here so nothing else touches process.env). */
export function testDatabaseUrl(source: Record<string, string | undefined> = process.env): string | undefined {
  return blankToUndefined(source.TEST_DATABASE_URL) as string | undefined;
}

/** Loads `.env` from the working directory into process.env when present (real environment wins). */
export function loadDotEnvFile(path = ".env"): boolean {
  try {
    process.loadEnvFile(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
