// A turn whose holder died: the next holder of the conversation (a new turn, or the recovery sweep) ends its run,
// closes its transcript so the next turn reads a valid alternation, and words what the person is told — in true
// words: what had finished, what may have been under way, and that nothing after it was done.
import type Anthropic from "@anthropic-ai/sdk";
import { isDynamicEffect } from "../tools/tool.ts";
import { INTERRUPTED_RESULT, isToolResult, isToolUse } from "./history.ts";
import type { Runtime } from "./runtime.ts";
import { appendMessage, loadTranscript, type MessageRow, type TranscriptBlock } from "./stores/conversation-store.ts";
import { endInterruptedRuns, type RunRow } from "./stores/run-store.ts";

/** A run ended because its holder died, with what its person is told. */
export interface InterruptedRun {
  run: RunRow;
  /** The person's question, as they wrote it (for the notice's target). */
  question: string;
  text: string;
}

const RUN_ERROR = "interrupted: the process answering it stopped; ended by the next holder of the conversation";
const TRANSCRIPT_NOTE = "(This answer was interrupted: the process answering it stopped. The person was told to ask again.)";

/**
 * Ends the runs still running in a conversation whose lease the caller holds (their holder is gone) and closes the
 * transcript after them. The conditional update ends each run once, however many holders try.
 */
export async function endInterruptedTurns(rt: Runtime, conversationId: number): Promise<InterruptedRun[]> {
  const runs = await endInterruptedRuns(rt.db, conversationId, RUN_ERROR, rt.clock.now());
  if (!runs.length) return [];
  const transcript = await loadTranscript(rt.db, conversationId);
  const ended = runs.map((run) => ({
    run,
    ...describe(
      rt,
      transcript.filter((m) => m.agent_run_id === run.id),
    ),
  }));
  await closeTranscript(rt, conversationId, transcript.at(-1), runs.at(-1)!.id);
  for (const { run } of ended) rt.logger.warn({ runId: run.id, conversationId }, "agent.run.interrupted");
  return ended;
}

/** Every dangling tool_use gets its tool_result, and the assistant has the last word, so the next turn alternates. */
async function closeTranscript(rt: Runtime, conversationId: number, last: MessageRow | undefined, runId: string): Promise<void> {
  if (!last) return;
  const append = (role: "user" | "assistant", content: TranscriptBlock[]) =>
    appendMessage(rt.db, { conversationId, role, content, runId, tokenEstimate: 40 }, rt.clock.now());
  if (last.role === "assistant") {
    const calls = last.content.filter(isToolUse);
    if (!calls.length) return;
    await append(
      "user",
      calls.map((call) => ({ type: "tool_result", tool_use_id: call.id, content: INTERRUPTED_RESULT, is_error: true })),
    );
  }
  await append("assistant", [{ type: "text", text: TRANSCRIPT_NOTE }]);
}

const readsOnly = (rt: Runtime, name: string) => {
  const effect = rt.registry.get(name)?.effect;
  return !!effect && !isDynamicEffect(effect) && effect.effect === "read";
};
const quote = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);
const spoken = (names: readonly string[]) => [...new Set(names)].map((n) => n.replaceAll("_", " ")).join(", ");

/** What the run had asked and done, from its own messages. */
function describe(rt: Runtime, messages: readonly MessageRow[]): { question: string; text: string } {
  const opening = messages.find((m) => m.role === "user" && !m.content.some(isToolResult));
  const texts = (opening?.content ?? []).filter((b): b is Anthropic.TextBlockParam => b.type === "text");
  const question = texts.at(-1)?.text ?? "";
  const calls = messages.filter((m) => m.role === "assistant").flatMap((m) => m.content.filter(isToolUse));
  const answered = new Set(messages.flatMap((m) => m.content.filter(isToolResult)).map((r) => r.tool_use_id));
  const finished = calls.filter((c) => answered.has(c.id)).map((c) => c.name);
  const underWay = calls.filter((c) => !answered.has(c.id));
  // A read never changes anything: only a call that could write is worth a warning.
  const writing = underWay.filter((c) => !readsOnly(rt, c.name)).map((c) => c.name);
  const opening_ = question
    ? `I was interrupted while answering “${quote(question)}” and could not finish.`
    : "I was interrupted and could not finish my answer.";
  const parts = [opening_];
  if (finished.length) parts.push(`Before that I had finished: ${spoken(finished)}.`);
  if (writing.length)
    parts.push(`I was in the middle of ${spoken(writing)}, which may or may not have taken effect: check it before asking again.`);
  else parts.push(finished.length ? "Nothing after that was done. Please ask again." : "Nothing was done for it. Please ask again.");
  return { question, text: parts.join(" ") };
}
