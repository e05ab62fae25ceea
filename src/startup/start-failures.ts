// Reads a start-up failure: a setting that can never work (stop with the setting named) or a peer that may come
// back (retry). Database and Slack errors arrive in several shapes; only these two answers matter at start.
import { ConfigError } from "../config.ts";

export type StartFailure = { kind: "fatal"; error: Error } | { kind: "transient"; reason: string };

const transientCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);

/** PostgreSQL SQLSTATEs that no retry will fix: bad password or user, unknown database. */
const badDatabaseSetting: Record<string, string> = {
  "28P01": "PostgreSQL refused the password",
  "28000": "PostgreSQL refused the user",
  "3D000": "the database named in the URL does not exist",
};

function codeOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; errors?: unknown[]; cause?: unknown };
  if (typeof e?.code === "string") return e.code;
  // pg reports an AggregateError (IPv4 and IPv6 both refused) with the codes inside.
  if (Array.isArray(e?.errors)) for (const inner of e.errors) if (codeOf(inner)) return codeOf(inner);
  if (e?.cause && e.cause !== error) return codeOf(e.cause);
  return undefined;
}

export function readDatabaseFailure(error: unknown): StartFailure {
  const code = codeOf(error);
  if (code && badDatabaseSetting[code]) {
    return {
      kind: "fatal",
      error: new ConfigError([{ setting: "DATABASE_URL", problem: `${badDatabaseSetting[code]} (${code}): fix the URL` }]),
    };
  }
  if (code && (transientCodes.has(code) || code === "57P03") /* the server is starting up */)
    return { kind: "transient", reason: `unreachable (${code})` };
  const message = error instanceof Error ? error.message : String(error);
  if (/timeout acquiring a connection|Connection terminated/i.test(message))
    return { kind: "transient", reason: "no connection within 10 s" };
  return { kind: "fatal", error: error instanceof Error ? error : new Error(message) };
}

/** Slack's answers meaning the bot token will never be accepted as it is. */
const rejectedToken = new Set([
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "token_expired",
  "account_inactive",
  "not_allowed_token_type",
]);

export function readSlackFailure(error: unknown): StartFailure {
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number; original?: Error };
  if (e?.code === "slack_webapi_platform_error") {
    const answer = e.data?.error ?? "unknown_error";
    if (rejectedToken.has(answer)) {
      const problem = `Slack rejected it (${answer}): copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page`;
      return { kind: "fatal", error: new ConfigError([{ setting: "SLACK_BOT_TOKEN", problem }]) };
    }
    return { kind: "transient", reason: `Slack answered ${answer}` };
  }
  if (e?.statusCode) return { kind: "transient", reason: `Slack answered HTTP ${e.statusCode}` };
  const code = codeOf(e?.original ?? error);
  return { kind: "transient", reason: `Slack's Web API is unreachable (${code ?? e?.original?.message ?? String(error)})` };
}
