// The individual health checks: each returns pass/warn/fail with one sentence a person can act on.
// Settings are reported by name and presence only — a check never puts a setting's value in its detail.
import { performance } from "node:perf_hooks";
import type { Knex } from "knex";
import type { Config } from "../../config.ts";
import type { Engine } from "../../db/connect.ts";
import { migrations } from "../../../migrations/index.ts";
import { HOUR_MS, type Clock } from "../clock.ts";

export type CheckStatus = "pass" | "warn" | "fail";

export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
}

export interface HealthContext {
  db: Knex;
  clock: Clock;
  config: Config;
  engine: Engine;
}

export const LATENCY_PASS_MS = 200;
export const LATENCY_WARN_MS = 1000;

const check = (name: string, status: CheckStatus, detail: string): CheckResult => ({ name, status, detail });

/** An infrastructure error in words safe to show: one line, bounded, any credentials in a URL masked. */
export function safeErrorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .split("\n")[0]!
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, "$1***@")
    .slice(0, 200);
}

/** Names the check that could not run, so one broken query never hides the other checks. */
async function guarded(name: string, run: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await run();
  } catch (error) {
    return check(name, "fail", `The check could not run: ${safeErrorText(error)}`);
  }
}

/**
 * Round trips to the database; the other database checks run only when this one reaches it.
 * The best of up to three: the first may include opening a pooled connection, and one slow tick of a busy
 * event loop is not the database's latency. A probe already under the pass mark decides the verdict (the best
 * of three could only be lower), so the probing stops there: one round trip on a healthy database.
 */
export async function checkDatabase(ctx: HealthContext): Promise<{ result: CheckResult; reachable: boolean }> {
  let best = Number.POSITIVE_INFINITY;
  let probes = 0;
  while (probes < 3 && !(Math.round(best) < LATENCY_PASS_MS)) {
    const started = performance.now();
    try {
      await ctx.db.raw("select 1");
    } catch (error) {
      return { result: check("database", "fail", `The database is unreachable: ${safeErrorText(error)}`), reachable: false };
    }
    best = Math.min(best, performance.now() - started);
    probes++;
  }
  return { result: latencyCheck(Math.round(best), probes), reachable: true };
}

/** pass under 200 ms, warn under 1 s, fail beyond. */
export function latencyCheck(ms: number, probes = 1): CheckResult {
  const status: CheckStatus = ms < LATENCY_PASS_MS ? "pass" : ms < LATENCY_WARN_MS ? "warn" : "fail";
  const verdict =
    status === "pass" ? `under ${LATENCY_PASS_MS} ms` : status === "warn" ? `slow: over ${LATENCY_PASS_MS} ms` : `far too slow: over ${LATENCY_WARN_MS} ms`;
  return check("database", status, `Reachable; a round trip took ${ms} ms${probes > 1 ? `, best of ${probes}` : ""} (${verdict}).`);
}

/** What a database check says when the database could not be reached at all. */
export const notRun = (name: string): CheckResult => check(name, "fail", "Not run: the database is unreachable.");

/**
 * Names of the applied migrations in one read of knex_migrations; none when the table does not exist yet.
 * (knex's `migrate.list()` takes four statements and creates its tables when they are missing: a write.)
 */
async function appliedMigrations(db: Knex): Promise<string[]> {
  try {
    const { rows } = await db.raw<{ rows: { name: string }[] }>("select name from knex_migrations order by id");
    return rows.map((r) => r.name);
  } catch (error) {
    if ((error as { code?: unknown }).code === "42P01") return []; // undefined_table: never migrated
    throw error;
  }
}

export const checkMigrations = (ctx: HealthContext) =>
  guarded("migrations", async () => {
    const applied = await appliedMigrations(ctx.db);
    const known = migrations.map((m) => m.name);
    const unknown = applied.filter((name) => !known.includes(name));
    if (unknown.length) {
      return check(
        "migrations",
        "fail",
        `The database has migrations this version of Maestro does not know (${unknown.join(", ")}): it was migrated by a newer version. Run that version, or restore a matching backup.`,
      );
    }
    const pending = known.filter((name) => !applied.includes(name));
    if (pending.length) {
      return check(
        "migrations",
        "fail",
        `${pending.length} migration${pending.length === 1 ? " is" : "s are"} not applied: ${pending.join(", ")}. ` +
          "Run `maestro migrate` (Maestro also migrates when it starts).",
      );
    }
    return check("migrations", "pass", `The schema is at the latest migration, ${known[known.length - 1]} (${applied.length} applied).`);
  });

const KEY_TABLES = {
  users: "nobody can be recognised from Slack",
  roles: "nobody can be staff",
  workflow_rules: "no automation runs on studio events",
  intake_requests: "no prospects have arrived yet",
} as const;

/**
 * Emptiness by the first primary key, never a count: these tables can be large. (`exists (select 1 from t)`
 * reads one row too, but shows as a sequential scan in EXPLAIN; this is one primary-key index probe.)
 */
export const checkKeyTables = (ctx: HealthContext) =>
  guarded("key_tables", async () => {
    const tables = Object.keys(KEY_TABLES) as (keyof typeof KEY_TABLES)[];
    const { rows } = await ctx.db.raw<{ rows: Record<string, boolean>[] }>(
      `select ${tables.map(() => "(select id from ?? order by id limit 1) is not null as ??").join(", ")}`,
      tables.flatMap((t) => [t, t]),
    );
    const row = rows[0];
    const empty = tables.filter((t) => !row?.[t]);
    if (!empty.length) return check("key_tables", "pass", `${tables.join(", ")} all have rows.`);
    return check(
      "key_tables",
      "warn",
      `Empty: ${empty.map((t) => `${t} (${KEY_TABLES[t]})`).join("; ")}.` +
        (empty.length < tables.length ? ` ${tables.filter((t) => !empty.includes(t)).join(", ")} have rows.` : ""),
    );
  });

export const checkAdmin = (ctx: HealthContext) =>
  guarded("admin_user", async () => {
    const row = await ctx.db("role_assignments as ra")
      .join("roles as r", "r.id", "ra.role_id")
      .where("r.name", "ADMIN")
      .whereNull("ra.revoked_at")
      .first<{ n: number }>(ctx.db.raw("count(distinct ra.user_id)::int as n"));
    const n = row?.n ?? 0;
    if (n === 0) {
      return check(
        "admin_user",
        "fail",
        "No user holds a live ADMIN role, so nobody can confirm ADMIN role requests. Set MAESTRO_ADMIN_SLACK_IDS and restart Maestro to bootstrap one.",
      );
    }
    return check("admin_user", "pass", `${n} user${n === 1 ? " holds" : "s hold"} a live ADMIN role.`);
  });

export const checkWorkflowFailures = (ctx: HealthContext) =>
  guarded("workflow_failures_24h", async () => {
    const since = new Date(ctx.clock.now().getTime() - 24 * HOUR_MS);
    const row = await ctx.db("workflow_executions")
      .where("status", "FAILED")
      .andWhere("created_at", ">=", since)
      .first<{ n: number }>(ctx.db.raw("count(*)::int as n"));
    const n = row?.n ?? 0;
    if (n === 0) return check("workflow_failures_24h", "pass", "No workflow execution failed in the last 24 hours.");
    return check(
      "workflow_failures_24h",
      "warn",
      `${n} workflow execution${n === 1 ? "" : "s"} failed in the last 24 hours; list_workflow_executions with status FAILED shows which rules and why.`,
    );
  });

/** Presence of both email settings; their values (provider, sender address) are never shown. */
export function checkEmail(config: Config): CheckResult {
  const missing = [!config.email.provider && "EMAIL_PROVIDER", !config.email.from && "EMAIL_FROM"].filter(Boolean);
  if (!missing.length) return check("email_provider", "pass", "Transactional email is configured (EMAIL_PROVIDER and EMAIL_FROM are set).");
  return check(
    "email_provider",
    "warn",
    `Transactional email is not configured: ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not set, ` +
      "so emails from SEND_EMAIL workflow rules wait in the outbox with no provider to send them.",
  );
}

/** Presence only: a token's value must never reach a result, a log or the model. */
export function checkSlackToken(config: Config): CheckResult {
  return config.slack.botToken
    ? check("slack_bot_token", "pass", "SLACK_BOT_TOKEN is set.")
    : check("slack_bot_token", "warn", "SLACK_BOT_TOKEN is not set: Maestro cannot post to Slack (the console and CLI still work).");
}

export function checkAnthropicKey(config: Config): CheckResult {
  return config.anthropic.apiKey
    ? check("anthropic_api_key", "pass", "ANTHROPIC_API_KEY is set.")
    : check("anthropic_api_key", "warn", "ANTHROPIC_API_KEY is not set: the assistant cannot call the model.");
}

/** The embedded engine serves one process over one connection: fine to try and for development, a risk in production. */
export function checkEngine(engine: Engine, config: Config): CheckResult {
  if (engine === "postgres") return check("database_engine", "pass", "PostgreSQL server (DATABASE_URL).");
  if (config.env === "production") {
    return check(
      "database_engine",
      "warn",
      "Embedded PGlite in production: one process and one connection, backed up only by copying its data directory. Set DATABASE_URL to use a PostgreSQL server.",
    );
  }
  return check("database_engine", "pass", "Embedded PGlite (one process, one connection); set DATABASE_URL to use a PostgreSQL server.");
}
