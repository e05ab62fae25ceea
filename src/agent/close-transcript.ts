// Closing a run's transcript when it ends before its model did (a dead holder, a Stop): every dangling tool_use gets
// a tool_result and the assistant has the last word, so the next turn reads a valid alternation. And what the run
// had done, from its own messages, for the words the person reads.
import type { Anthropic } from "@anthropic-ai/sdk";
import { isToolResult, isToolUse } from "./history.ts";
import type { Runtime } from "./runtime.ts";
import { appendMessage, type MessageRow, type TranscriptBlock } from "./stores/conversation-store.ts";

/** `result`: the tool_result content of a call that never ran to its end; `note`: the assistant's closing words. */
export async function closeTranscript(
  rt: Runtime,
  conversationId: number,
  last: MessageRow | undefined,
  runId: string,
  words: { result: string; note: string },
): Promise<void> {
  if (!last) return;
  const append = (role: "user" | "assistant", content: TranscriptBlock[]) =>
    appendMessage(rt.db, { conversationId, role, content, runId, tokenEstimate: 40 }, rt.clock.now());
  if (last.role === "assistant") {
    const calls = last.content.filter(isToolUse);
    if (!calls.length) return;
    await append(
      "user",
      calls.map((call) => ({ type: "tool_result", tool_use_id: call.id, content: words.result, is_error: true })),
    );
  }
  await append("assistant", [{ type: "text", text: words.note }]);
}

/** What a run asked and did: its question, the calls that have a result, and those still without one. */
export function runWork(messages: readonly MessageRow[]): {
  question: string;
  finished: string[];
  underWay: Anthropic.ToolUseBlockParam[];
} {
  const opening = messages.find((m) => m.role === "user" && !m.content.some(isToolResult));
  const texts = (opening?.content ?? []).filter((b): b is Anthropic.TextBlockParam => b.type === "text");
  const calls = messages.filter((m) => m.role === "assistant").flatMap((m) => m.content.filter(isToolUse));
  const answered = new Set(messages.flatMap((m) => m.content.filter(isToolResult)).map((r) => r.tool_use_id));
  return {
    question: texts.at(-1)?.text ?? "",
    finished: calls.filter((c) => answered.has(c.id)).map((c) => c.name),
    underWay: calls.filter((c) => !answered.has(c.id)),
  };
}

/** Tool names as a person reads them: "get intake queue, update intake status". */
export const spokenTools = (names: readonly string[]) => [...new Set(names)].map((n) => n.replaceAll("_", " ")).join(", ");
