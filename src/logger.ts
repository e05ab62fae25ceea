// The process logger: pino, JSON in production, readable in a terminal, secrets redacted.
import { createRequire } from "node:module";
import { pino, type Logger } from "pino";
import type PinoPretty from "pino-pretty";

export type { Logger };

/** Patterns of credentials that must never reach a log line or a Slack message. */
const SECRET_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]+/g, // Slack bot/user/app tokens
  /xapp-[A-Za-z0-9-]+/g, // Slack app-level tokens
  /sk-ant-[A-Za-z0-9_-]+/g, // Anthropic keys
  // Passwords inside connection URLs; stops at a quote or a slash so it never spans two JSON fields.
  /((?:postgres(?:ql)?|smtps?):\/\/[^:/@\s"]+:)[^@\s/"]+@/g,
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
];

/** Replaces anything that looks like a credential with [redacted]. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, prefix?: unknown) =>
      typeof prefix === "string" && match.startsWith(prefix) ? `${prefix}[redacted]${match.endsWith("@") ? "@" : ""}` : "[redacted]",
    );
  }
  return out;
}

/** Fields whose value is a credential, wherever they sit in a logged object (up to four levels deep, e.g. `{ config: { slack: { botToken } } }`). */
const SECRET_KEYS = ["token", "botToken", "appToken", "apiKey", "signingSecret", "password", "authorization"];
const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((key) => ["", "*.", "*.*.", "*.*.*."].map((prefix) => `${prefix}${key}`)),
  'headers["x-api-key"]',
  '*.headers["x-api-key"]',
  'headers["x-slack-signature"]',
  '*.headers["x-slack-signature"]',
];

export interface LoggerOptions {
  level?: string;
  format?: "json" | "pretty";
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const base = {
    level: options.level ?? "info",
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    serializers: {
      err: (err: unknown) => {
        const serialized = pino.stdSerializers.err(err as Error);
        if (serialized?.message) serialized.message = scrubSecrets(serialized.message);
        if (serialized?.stack) serialized.stack = scrubSecrets(serialized.stack);
        return serialized;
      },
    },
    hooks: {
      // Free-text messages may quote an error or a URL; scrub them too.
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === "string" ? scrubSecrets(a) : a)),
        );
      },
      // Last line of defence: a credential inside any other field (a URL in `{ db }`, a token in a
      // Slack payload) is scrubbed from the finished line before it reaches the stream.
      streamWrite: scrubSecrets,
    },
  };
  if (options.format === "pretty") {
    // Loaded only when chosen (~30 ms), and synchronously (it is CommonJS), so createLogger stays synchronous.
    const pretty = createRequire(import.meta.url)("pino-pretty") as typeof PinoPretty;
    const stream = pretty({
      sync: true,
      colorize: true,
      translateTime: "HH:MM:ss",
      ignore: "pid,hostname",
      destination: options.destination,
    });
    return pino(base, stream);
  }
  return options.destination ? pino(base, options.destination as pino.DestinationStream) : pino(base);
}

/** A logger that discards everything (tests, CLI commands that print their own output). */
export const silentLogger: Logger = pino({ level: "silent" });
