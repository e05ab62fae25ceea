// A tool_use step: the gate runs the read and write calls now and holds the gated ones. With any held, the run
// pauses (its cards wait in PostgreSQL for a click); otherwise all results go back to the model in one message.
import type Anthropic from "@anthropic-ai/sdk";
import type { TurnOutcome } from "./agent-types.ts";
import { settleToolCalls } from "./approvals/gate.ts";
import { toolResultOf } from "./approvals/paused-step.ts";
import { viewsOf } from "./approvals/views.ts";
import { estimateTokens, extendTranscript } from "./history.ts";
import { textOf } from "./model-step.ts";
import { conversationKeyOf, type RunLoop } from "./run-loop.ts";
import { agentActor } from "./runtime.ts";
import { appendMessage, loadTranscript, type MessageRow } from "./stores/conversation-store.ts";
import { pauseRun } from "./stores/run-store.ts";

/** Settles the step's calls; returns the paused outcome, or undefined when the loop goes on to the next step. */
export async function runToolStep(
  loop: RunLoop,
  content: readonly Anthropic.ContentBlock[],
  assistant: MessageRow,
): Promise<TurnOutcome | undefined> {
  const { rt, run } = loop;
  const calls = content.filter((b): b is Anthropic.ToolUseBlock => b.type === "tool_use");
  loop.observer?.onStatus?.(`running ${calls.map((c) => c.name).join(", ")}…`);
  // The transcript the model answered from (read by this step's model call), so the gate sees what it read.
  const transcript = loop.transcript ?? (await loadTranscript(rt.db, loop.conversation.id));
  const step = await settleToolCalls(rt, calls, {
    actor: agentActor(loop.user, run.id),
    runId: run.id,
    stepSeq: assistant.seq,
    transcript,
    observer: loop.observer,
  });
  if (step.pending.length) {
    await pauseRun(rt.db, run.id, assistant.seq, step.settled, rt.clock.now());
    return {
      kind: "awaiting_confirmation",
      runId: run.id,
      conversation: conversationKeyOf(loop.conversation),
      text: textOf(content),
      actions: await viewsOf(rt, step.pending),
      notices: loop.notices,
    };
  }
  const results = step.settled.map(toolResultOf);
  const answered = await appendMessage(
    rt.db,
    { conversationId: loop.conversation.id, role: "user", content: results, runId: run.id, tokenEstimate: estimateTokens(results) },
    rt.clock.now(),
  );
  loop.transcript = loop.transcript && extendTranscript(loop.transcript, [assistant, answered]);
  return undefined;
}
