// The agent's dependencies, limits and the outcomes it hands to a surface (Slack, console, CLI).
import type { Knex } from "knex";
import type { Config } from "../config.ts";
import type { Engine } from "../db/connect.ts";
import { DAY_MS, MINUTE_MS } from "../domain/clock.ts";
import type { Clock } from "../domain/clock.ts";
import type { ConversationKey } from "./stores/conversation-store.ts";
import type { Logger } from "../logger.ts";
import type { ToolRegistry } from "../tools/registry.ts";
import type { QuotedText } from "../tools/tool.ts";
import type { ChangeView } from "../tools/change-view.ts";
import type { ModelClient } from "./model-client.ts";
import type { ModelPrice } from "./pricing.ts";

export interface AgentLimits {
  /** Model calls in one run before it stops and says so. */
  maxModelCallsPerRun: number;
  maxOutputTokens: number;
  /** Characters of one tool result sent to the model. */
  maxToolResultChars: number;
  /** Tool calls honoured in one model message. */
  maxToolCallsPerStep: number;
  /** Estimated tokens of history sent with each call; older turns are left out past it. */
  historyTokenBudget: number;
  pendingActionTtlMs: number;
  /** Extra tries of a failed model call (retryable errors only, never after a tool ran in that step). */
  modelRetries: number;
  /** How long a conversation stays held after its holder last renewed (every third of it): a dead holder is noticed after it. */
  turnLeaseMs: number;
  /** How often a running run reads whether a Stop was asked for it on another replica (one indexed read). */
  stopPollMs: number;
}

export const DEFAULT_LIMITS: AgentLimits = {
  maxModelCallsPerRun: 12,
  maxOutputTokens: 4096,
  maxToolResultChars: 16_000,
  maxToolCallsPerStep: 10,
  historyTokenBudget: 60_000,
  pendingActionTtlMs: DAY_MS,
  modelRetries: 2,
  turnLeaseMs: MINUTE_MS,
  stopPollMs: 1_000,
};

export interface AgentDeps {
  db: Knex;
  engine: Engine;
  config: Config;
  clock: Clock;
  logger: Logger;
  registry: ToolRegistry;
  /** Null when no ANTHROPIC_API_KEY is set: turns are answered with a clear message, no call is made. */
  model: ModelClient | null;
  limits?: Partial<AgentLimits>;
  prices?: Record<string, ModelPrice>;
  /** Waits between retries; tests pass an instant one. */
  sleep?: (ms: number) => Promise<void>;
}

/** The person a turn or a decision is for: a users row, already known to be staff by the surface. */
export interface AgentUser {
  id: number;
  name: string;
  roles: readonly string[];
  slackUserId?: string | null;
}

/** How one tool call ended: ran, failed (the model sees the error), or held for a person's click. */
export type ToolCallOutcome = "ok" | "failed" | "held";

/** A tool call the run is settling: `id` is the model's tool_use id (unique within the run). */
export interface ToolCallStart {
  id: string;
  name: string;
}

export interface ToolCallEnd extends ToolCallStart {
  outcome: ToolCallOutcome;
  /** A short line a person can read: what it found, why it failed, or why it waits for a click. */
  summary: string;
}

/** Progress a surface can show while the model works. */
export interface TurnObserver {
  onStatus?(status: string): void;
  /** A tool call starts (after the model asked for it, before it runs or is held). */
  onToolStart?(call: ToolCallStart): void;
  /** A tool call is settled. Every onToolStart is followed by exactly one onToolEnd. */
  onToolEnd?(call: ToolCallEnd): void;
  onTextDelta?(text: string): void;
  /** A model call is being retried: text streamed so far should be discarded. */
  onRetry?(): void;
  /** A word for the person while the answer is slow ("still working…"), at most once per run; the answer follows. */
  onNotice?(text: string): void;
}

/** What a confirmation card shows. */
export interface PendingActionView {
  id: string;
  toolName: string;
  /** The card's own words, from trusted fields only. */
  summary: string;
  /** Record text and proposed text, shown quoted under their labels (never as the card's words). */
  quoted: QuotedText[];
  /** What will change, before → after, as the tool described it when the card was held (absent on older cards). */
  change?: ChangeView;
  args: Record<string, unknown>;
  reason: string;
  requestedBy: { id: number | null; name: string };
  /** The conversation it was asked in and a link to the question, once its card was posted. */
  askedIn?: { channelId: string | null; link: string | null };
  /** What the person who cancelled wrote, if anything. */
  decisionNote?: string | null;
  createdAt: Date;
  expiresAt: Date;
  status: string;
  decidedBy?: { id: number; name: string } | null;
  decidedAt?: Date | null;
  resultText?: string | null;
}

/** What a turn produced, handed to the surface's responder. */
export type TurnOutcome =
  | { kind: "reply"; runId: string; conversation: ConversationKey; text: string; notices: string[] }
  | {
      kind: "awaiting_confirmation";
      runId: string;
      conversation: ConversationKey;
      text: string;
      actions: PendingActionView[];
      notices: string[];
    }
  | { kind: "queued"; conversation: ConversationKey; position: number }
  /** A person stopped the run (Stop button, `/maestro stop`): `text` says what was done before it. */
  | { kind: "stopped"; runId: string; conversation: ConversationKey; text: string; notices: string[] }
  | { kind: "unavailable"; conversation: ConversationKey; reason: "no_model" | "budget"; text: string }
  /** runId is absent when the turn failed before its run was recorded (or the database failed under it). */
  | { kind: "failed"; runId?: string; conversation: ConversationKey; text: string; error: string };

export type DecisionOutcome =
  | { kind: "not_found"; text: string }
  | { kind: "forbidden"; text: string; action: PendingActionView }
  | { kind: "already_decided"; text: string; action: PendingActionView }
  | { kind: "expired"; text: string; action: PendingActionView }
  | { kind: "decided"; text: string; action: PendingActionView; stale: boolean };

/** A card that expired unanswered, with where it was posted (null when it never was). */
export interface ExpiredCard {
  action: PendingActionView;
  card: { channelId: string; messageTs: string } | null;
}

/** A card the recovery sweep brings up to date: its action's state now, and whether it failed as stale. */
export interface RecoveredCard extends ExpiredCard {
  stale: boolean;
}
