// A decision on a run that no longer waits (its conversation moved on, or it expired): the outcome is noted in
// the conversation, so the model knows what happened to the call it held.
import { findPendingAction, type PendingActionRow } from "../../domain/pending-actions/pending-action-store.ts";
import { estimateTokens } from "../history.ts";
import type { Runtime } from "../runtime.ts";
import { appendMessage } from "../stores/conversation-store.ts";
import { findRun } from "../stores/run-store.ts";
import { boundText } from "../tool-results.ts";
import { viewOf } from "./views.ts";

export async function noteLateDecision(rt: Runtime, row: PendingActionRow): Promise<void> {
  if (!row.agent_run_id) return;
  const run = await findRun(rt.db, row.agent_run_id);
  if (!run || run.status === "awaiting_confirmation") return;
  const fresh = (await findPendingAction(rt.db, row.id))!;
  const v = await viewOf(rt, fresh);
  const text = `(Note from the system: the held call ${row.tool_name} — ${v.summary} — was ${fresh.status}${v.decidedBy ? ` by ${v.decidedBy.name}` : ""}. Result: ${boundText(v.resultText ?? "none", 2_000)})`;
  await appendMessage(
    rt.db,
    {
      conversationId: run.conversation_id,
      role: "user",
      content: [{ type: "text", text }],
      runId: run.id,
      tokenEstimate: estimateTokens(text),
    },
    rt.clock.now(),
  );
}
