// Runs one tool call: validate the arguments, then classify the effect, refuse a gated call without a human decision
// and run the handler under the row lock (decided-run.ts), and turn every failure into data the model can act on.
import type { z } from "zod";
import { DomainError, type DomainErrorCode, type NextStep } from "../domain/errors.ts";
import { firstUnstorablePath } from "../domain/untrusted-text.ts";
import type { Logger } from "../logger.ts";
import { domainErrorText } from "./model-hints.ts";
import type { EffectClass } from "./policy.ts";
import type { ToolRegistry } from "./registry.ts";
import { effectOf, runDecided } from "./decided-run.ts";
import type { Expectation, Tool, ToolContext, ToolResult } from "./tool.ts";

export type ToolErrorCode = DomainErrorCode | "unknown_tool" | "internal";

export interface ToolFailure {
  code: ToolErrorCode;
  /** For the model: a domain error's message with the hint naming the tool that finds what is missing. */
  message: string;
  /** A domain error's own message and next step, for a surface to word its own hint (a person has commands, not tools). */
  domain?: { message: string; next?: NextStep };
}

/** A domain error as a tool failure: the model's text, and the parts a surface words for a person. */
const domainFailure = (error: DomainError): ToolFailure => ({
  code: error.code,
  message: domainErrorText(error),
  domain: { message: error.message, next: error.next },
});

/** A call's outcome; `R` is the result type when the caller knows which tool it ran (see run-tool.ts). */
export type ToolOutcome<R extends ToolResult = ToolResult> =
  | { ok: true; result: R; effect: EffectClass }
  | { ok: false; error: ToolFailure; effect?: EffectClass };

export type Classification = { ok: true; tool: Tool; args: unknown; effect: EffectClass } | { ok: false; error: ToolFailure };

/** "intake_id: expected a positive integer; new_status: must be one of …" */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "arguments"}: ${issue.message}`)
    .join("; ");
}

type Parsed = { ok: true; tool: Tool; args: unknown } | { ok: false; error: ToolFailure };

/** The tool and its validated arguments, or why the call is invalid; touches no database. */
function parseCall(registry: ToolRegistry, name: string, rawArgs: unknown): Parsed {
  const tool = registry.get(name);
  if (!tool) {
    return { ok: false, error: { code: "unknown_tool", message: `There is no tool named ${name}.` } };
  }
  // Checked before the schema: the database would refuse such text at the write, failing the whole step.
  const unstorable = firstUnstorablePath(rawArgs);
  if (unstorable) {
    const message = `Invalid arguments for ${name}: ${unstorable}: text must not contain a NUL character or an unpaired UTF-16 surrogate; remove it and call again`;
    return { ok: false, error: { code: "invalid_input", message } };
  }
  const parsed = tool.input.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: "invalid_input", message: `Invalid arguments for ${name}: ${describeIssues(parsed.error.issues)}` },
    };
  }
  return { ok: true, tool, args: parsed.data };
}

/**
 * Validates the arguments and takes a first look at the effect of this call, without running it (the gate uses it
 * to hold a gated call for a card). The effect that counts is decided again under the row lock when the call runs.
 */
export async function classifyCall(
  registry: ToolRegistry,
  name: string,
  rawArgs: unknown,
  ctx: Pick<ToolContext, "db">,
): Promise<Classification> {
  const parsed = parseCall(registry, name, rawArgs);
  if (!parsed.ok) return parsed;
  try {
    return { ...parsed, effect: await effectOf(parsed.tool, parsed.args, ctx) };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: domainFailure(error) };
    throw error;
  }
}

/**
 * Validates, then decides the effect and enforces the gate under the row lock in the write's own transaction, and
 * runs. `expected` is what a human decided on (a card's effect and snapshot): a mismatch is a `stale` failure and
 * nothing is written. Never throws for bad input or a failing tool.
 */
export async function executeTool(
  registry: ToolRegistry,
  name: string,
  rawArgs: unknown,
  ctx: ToolContext,
  logger?: Logger,
  expected?: Expectation,
): Promise<ToolOutcome> {
  const parsed = parseCall(registry, name, rawArgs);
  if (!parsed.ok) return parsed;
  let effect: EffectClass | undefined;
  try {
    const run = await runDecided(parsed.tool, parsed.args, ctx, { expected, onEffect: (known) => (effect = known) });
    return { ok: true, result: run.result, effect: run.effect };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, effect, error: domainFailure(error) };
    logger?.error({ err: error, tool: name }, "tool.run.error");
    return { ok: false, effect, error: { code: "internal", message: `${name} failed because of an internal error; nothing was changed.` } };
  }
}
