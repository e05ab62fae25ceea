// A turn whose holder died: the next holder of the conversation (a new turn, or the recovery sweep) ends its run,
// closes its transcript so the next turn reads a valid alternation, and words what the person is told — in true
// words: what had finished, what may have been under way, and that nothing after it was done.
import { isDynamicEffect } from "../tools/tool.ts";
import { closeTranscript, runWork, spokenTools } from "./close-transcript.ts";
import { INTERRUPTED_RESULT } from "./history.ts";
import type { Runtime } from "./runtime.ts";
import { loadTranscript, type MessageRow } from "./stores/conversation-store.ts";
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
  await closeTranscript(rt, conversationId, transcript.at(-1), runs.at(-1)!.id, { result: INTERRUPTED_RESULT, note: TRANSCRIPT_NOTE });
  for (const { run } of ended) rt.logger.warn({ runId: run.id, conversationId }, "agent.run.interrupted");
  return ended;
}

const readsOnly = (rt: Runtime, name: string) => {
  const effect = rt.registry.get(name)?.effect;
  return !!effect && !isDynamicEffect(effect) && effect.effect === "read";
};
const quote = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);

/** What the run had asked and done, from its own messages. */
function describe(rt: Runtime, messages: readonly MessageRow[]): { question: string; text: string } {
  const { question, finished, underWay } = runWork(messages);
  // A read never changes anything: only a call that could write is worth a warning.
  const writing = underWay.filter((c) => !readsOnly(rt, c.name)).map((c) => c.name);
  const opening_ = question
    ? `I was interrupted while answering “${quote(question)}” and could not finish.`
    : "I was interrupted and could not finish my answer.";
  const parts = [opening_];
  if (finished.length) parts.push(`Before that I had finished: ${spokenTools(finished)}.`);
  if (writing.length)
    parts.push(`I was in the middle of ${spokenTools(writing)}, which may or may not have taken effect: check it before asking again.`);
  else parts.push(finished.length ? "Nothing after that was done. Please ask again." : "Nothing was done for it. Please ask again.");
  return { question, text: parts.join(" ") };
}
