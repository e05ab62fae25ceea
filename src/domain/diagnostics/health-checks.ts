// The health checks' shared parts, the latency probe and the checks of settings: each returns pass/warn/fail with one
// sentence a person can act on (the checks that read studio data are in studio-checks.ts).
// Settings are reported by name and presence only — a check never puts a setting's value in its detail.
import { performance } from "node:perf_hooks";
import type { Knex } from "knex";
import type { Config } from "../../config.ts";
import type { Engine } from "../../db/connect.ts";
import type { Clock } from "../clock.ts";

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

export const check = (name: string, status: CheckStatus, detail: string): CheckResult => ({ name, status, detail });

/** An infrastructure error in words safe to show: one line, bounded, any credentials in a URL masked. */
export function safeErrorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .split("\n")[0]!
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, "$1***@")
    .slice(0, 200);
}

/** Names the check that could not run, so one broken query never hides the other checks. */
export async function guarded(name: string, run: () => Promise<CheckResult>): Promise<CheckResult> {
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
 * `firstMs`: a round trip already timed (the combined checks' statement), counted as the first probe.
 */
export async function checkDatabase(ctx: HealthContext, firstMs?: number): Promise<{ result: CheckResult; reachable: boolean }> {
  let best = firstMs ?? Number.POSITIVE_INFINITY;
  let probes = firstMs === undefined ? 0 : 1;
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
    status === "pass"
      ? `under ${LATENCY_PASS_MS} ms`
      : status === "warn"
        ? `slow: over ${LATENCY_PASS_MS} ms`
        : `far too slow: over ${LATENCY_WARN_MS} ms`;
  return check("database", status, `Reachable; a round trip took ${ms} ms${probes > 1 ? `, best of ${probes}` : ""} (${verdict}).`);
}

/** What a database check says when the database could not be reached at all. */
export const notRun = (name: string): CheckResult => check(name, "fail", "Not run: the database is unreachable.");

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
