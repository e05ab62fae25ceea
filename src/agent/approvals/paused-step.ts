// The tool_results of a paused step, built in one place: the calls that ran keep the results they had, each
// held call gets its card's outcome (on resume) or a "still waiting" note (when a newer message supersedes it).
import type Anthropic from "@anthropic-ai/sdk";
import { pendingActionsOfRun } from "../../domain/pending-actions/pending-action-store.ts";
import { INTERRUPTED_RESULT, isToolUse } from "../history.ts";
import type { Runtime } from "../runtime.ts";
import { viewsOf } from "./views.ts";
import type { MessageRow } from "../stores/conversation-store.ts";
import type { RunRow, SettledResult } from "../stores/run-store.ts";
import { boundText } from "../tool-results.ts";

type ToolResult = Anthropic.ToolResultBlockParam;
type HeldAnswer = (call: Anthropic.ToolUseBlockParam) => Omit<ToolResult, "type" | "tool_use_id">;

const WAITING_NOTE =
  "Still waiting for a human to Confirm or Cancel this on its card. The outcome will be noted in this conversation when they decide.";

/** A settled call's result as the model reads it. */
export const toolResultOf = (settled: SettledResult): ToolResult => ({
  type: "tool_result",
  tool_use_id: settled.tool_use_id,
  content: settled.content,
  is_error: settled.is_error,
});

/** One tool_result per call of the step's assistant message, in call order. */
function closeStep(assistant: MessageRow | undefined, run: RunRow, held: HeldAnswer): ToolResult[] {
  const settled = new Map((run.settled_results ?? []).map((r) => [r.tool_use_id, r]));
  return (assistant?.content ?? []).filter(isToolUse).map((call) => {
    const done = settled.get(call.id);
    return done ? toolResultOf(done) : { type: "tool_result", tool_use_id: call.id, ...held(call) };
  });
}

/** On resume: every held call answered by its decided action (executed, failed, cancelled or expired). */
export async function decidedStepResults(rt: Runtime, run: RunRow, assistant: MessageRow | undefined): Promise<ToolResult[]> {
  const rows = await pendingActionsOfRun(rt.db, run.id);
  const views = await viewsOf(rt, rows);
  return closeStep(assistant, run, (call) => {
    const index = rows.findIndex((r) => r.tool_use_id === call.id);
    if (index < 0) return { content: INTERRUPTED_RESULT, is_error: true };
    return {
      content: boundText(views[index]!.resultText ?? INTERRUPTED_RESULT, rt.limits.maxToolResultChars),
      is_error: rows[index]!.status !== "executed",
    };
  });
}

/** When a newer message closes the step: held calls still wait on their cards, which report here when decided. */
export async function waitingStepResults(rt: Runtime, run: RunRow, assistant: MessageRow): Promise<ToolResult[]> {
  const actions = await pendingActionsOfRun(rt.db, run.id);
  return closeStep(assistant, run, (call) =>
    actions.some((a) => a.tool_use_id === call.id) ? { content: WAITING_NOTE, is_error: false } : { content: "Not run.", is_error: true },
  );
}
