// A call decided where it writes: the tool's row lock, then its effect and a card's preconditions, then the write,
// in one transaction. What the gate decided and what a person confirmed is exactly what runs (ARCHITECTURE.md
// invariant 10); when the row moved meanwhile the call is a `stale` conflict, never a different write.
import type { Knex } from "knex";
import { DomainError } from "../domain/errors.ts";
import { canonicalJson } from "./canonical-json.ts";
import type { EffectClass } from "./policy.ts";
import { isDynamicEffect, type Expectation, type Tool, type ToolContext, type ToolResult } from "./tool.ts";

/** The effect of this call with the database as `ctx.db` sees it. */
export async function effectOf(tool: Tool, args: unknown, ctx: Pick<ToolContext, "db">): Promise<EffectClass> {
  return isDynamicEffect(tool.effect) ? tool.effect.classify(args, ctx) : tool.effect;
}

const shown = (value: unknown) => (typeof value === "string" ? value : canonicalJson(value ?? null));

/** "status was NEW then, BOOKED now" for each field of a card's snapshot that moved. */
export function describeChanges(then: Record<string, unknown>, now: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(then), ...Object.keys(now)])].sort();
  return keys
    .filter((key) => canonicalJson(then[key] ?? null) !== canonicalJson(now[key] ?? null))
    .map((key) => `${key.replaceAll("_", " ")} was ${shown(then[key])} then, ${shown(now[key])} now`);
}

const CHANGED = "Nothing was done: this changed after the card was posted";
const ASK_AGAIN = "Ask again if it is still wanted.";

/** The card's preconditions and the gate's classification, re-checked under the lock; throws `stale` when they moved. */
export async function assertExpected(
  tool: Tool,
  args: unknown,
  effect: EffectClass,
  expected: Expectation,
  ctx: Pick<ToolContext, "db">,
): Promise<void> {
  if (expected.snapshot && tool.preview) {
    let now: Record<string, unknown>;
    try {
      now = (await tool.preview(args, ctx)).snapshot;
    } catch (error) {
      // The preview refuses a call that can no longer be made (decided meanwhile, slot booked…): its words say why.
      if (!(error instanceof DomainError)) throw error;
      throw new DomainError("stale", `${CHANGED}. ${error.message} ${ASK_AGAIN}`, { then: expected.snapshot, refused: error.code });
    }
    const changes = describeChanges(expected.snapshot, now);
    if (changes.length > 0) {
      throw new DomainError("stale", `${CHANGED} (${changes.join("; ")}). ${ASK_AGAIN}`, { then: expected.snapshot, now });
    }
  }
  if (effect.effect !== expected.effect) {
    const needs = effect.effect === "gated" ? "it now needs a human's confirmation" : `it is now a ${effect.effect} call`;
    throw new DomainError(
      "stale",
      `Nothing was done: the record changed after this call was checked, and ${needs} (${effect.reason}). ${ASK_AGAIN}`,
      {
        expected: expected.effect,
        now: effect.effect,
      },
    );
  }
}

export interface DecidedRun {
  result: ToolResult;
  effect: EffectClass;
}

/**
 * Runs `tool` with its decision taken under its row lock: lock, classify, check what was expected, refuse a gated call
 * without a human decision, write — one transaction (a savepoint when `ctx.db` already is one, as for a confirmed
 * action settled with its write). `onEffect` hears the effect once known, so a failure can still report it.
 */
export async function runDecided(
  tool: Tool,
  args: unknown,
  ctx: ToolContext,
  options: { expected?: Expectation; onEffect?: (effect: EffectClass) => void } = {},
): Promise<DecidedRun> {
  const decideAndRun = async (db: Knex): Promise<DecidedRun> => {
    const locked = { ...ctx, db };
    await tool.lock?.(args, locked);
    const effect = await effectOf(tool, args, locked);
    options.onEffect?.(effect);
    if (options.expected) await assertExpected(tool, args, effect, options.expected, locked);
    if (effect.effect === "gated" && !ctx.decision) {
      throw new DomainError("needs_confirmation", `${tool.name} needs a human's confirmation before it runs: ${effect.reason}`);
    }
    return { result: await tool.run(args, locked), effect };
  };
  // A tool without a row to lock has a fixed effect and no card preconditions: its domain service's own transaction suffices.
  return tool.lock ? ctx.db.transaction(decideAndRun) : decideAndRun(ctx.db);
}
