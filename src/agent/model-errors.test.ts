// classifyModelError recognises the SDK's errors by class name, without loading the SDK: it must agree with instanceof.
import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { classifyModelError } from "./model-errors.ts";

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
