// Everything one scenario run recorded — Slack traffic, model exchanges, tool runs, table states — and readers over it.
import type { ReceivedEmail } from "../../src/testing/smtp-test-server.ts";
import type Anthropic from "@anthropic-ai/sdk";
import type { Knex } from "knex";
import type { ModelRequest, ModelResponse } from "../../src/agent/model-client.ts";
import type { Refs, Scenario } from "../scenario.ts";
import type { TableState } from "./table-state.ts";

export type EvalMode = "scripted" | "live" | "record" | "replay";

/** A Web API call, response_url post, or command ack, tagged with the turn that caused it. */
export interface SlackRecord {
  turn: number;
  method: string;
  args: Record<string, unknown>;
  response?: Record<string, unknown>;
}

export interface ClickRecord {
  turn: number;
  slackUserId: string;
  label: string;
  actionId: string;
  value?: string;
  /** The index in the Slack records of the message clicked on. */
  source: number;
}

export interface ModalRecord {
  turn: number;
  slackUserId: string;
  callbackId: string;
  privateMetadata: string;
}

export interface ModelExchange {
  turn: number;
  request: ModelRequest;
  response?: ModelResponse;
  error?: string;
  latencyMs: number;
}

/** A tool handler that actually ran (the gate held or refused calls never reach here). */
export interface ToolRun {
  turn: number;
  name: string;
  args: unknown;
  path: string;
  decision: string | null;
  ok: boolean;
  /** The handler's result as compact JSON, clipped for the report. */
  result?: string;
  error?: string;
}

export interface TurnRecord {
  index: number;
  /** "dm: What's in my intake queue?" */
  summary: string;
  error?: string;
  /** What Maestro showed in Slack during this turn (clipped), for the report. */
  shown?: string;
}

export interface Evidence {
  scenario: Scenario;
  mode: EvalMode;
  refs: Refs;
  db: Knex;
  turns: TurnRecord[];
  slack: SlackRecord[];
  clicks: ClickRecord[];
  modals: ModalRecord[];
  exchanges: ModelExchange[];
  toolRuns: ToolRun[];
  baseline: TableState;
  beforeFirstClick?: TableState;
  final: TableState;
  /** Scripted steps the app never asked for (scripted mode). */
  scriptLeft: number;
  /** What reached the run's SMTP server once the turns were over and the email outbox drained. */
  emails: ReceivedEmail[];
}

const OUTPUT_METHODS = new Set([
  "chat.postMessage",
  "chat.postEphemeral",
  "chat.update",
  "chat.startStream",
  "chat.appendStream",
  "chat.stopStream",
  "respond",
  "ack",
  "views.publish",
  "views.open",
]);

/** Every human-readable string in a Slack payload (text, markdown_text, block texts), joined by newlines. */
export function textOf(value: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown, key?: string) => {
    if (typeof node === "string") {
      if (key === "text" || key === "markdown_text") out.push(node);
      return;
    }
    if (Array.isArray(node)) return node.forEach((n) => walk(n, key));
    if (!node || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node)) {
      // A confirm dialog's words are not on screen until clicked; a button value is data, not text.
      if (k === "value" || k === "action_id" || k === "block_id" || k === "confirm") continue;
      walk(v, k === "text" && typeof v === "object" ? "text" : k);
    }
  };
  walk(value);
  return out.join("\n");
}

/**
 * Each message Maestro put in a conversation, as people read it now, keyed "channel:ts": a posted message's latest
 * text (an update replaces it) and a stream's chunks joined into the one message it becomes.
 */
export function deliveredMessages(slack: readonly SlackRecord[]): Map<string, string> {
  const messages = new Map<string, string>();
  const streamed = (args: Record<string, unknown>) =>
    Array.isArray(args.chunks)
      ? (args.chunks as { type: string; text?: string }[]).map((c) => (c.type === "markdown_text" ? (c.text ?? "") : "")).join("")
      : String(args.markdown_text ?? "");
  for (const r of slack) {
    const channel = String(r.args.channel ?? r.response?.channel);
    if (r.method === "chat.postMessage") messages.set(`${channel}:${String(r.response?.ts)}`, textOf(r.args));
    else if (r.method === "chat.update") messages.set(`${channel}:${String(r.args.ts)}`, textOf(r.args));
    else if (r.method === "chat.startStream") messages.set(`${channel}:${String(r.response?.ts)}`, streamed(r.args));
    else if (r.method === "chat.appendStream" || r.method === "chat.stopStream") {
      const key = `${channel}:${String(r.args.ts)}`;
      messages.set(key, (messages.get(key) ?? "") + streamed(r.args));
    }
  }
  return messages;
}

/** What Maestro showed people (messages, updates, ephemerals, acks, views), optionally of one turn only. */
export function shownText(evidence: Pick<Evidence, "slack">, turn?: number): string {
  return evidence.slack
    .filter((c) => OUTPUT_METHODS.has(c.method) && (turn === undefined || c.turn === turn))
    .map((c) => textOf(c.method === "views.publish" || c.method === "views.open" ? c.args.view : c.args))
    .join("\n");
}

/** The tool calls the model asked for, in order, with the turn they came in. */
export function toolUses(evidence: Pick<Evidence, "exchanges">): { turn: number; name: string; input: Record<string, unknown> }[] {
  return evidence.exchanges.flatMap((x) =>
    (x.response?.content ?? [])
      .filter((b): b is Anthropic.ToolUseBlock => b.type === "tool_use")
      .map((b) => ({ turn: x.turn, name: b.name, input: b.input as Record<string, unknown> })),
  );
}

/** The text of every model response (what the model wrote, before Slack formatting). */
export function modelTexts(evidence: Pick<Evidence, "exchanges">): string[] {
  return evidence.exchanges
    .map((x) =>
      (x.response?.content ?? [])
        .filter((b): b is Anthropic.TextBlock => b.type === "text")
        .map((b) => b.text)
        .join("\n")
        .trim(),
    )
    .filter(Boolean);
}

export interface ButtonSeen {
  label: string;
  actionId: string;
  value?: string;
  /** The actions block's id: Slack sends it with the click (a digest's or an alert's row is told apart by it). */
  blockId?: string;
  /** The text of the section just above the button's row (which list item it belongs to). */
  rowText: string;
  record: SlackRecord;
  /** Not a plain button: a 👍/👎 ("feedback_buttons") or a "⋯" menu's option ("overflow", `selected` its value). */
  type?: "feedback_buttons" | "overflow";
  selected?: string;
}

/** The clickable parts of a 👍/👎 pair or a "⋯" menu, each labelled as people see it. */
function choicesIn(
  el: Record<string, unknown>,
): { label: string; value?: string; type: "feedback_buttons" | "overflow"; selected?: string }[] {
  const label = (t: unknown) => String((t as { text?: string } | undefined)?.text ?? "");
  if (el.type === "feedback_buttons") {
    return (["positive_button", "negative_button"] as const).map((side) => {
      const b = el[side] as { text?: unknown; value?: string } | undefined;
      return { label: label(b?.text), value: b?.value, type: "feedback_buttons" as const };
    });
  }
  if (el.type === "overflow") {
    return ((el.options as { text?: unknown; value?: string }[]) ?? []).map((o) => ({
      label: label(o.text),
      type: "overflow" as const,
      selected: o.value,
    }));
  }
  return [];
}

/** Every button in a Slack payload, with the text of the section above its actions block. */
export function buttonsIn(record: SlackRecord): ButtonSeen[] {
  const found: ButtonSeen[] = [];
  const payload = record.method.startsWith("views.") ? (record.args.view as Record<string, unknown> | undefined) : record.args;
  const blocks = (payload?.blocks ?? []) as Record<string, unknown>[];
  let rowText = "";
  for (const block of Array.isArray(blocks) ? blocks : []) {
    if (block.type === "section" || block.type === "header" || block.type === "context") {
      rowText = textOf(block);
      continue;
    }
    const elements =
      block.type === "actions" || block.type === "context_actions"
        ? (block.elements as Record<string, unknown>[])
        : block.accessory
          ? [block.accessory as Record<string, unknown>]
          : [];
    for (const el of elements ?? []) {
      for (const choice of choicesIn(el)) {
        const blockId = typeof block.block_id === "string" ? block.block_id : undefined;
        found.push({ ...choice, actionId: String(el.action_id), blockId, rowText, record });
      }
      if (el.type !== "button") continue;
      found.push({
        label: String((el.text as { text?: string })?.text ?? ""),
        actionId: String(el.action_id),
        value: el.value as string | undefined,
        blockId: typeof block.block_id === "string" ? block.block_id : undefined,
        rowText,
        record,
      });
    }
  }
  return found;
}

/** What the model was shown for each call of `tool` (the tool_result text, parsed when it is JSON). */
export function toolResultsOf(evidence: Pick<Evidence, "exchanges">, tool: string): unknown[] {
  const ids = new Set(
    evidence.exchanges.flatMap((x) =>
      (x.response?.content ?? []).filter((b): b is Anthropic.ToolUseBlock => b.type === "tool_use" && b.name === tool).map((b) => b.id),
    ),
  );
  const seen = new Map<string, unknown>();
  for (const x of evidence.exchanges) {
    for (const message of x.request.messages) {
      if (typeof message.content === "string") continue;
      for (const block of message.content) {
        if (block.type !== "tool_result" || !ids.has(block.tool_use_id) || seen.has(block.tool_use_id)) continue;
        const text =
          typeof block.content === "string" ? block.content : (block.content ?? []).map((c) => ("text" in c ? c.text : "")).join("");
        try {
          seen.set(block.tool_use_id, JSON.parse(text));
        } catch {
          seen.set(block.tool_use_id, text);
        }
      }
    }
  }
  return [...seen.values()];
}
