// What one run carries from model step to model step, and the ways the loop hands an outcome back.
import type { AgentUser, TurnObserver, TurnOutcome } from "./agent-types.ts";
import type { StoredMessage } from "./history.ts";
import type { Runtime } from "./runtime.ts";
import type { ConversationKey, ConversationRow } from "./stores/conversation-store.ts";
import { finishRun, type RunRow } from "./stores/run-store.ts";

export interface RunLoop {
  readonly rt: Runtime;
  readonly run: RunRow;
  readonly conversation: ConversationRow;
  /** Whom the run answers: its tools act as this person (agent actor). */
  readonly user: AgentUser;
  readonly observer?: TurnObserver;
  /** Said with the reply (a budget warning, a cut-short answer). */
  readonly notices: string[];
  /** Estimated tokens of history sent with each call; cut when the model's context window overflows. */
  budget: number;
  /** Aborts the run's model calls (a Stop); each call also has its own deadlines (model-call.ts). */
  readonly signal?: AbortSignal;
  /** The person was told "still working" in this run (once is enough). */
  noticed?: boolean;
  /** Model calls the run has made, across its resumes. */
  calls: number;
  /**
   * Read once per run, then carried from step to step: re-reading it cost a round trip per step and every message
   * parsed again, more as the thread grows. Read again whenever the seqs show that something else wrote to it.
   */
  transcript?: StoredMessage[];
}

export const conversationKeyOf = (c: ConversationRow): ConversationKey => ({
  teamId: c.slack_team_id,
  channelId: c.slack_channel_id,
  threadTs: c.thread_ts,
});

/** The run's answer (it was already stored and the run finished by the step that produced it). */
export const replyOf = (loop: RunLoop, text: string, notices = loop.notices): TurnOutcome => ({
  kind: "reply",
  runId: loop.run.id,
  conversation: conversationKeyOf(loop.conversation),
  text,
  notices,
});

/** Ends the run as failed: `userText` is for the person, `error` for the run's record and the log. */
export async function failRun(loop: RunLoop, userText: string, error: string): Promise<TurnOutcome> {
  await finishRun(loop.rt.db, loop.run.id, { status: "failed", error }, loop.rt.clock.now());
  return { kind: "failed", runId: loop.run.id, conversation: conversationKeyOf(loop.conversation), text: userText, error };
}
