// classifyModelError recognises the SDK's errors by class name, without loading the SDK: it must agree with instanceof.
import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { ModelTimeoutError } from "./model-deadline.ts";
import { classifyModelError, retryDelayMs } from "./model-errors.ts";

type ErrorClass = new (...args: unknown[]) => Error;
const exported = Object.entries(Anthropic).filter(
  (entry): entry is [string, ErrorClass] => typeof entry[1] === "function" && entry[1].prototype instanceof Error,
);
const isA = (cls: ErrorClass, base: unknown) => cls === base || cls.prototype instanceof (base as ErrorClass);
const make = (cls: ErrorClass, status: number | undefined) => new cls(status, { error: { type: "x" } }, "boom", new Headers());

describe("classifyModelError", () => {
  it("sees every SDK error class under its exported name", () => {
    expect(exported.length).toBeGreaterThan(20);
    for (const [name, cls] of exported) expect(cls.name).toBe(name);
  });

  it.each(exported.map(([name, cls]) => [name, cls] as const))("classifies %s as instanceof checks would", (_name, cls) => {
    const status = isA(cls, Anthropic.APIConnectionError) || isA(cls, Anthropic.APIUserAbortError) ? undefined : 418;
    const message = classifyModelError(make(cls, status)).userMessage;
    if (isA(cls, Anthropic.APIConnectionTimeoutError)) expect(message).toMatch(/too long/);
    else if (isA(cls, Anthropic.APIConnectionError)) expect(message).toMatch(/couldn't reach/);
    else if (isA(cls, Anthropic.RateLimitError)) expect(message).toMatch(/rate limiting/);
    else if (isA(cls, Anthropic.InternalServerError)) expect(message).toMatch(/internal error/);
    else if (isA(cls, Anthropic.AuthenticationError) || isA(cls, Anthropic.PermissionDeniedError))
      expect(message).toMatch(/ANTHROPIC_API_KEY/);
    else if (isA(cls, Anthropic.APIUserAbortError)) expect(message).toMatch(/stopped/);
    else if (isA(cls, Anthropic.APIError)) expect(message).toMatch(/rejected the request/);
    else expect(message).toMatch(/Something went wrong/);
  });

  it("does not take an error that is not the SDK's for one, whatever its class name", () => {
    class APIError extends Error {
      status = 503;
    }
    const foreign = new APIError("teapot");
    expect(classifyModelError(foreign)).toMatchObject({ retryable: false, userMessage: expect.stringMatching(/Something went wrong/) });
  });
});

describe("failures of our own making, and the wait before a retry", () => {
  it("a deadline is retryable and says the service stopped answering", () => {
    expect(classifyModelError(new ModelTimeoutError("idle", 30_000))).toMatchObject({
      retryable: true,
      userMessage: expect.stringMatching(/stopped answering/),
      logMessage: expect.stringMatching(/nothing for 30000 ms/),
    });
  });

  it("a body cut off mid-JSON is a garbled answer, not a dropped connection — bare or wrapped by the stream", () => {
    const parse = (() => {
      try {
        JSON.parse('{"role":"assi');
      } catch (error) {
        return error as SyntaxError;
      }
    })()!;
    expect(parse.message).toMatch(/Unterminated/);
    const wrapped = Object.assign(new Anthropic.AnthropicError(parse.message), { cause: parse });
    for (const error of [parse, wrapped]) {
      const failure = classifyModelError(error);
      expect(failure).toMatchObject({ retryable: true, userMessage: expect.stringMatching(/couldn't read/) });
      expect(failure.logMessage).toMatch(/malformed response/);
    }
  });

  it("a connection that really dropped mid-stream still reads as one", () => {
    const dropped = Object.assign(new Anthropic.AnthropicError("terminated"), { cause: new TypeError("terminated") });
    expect(classifyModelError(dropped)).toMatchObject({
      retryable: true,
      userMessage: expect.stringMatching(/connection to the model dropped/),
    });
  });

  it("a caller's abort (a Stop) is not retried", () => {
    expect(classifyModelError(new Anthropic.APIUserAbortError())).toMatchObject({
      retryable: false,
      userMessage: "I stopped before finishing.",
    });
  });

  it("waits what the service asks (retry-after-ms, then retry-after), else backs off 0.5 s, 1 s, 2 s … up to 8 s", () => {
    const limited = (headers: Record<string, string>) =>
      new Anthropic.RateLimitError(429, { error: { type: "rate_limit_error" } }, "slow down", new Headers(headers));
    expect(retryDelayMs(limited({ "retry-after-ms": "250" }), 0)).toBe(250);
    expect(retryDelayMs(limited({ "retry-after": "3" }), 0)).toBe(3_000);
    expect([0, 1, 2, 5].map((attempt) => retryDelayMs(limited({}), attempt))).toEqual([500, 1_000, 2_000, 8_000]);
    expect(retryDelayMs(new Error("no headers"), 1)).toBe(1_000);
  });
});
