// A run a person stopped: its transcript is closed (a call it never ran gets a "not run" result, the assistant has the
// last word), the run ends completed with who stopped it, and the person reads what was done before the stop.
import { closeTranscript, runWork, spokenTools } from "./close-transcript.ts";
import type { TurnOutcome } from "./agent-types.ts";
import { conversationKeyOf, type RunLoop } from "./run-loop.ts";
import type { StopRequestedError } from "./stop.ts";
import { loadTranscript } from "./stores/conversation-store.ts";
import { finishRun } from "./stores/run-store.ts";

export const STOPPED_RESULT = "Not run: the person stopped this turn before this call started. Nothing was changed by it.";

/** What the person reads: "Stopped." and what had finished before it (reads and writes alike), in true words. */
export function stoppedText(finished: readonly string[], by: string, asker: string): string {
  const who = by === asker ? "Stopped." : `Stopped by ${by}.`;
  return finished.length
    ? `${who} Before the stop I had finished: ${spokenTools(finished)}. Nothing after that was done.`
    : `${who} Nothing was done for it.`;
}

/** Ends the stopped run at a step boundary (no tool is mid-write: the loop never cuts one). */
export async function endStoppedRun(loop: RunLoop, stop: StopRequestedError): Promise<TurnOutcome> {
  const { rt, run, conversation } = loop;
  const transcript = await loadTranscript(rt.db, conversation.id);
  const { finished } = runWork(transcript.filter((m) => m.agent_run_id === run.id));
  await closeTranscript(rt, conversation.id, transcript.at(-1), run.id, {
    result: STOPPED_RESULT,
    note: `(Stopped by ${stop.byName} before finishing; the person was told what had been done.)`,
  });
  loop.transcript = undefined;
  await finishRun(rt.db, run.id, { status: "completed", error: `stopped by ${stop.byName}` }, rt.clock.now());
  rt.logger.info({ runId: run.id, finished: finished.length }, "agent.run.stopped");
  return {
    kind: "stopped",
    runId: run.id,
    conversation: conversationKeyOf(conversation),
    text: stoppedText(finished, stop.byName, loop.user.name),
    notices: loop.notices,
  };
}
