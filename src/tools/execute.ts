// Runs one tool call: validate the arguments, classify the effect, refuse a gated call without a
// human decision, run the handler, and turn every failure into data the model can act on.
import type { z } from "zod";
import { DomainError, type DomainErrorCode, type NextStep } from "../domain/errors.ts";
import { firstUnstorablePath } from "../domain/untrusted-text.ts";
import type { Logger } from "../logger.ts";
import { domainErrorText } from "./model-hints.ts";
import type { EffectClass } from "./policy.ts";
import type { ToolRegistry } from "./registry.ts";
import { isDynamicEffect, type Tool, type ToolContext, type ToolResult } from "./tool.ts";

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

/** Validates the arguments and works out the effect of this call, without running it. */
export async function classifyCall(
  registry: ToolRegistry,
  name: string,
  rawArgs: unknown,
  ctx: Pick<ToolContext, "db">,
): Promise<Classification> {
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
  try {
    const effect = isDynamicEffect(tool.effect) ? await tool.effect.classify(parsed.data, ctx) : tool.effect;
    return { ok: true, tool, args: parsed.data, effect };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: domainFailure(error) };
    throw error;
  }
}

/** Validates, enforces the gate, runs. Never throws for bad input or a failing tool. */
export async function executeTool(
  registry: ToolRegistry,
  name: string,
  rawArgs: unknown,
  ctx: ToolContext,
  logger?: Logger,
): Promise<ToolOutcome> {
  let classification: Classification;
  try {
    classification = await classifyCall(registry, name, rawArgs, ctx);
  } catch (error) {
    logger?.error({ err: error, tool: name }, "tool.classify.error");
    return { ok: false, error: { code: "internal", message: `${name} could not run because of an internal error.` } };
  }
  if (!classification.ok) return classification;
  const { tool, args, effect } = classification;
  if (effect.effect === "gated" && !ctx.decision) {
    return {
      ok: false,
      effect,
      error: {
        code: "needs_confirmation",
        message: `${name} needs a human's confirmation before it runs: ${effect.reason}`,
      },
    };
  }
  try {
    const result = await tool.run(args, ctx);
    return { ok: true, result, effect };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, effect, error: domainFailure(error) };
    logger?.error({ err: error, tool: name }, "tool.run.error");
    return { ok: false, effect, error: { code: "internal", message: `${name} failed because of an internal error; nothing was changed.` } };
  }
}
