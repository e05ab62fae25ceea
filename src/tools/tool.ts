// A tool is one value: name, a description written for the model, a zod input, its effect, and a handler.
import type { Knex } from "knex";
import type { z } from "zod";
import type { Config } from "../config.ts";
import type { Engine } from "../db/connect.ts";
import type { Actor } from "../domain/actor.ts";
import type { Clock } from "../domain/clock.ts";
import type { ChangeView } from "./change-view.ts";
import type { Effect, EffectClass } from "./policy.ts";

export const TOOL_GROUPS = ["queue", "roles", "bookings", "workflows", "marketing", "diagnostics"] as const;
export type ToolGroup = (typeof TOOL_GROUPS)[number];

/** How a human decided a gated call; without one a gated call is refused. */
export type Decision = { via: "pending_action"; pendingActionId: string } | { via: "button" } | { via: "cli" };

/** What every handler may use: the database, the clock, who is acting, and the process settings. */
export interface ToolContext {
  db: Knex;
  clock: Clock;
  actor: Actor;
  decision?: Decision;
  config: Config;
  engine: Engine;
}

/** An effect that depends on the arguments and the current state (update_intake_status). */
export interface DynamicEffect<A> {
  /** One line for the contract snapshot and the docs. */
  depends: string;
  classify(args: A, ctx: Pick<ToolContext, "db">): Promise<EffectClass>;
}

/** Text written outside the studio (or proposed by the model), shown on a card quoted and labelled, never as the card's words. */
export interface QuotedText {
  /** What the text is, in the card's own words: "the intake's contact name", "the note as proposed". */
  label: string;
  text: string;
}

/** What a person sees on a confirmation card, and the state the decision depends on. */
export interface Preview {
  /** The card's own words: built from trusted fields only (ids, statuses, roles, times), never from record or argument text. */
  summary: string;
  /** Record text and proposed text the person should see, quoted under a label (docs/untrusted-text.md). */
  quoted?: QuotedText[];
  /** What will change, before → after, typed for the card (change-view.ts); every write-class tool gives one. */
  change?: ChangeView;
  snapshot: Record<string, unknown>;
}

/**
 * What a human decided on, checked again under the row lock in the write's own transaction: the effect the gate
 * classified and, for a card, the state its preview showed (ARCHITECTURE.md invariant 10).
 */
export interface Expectation {
  effect: Effect;
  /** The preview's snapshot when the card was posted (without its summary). */
  snapshot?: Record<string, unknown>;
  /** The card's words, to name what changed in the conflict. */
  summary?: string;
}

/** What a tool returns: plain JSON-able data, sent to the model as it is. */
export type ToolResult = Record<string, unknown>;

/**
 * One tool. `N`, `I` and `O` keep its name, input schema and result type for callers that know which tool they run
 * (`ToolOutput<"get_intake_queue">`); the registry holds them as plain `Tool`s.
 */
export interface Tool<I extends z.ZodType = z.ZodType, O extends ToolResult = ToolResult, N extends string = string> {
  name: N;
  group: ToolGroup;
  description: string;
  input: I;
  effect: EffectClass | DynamicEffect<z.infer<I>>;
  /**
   * Result fields (keys, at any depth) whose text was written outside the studio: by a prospect, a member, an API
   * client or a website visitor. A run that has read such text gets no write without a click (docs/untrusted-text.md).
   */
  untrusted?: readonly string[];
  /** Gated tools: plain words for the card and a snapshot re-checked when the human decides. */
  preview?(args: z.infer<I>, ctx: Pick<ToolContext, "db">): Promise<Preview>;
  /**
   * Tools whose effect or preview depends on a row (every gated tool, every dynamic effect): lock that row in the
   * caller's transaction, so the classification and the card's preconditions checked next hold until the write commits.
   */
  lock?(args: z.infer<I>, ctx: Pick<ToolContext, "db">): Promise<void>;
  /**
   * Gated tools: whether this human may decide the call (beyond being staff), checked before a click
   * claims the card so an unauthorized click changes nothing. Throws a forbidden DomainError.
   */
  authorize?(args: z.infer<I>, ctx: Pick<ToolContext, "db" | "actor" | "decision">): Promise<void>;
  run(args: z.infer<I>, ctx: ToolContext): Promise<O>;
}

/** Infers the name, the input and the result type from the definition, so they flow to the catalogue's callers. */
export function defineTool<const N extends string, I extends z.ZodType, O extends ToolResult>(tool: Tool<I, O, N>): Tool<I, O, N> {
  return tool;
}

export const isDynamicEffect = <A>(effect: Tool["effect"]): effect is DynamicEffect<A> => "classify" in effect;
