// The logger never writes a credential, in JSON or in the readable format, wherever in the line it hides.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, scrubSecrets, type Logger } from "./logger.ts";

const SECRETS = {
  bot: "xoxb-1111111111-2222222222-AbCdEfGhIjKlMnOpQrStUvWx",
  app: "xapp-1-A0123456789-1234567890123-abcdef0123456789abcdef",
  user: "xoxp-3333333333-4444444444-userTokenValue",
  anthropic: "sk-ant-api03-Zyx_WvU-tsr1234567890",
  bearer: "eyJhbGciOiJIUzI1NiJ9.payload.signature",
  dbPassword: "Sup3rS3cretDbPass",
  signing: "8f742231b10e8888abcd99yyyzzz0001",
  plain: "p1ain-api-key-without-a-prefix",
};
const dbUrl = `postgres://maestro:${SECRETS.dbPassword}@db.internal:5432/maestro`;

/** A logger whose lines land in an array. */
function capture(format: "json" | "pretty"): { log: Logger; output: () => string } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger({ level: "trace", format, destination }), output: () => lines.join("") };
}

/** Logs a credential every way the code base might. */
function logEverything(log: Logger): void {
  log.info(`starting with bot token ${SECRETS.bot} and app token ${SECRETS.app}`);
  log.info("user token %s leaked into a format string", SECRETS.user);
  log.warn(`model call failed: invalid x-api-key ${SECRETS.anthropic}`);
  log.info(`Authorization: Bearer ${SECRETS.bearer}`);
  log.info(`connecting to ${dbUrl}`);
  // Redact paths: the config object and its parts.
  log.info(
    { config: { slack: { botToken: SECRETS.bot, signingSecret: SECRETS.signing }, anthropic: { apiKey: SECRETS.plain } } },
    "config.load.end",
  );
  log.info({ botToken: SECRETS.bot, apiKey: SECRETS.plain, signingSecret: SECRETS.signing }, "flat");
  log.info({ slack: { appToken: SECRETS.app, token: SECRETS.bot } }, "nested");
  log.info({ request: { headers: { authorization: `Bearer ${SECRETS.bearer}` } } }, "http.request.end");
  log.info({ headers: { authorization: `Bearer ${SECRETS.bearer}`, "x-api-key": SECRETS.anthropic } }, "headers");
  log.info({ db: { password: SECRETS.dbPassword } }, "password");
  // Fields no redact path names: scrubbed from the finished line.
  log.info({ database: dbUrl, payload: { text: `here is ${SECRETS.bot}` } }, "db.open.end");
  log.info({ list: [SECRETS.anthropic, { deep: { deeper: SECRETS.app } }] }, "arrays");
  // Errors: message, stack and cause.
  log.error({ err: new Error(`request to ${dbUrl} failed with ${SECRETS.bot}`) }, "db.query.fail");
  log.error(new Error(`anthropic said no to ${SECRETS.anthropic}`));
  log.error({ err: new Error("outer", { cause: new Error(`inner ${SECRETS.app}`) }) }, "with cause");
  // Child loggers carry bindings on every line.
  log.child({ botToken: SECRETS.bot, url: dbUrl }).info("child");
}

describe.each(["json", "pretty"] as const)("createLogger (%s)", (format) => {
  it("never writes a credential", () => {
    const { log, output } = capture(format);
    logEverything(log);
    const text = output();
    expect(text.length).toBeGreaterThan(0);
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(text, `${name} leaked`).not.toContain(secret);
    }
    // Enough of each line survives to debug with.
    expect(text).toContain("[redacted]");
    expect(text).toContain("db.internal:5432/maestro");
    expect(text).toContain("db.query.fail");
    expect(text).toContain("maestro:[redacted]@db.internal");
  });

  it("keeps ordinary lines intact", () => {
    const { log, output } = capture(format);
    log.info({ intakeId: 42, status: "TRIAGED", email: "ada@example.com", url: "postgres://db:5432/x" }, "intake.status.update");
    const text = output();
    expect(text).toContain("intake.status.update");
    expect(text).toContain("TRIAGED");
    expect(text).toContain("ada@example.com");
    expect(text).toContain("postgres://db:5432/x");
    expect(text).not.toContain("[redacted]");
  });
});

describe("createLogger (json)", () => {
  it("writes one parseable JSON object per line, even when a line is scrubbed", () => {
    const { log, output } = capture("json");
    logEverything(log);
    const lines = output().trim().split("\n");
    expect(lines.length).toBe(17);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const flat = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "flat");
    expect(flat).toMatchObject({ botToken: "[redacted]", apiKey: "[redacted]", signingSecret: "[redacted]" });
  });

  it("respects the level", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _e, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ level: "warn", format: "json", destination });
    log.info("hidden");
    log.warn("shown");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, msg: "shown" });
  });
});

describe("scrubSecrets", () => {
  it("redacts each kind of credential and leaves the rest", () => {
    expect(scrubSecrets(`a ${SECRETS.bot} b`)).toBe("a [redacted] b");
    expect(scrubSecrets(`a ${SECRETS.app} b`)).toBe("a [redacted] b");
    expect(scrubSecrets(`a ${SECRETS.anthropic} b`)).toBe("a [redacted] b");
    expect(scrubSecrets(`authorization: bearer ${SECRETS.bearer}`)).toBe("authorization: bearer [redacted]");
    expect(scrubSecrets(dbUrl)).toBe("postgres://maestro:[redacted]@db.internal:5432/maestro");
    expect(scrubSecrets("postgresql://postgres@127.0.0.1:5432/postgres")).toBe("postgresql://postgres@127.0.0.1:5432/postgres");
    expect(scrubSecrets("nothing secret here")).toBe("nothing secret here");
  });

  it("redacts the password of SMTP_URL (smtp:// and smtps://), in a message and inside a logged object", () => {
    expect(scrubSecrets("smtps://mailer:S3cretMailPass@smtp.example.com:465")).toBe("smtps://mailer:[redacted]@smtp.example.com:465");
    expect(scrubSecrets("smtp://mailer:S3cretMailPass@127.0.0.1:2525")).toBe("smtp://mailer:[redacted]@127.0.0.1:2525");
    const { log, output } = capture("json");
    log.info({ email: { smtpUrl: "smtps://mailer:S3cretMailPass@smtp.example.com" } }, "config.load.end");
    log.warn("cannot reach smtp://mailer:S3cretMailPass@smtp.example.com:587");
    expect(output()).not.toContain("S3cretMailPass");
    expect(output()).toContain("smtps://mailer:[redacted]@smtp.example.com");
  });

  it("does not swallow text between a password-less URL and a later @", () => {
    const line = '{"db":"postgres://db.internal:5432/maestro","to":"ada@example.com"}';
    expect(scrubSecrets(line)).toBe(line);
  });
});
