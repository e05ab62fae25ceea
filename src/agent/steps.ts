// The loop of one run: call the model, store what it said, settle its tool calls, repeat until it
// answers, pauses on a gated call, or fails. Every step is written to PostgreSQL before the next.
import type { AgentUser, TurnObserver, TurnOutcome } from "./agent-types.ts";
import { extendTranscript } from "./history.ts";
import type { ModelResponse } from "./model-client.ts";
import { takeModelStep, textOf } from "./model-step.ts";
import { LeaseLostError, type LeaseKeeper } from "./lease-keeper.ts";
import { failRun, replyOf, type RunLoop } from "./run-loop.ts";
import { isDatabaseUnavailable } from "./turn-failure.ts";
import type { Runtime } from "./runtime.ts";
import { appendMessage, type ConversationRow, type MessageRow } from "./stores/conversation-store.ts";
import { finishRun, type RunRow } from "./stores/run-store.ts";
import { runToolStep } from "./tool-step.ts";
import { stopOf, watchStop } from "./stop.ts";
import { endStoppedRun } from "./stopped-run.ts";

/** Runs model steps for `run` until a terminal outcome. The caller holds the conversation's turn lease (`lease` keeps it). */
export async function runSteps(
  rt: Runtime,
  run: RunRow,
  conversation: ConversationRow,
  user: AgentUser,
  observer?: TurnObserver,
  notices: string[] = [],
  lease?: LeaseKeeper,
): Promise<TurnOutcome> {
  const stop = watchStop(rt, run.id);
  const loop: RunLoop = {
    rt,
    run,
    conversation,
    user,
    observer,
    notices,
    budget: rt.limits.historyTokenBudget,
    calls: run.model_calls,
    signal: stop.signal,
  };
  try {
    for (;;) {
      // A holder whose lease was taken over stops here: the sweep that took it has ended the run and told the person.
      lease?.check();
      // A Stop ends the run between steps: a tool step already under way has finished (or rolled back) its write.
      const stopped = stopOf(loop.signal);
      if (stopped) return await endStoppedRun(loop, stopped);
      if (loop.calls >= rt.limits.maxModelCallsPerRun) return await stopAtCallLimit(loop);
      const step = await takeModelStep(loop);
      if (!step.ok) return step.outcome;
      lease?.check();
      const stoppedAfter = stopOf(loop.signal);
      if (stoppedAfter && step.response.stop_reason === "tool_use") return await endStoppedRun(loop, stoppedAfter);
      const outcome = await afterStep(loop, step.response, step.assistant);
      if (outcome) return outcome;
    }
  } catch (error) {
    const stopped = stopOf(loop.signal);
    if (stopped && !(error instanceof LeaseLostError) && !isDatabaseUnavailable(error)) return await endStoppedRun(loop, stopped);
    // Taken over, or the database is gone (failing the run would only wait on it again): the caller tells the person,
    // and the recovery sweep ends the run once the database is back.
    if (error instanceof LeaseLostError || isDatabaseUnavailable(error)) throw error;
    rt.logger.error({ err: error, runId: run.id }, "agent.run.crashed");
    return await failRun(
      loop,
      "Something went wrong on my side and I stopped. Nothing after the last confirmed step was changed. Please try again.",
      error instanceof Error ? error.message : String(error),
    );
  } finally {
    stop.clear();
  }
}

/** What the model's stop reason means: another step (undefined), or the run's outcome. */
async function afterStep(loop: RunLoop, response: ModelResponse, assistant: MessageRow | undefined): Promise<TurnOutcome | undefined> {
  const text = textOf(response.content);
  switch (response.stop_reason) {
    case "tool_use":
      return runToolStep(loop, response.content, assistant!);
    case "pause_turn":
      // A long server-side turn paused: it was stored as is; the model carries on from it.
      loop.transcript = loop.transcript && extendTranscript(loop.transcript, [assistant!]);
      return undefined;
    case "model_context_window_exceeded":
      return shrinkHistory(loop);
    case "max_tokens":
      return replyOf(loop, text || "My answer ran over the length limit before I could finish.", [
        ...loop.notices,
        "My reply hit the length limit and may be cut short. Ask for less at once.",
      ]);
    case "refusal":
      return replyOf(loop, text || "I can't help with that request.");
    default:
      return replyOf(loop, text || "(no reply)");
  }
}

/** The history overflowed the model's context: send a third of it next time, or give up when it is already small. */
async function shrinkHistory(loop: RunLoop): Promise<TurnOutcome | undefined> {
  loop.transcript = undefined; // nothing of ours was appended, so nothing proves it unchanged
  if (loop.budget > 4_000) {
    loop.budget = Math.floor(loop.budget / 3);
    loop.rt.logger.warn({ runId: loop.run.id, budget: loop.budget }, "agent.history.shrunk");
    return undefined;
  }
  return failRun(
    loop,
    "This conversation has grown too long for me to follow. Start a new thread and ask again.",
    "context window exceeded",
  );
}

/** Too many model calls in one run: it stops and says so, so a looping model cannot spend without end. */
async function stopAtCallLimit(loop: RunLoop): Promise<TurnOutcome> {
  const { rt, run } = loop;
  const text = `I stopped after ${loop.calls} steps without finishing. Ask me to continue, or narrow the question.`;
  await appendMessage(
    rt.db,
    { conversationId: loop.conversation.id, role: "assistant", content: [{ type: "text", text }], runId: run.id, tokenEstimate: 20 },
    rt.clock.now(),
  );
  await finishRun(rt.db, run.id, { status: "completed", error: "model call limit reached" }, rt.clock.now());
  return replyOf(loop, text);
}
