// Turns the stored transcript into the messages sent to the model: repaired, merged, and trimmed to a
// token budget at safe cut points so a tool_use is never separated from its tool_result.
import type Anthropic from "@anthropic-ai/sdk";

export interface StoredMessage {
  seq: number;
  role: "user" | "assistant";
  content: Anthropic.ContentBlockParam[];
  token_estimate: number;
  /** The run that wrote it (stored rows carry it): the gate looks at what this run read (docs/untrusted-text.md). */
  agent_run_id?: string | null;
}

/** A rough token count (≈ 4 characters per token); only used for budgeting, never billed. */
export function estimateTokens(content: unknown): number {
  return Math.ceil(JSON.stringify(content).length / 4);
}

export const isToolResult = (b: Anthropic.ContentBlockParam): b is Anthropic.ToolResultBlockParam => b.type === "tool_result";
export const isToolUse = (b: Anthropic.ContentBlockParam): b is Anthropic.ToolUseBlockParam => b.type === "tool_use";

/** The interrupted-step answer for a tool_use that never got a result (a crash, a superseded step). */
export const INTERRUPTED_RESULT =
  "This call was interrupted before a result was recorded. Check the current state with a read tool before trying again.";

/**
 * Makes the transcript valid for the API: every tool_use gets exactly one tool_result in the next user
 * message (synthesized when missing), consecutive same-role messages are merged, and it starts with a user.
 */
export function repairTranscript(messages: readonly StoredMessage[]): StoredMessage[] {
  const out: StoredMessage[] = [];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    const previous = out[out.length - 1];
    if (previous && previous.role === "assistant" && message.role === "assistant") {
      // A missing user turn between two assistant messages: close the first one's calls.
      out.push(closingResults(previous, undefined));
    }
    if (message.role === "user" && previous?.role === "assistant") {
      out.push(closingResults(previous, message));
      continue;
    }
    const last = out[out.length - 1];
    if (last && last.role === message.role && message.role === "user") {
      out[out.length - 1] = {
        ...last,
        content: [...last.content, ...message.content],
        token_estimate: last.token_estimate + message.token_estimate,
      };
      continue;
    }
    out.push({ ...message, content: [...message.content] });
  }
  while (out.length && out[0]!.role !== "user") out.shift();
  return out;
}

/** The user message after `assistant`: its tool_results first in call order, missing ones synthesized. */
function closingResults(assistant: StoredMessage, next: StoredMessage | undefined): StoredMessage {
  const calls = assistant.content.filter(isToolUse);
  const given = new Map<string, Anthropic.ToolResultBlockParam>();
  const rest: Anthropic.ContentBlockParam[] = [];
  for (const block of next?.content ?? []) {
    if (isToolResult(block)) given.set(block.tool_use_id, block);
    else rest.push(block);
  }
  const results: Anthropic.ContentBlockParam[] = calls.map(
    (call) => given.get(call.id) ?? { type: "tool_result", tool_use_id: call.id, content: INTERRUPTED_RESULT, is_error: true },
  );
  const content = [...results, ...rest];
  if (!content.length) content.push({ type: "text", text: "(continue)" });
  return { seq: next?.seq ?? assistant.seq, role: "user", content, token_estimate: next?.token_estimate ?? estimateTokens(content) };
}

/**
 * `known` followed by what this run just appended, when the appended seqs prove nothing else was written in
 * between (seq is max + 1 in an append-only table); undefined when they do not, and the transcript must be read.
 */
export function extendTranscript(known: readonly StoredMessage[], appended: readonly StoredMessage[]): StoredMessage[] | undefined {
  let last = known[known.length - 1]?.seq ?? 0;
  for (const message of appended) {
    if (message.seq !== last + 1) return undefined;
    last = message.seq;
  }
  return [...known, ...appended];
}

/** A user message that opens a turn (text only, no tool_result): the only place history may be cut. */
const isSafeStart = (m: StoredMessage) => m.role === "user" && !m.content.some(isToolResult);

export interface BuiltHistory {
  messages: Anthropic.MessageParam[];
  droppedMessages: number;
  estimatedTokens: number;
}

/** Keeps the newest messages that fit the budget, cutting only at safe starts; always keeps the last turn. */
export function buildHistory(stored: readonly StoredMessage[], tokenBudget: number): BuiltHistory {
  const repaired = repairTranscript(stored);
  const total = repaired.reduce((sum, m) => sum + (m.token_estimate || estimateTokens(m.content)), 0);
  let start = 0;
  let kept = total;
  if (total > tokenBudget) {
    const safeStarts = repaired.map((m, i) => (isSafeStart(m) ? i : -1)).filter((i) => i >= 0);
    const lastSafe = safeStarts[safeStarts.length - 1] ?? 0;
    for (const candidate of safeStarts) {
      const size = repaired.slice(candidate).reduce((sum, m) => sum + (m.token_estimate || estimateTokens(m.content)), 0);
      start = candidate;
      kept = size;
      if (size <= tokenBudget || candidate === lastSafe) break;
    }
  }
  const sent = repaired.slice(start);
  const messages: Anthropic.MessageParam[] = sent.map((m) => ({ role: m.role, content: m.content }));
  if (start > 0) {
    const note: Anthropic.TextBlockParam = {
      type: "text",
      text: `(Earlier messages in this conversation were left out to save space: ${start} messages. Use the tools again for anything you need from them.)`,
    };
    messages[0] = { role: "user", content: [note, ...sent[0]!.content] };
  }
  return { messages, droppedMessages: start, estimatedTokens: kept };
}
