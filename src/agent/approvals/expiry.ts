// Cards nobody decided in time expire; runs waiting only on them (or whose resume was deferred) resume.
import { expireOverdue, findPendingAction } from "../../domain/pending-actions/pending-action-store.ts";
import type { ExpiredCard } from "../agent-types.ts";
import type { Runtime } from "../runtime.ts";
import { resumableRuns } from "../stores/run-store.ts";
import { noteLateDecision } from "./late-note.ts";
import { resumeIfReady, type ResumedRun } from "./resume.ts";
import { viewOf } from "./views.ts";

/** Expires overdue actions and resumes the runs they free; the resumed runs still hold what they must deliver. */
export async function expireOverdueCards(rt: Runtime): Promise<{ cards: ExpiredCard[]; resumed: ResumedRun[] }> {
  const expired = await expireOverdue(rt.db, rt.clock.now());
  const runIds = new Set(expired.map((r) => r.agent_run_id).filter((id): id is string => !!id));
  for (const id of await resumableRuns(rt.db)) runIds.add(id);
  const resumed: ResumedRun[] = [];
  for (const runId of runIds) {
    const run = await resumeIfReady(rt, runId);
    if (run) resumed.push(run);
  }
  for (const row of expired) await noteLateDecision(rt, row);
  const cards: ExpiredCard[] = [];
  for (const row of expired) {
    const current = await findPendingAction(rt.db, row.id);
    if (!current) continue;
    const card = row.slack_channel_id && row.slack_message_ts ? { channelId: row.slack_channel_id, messageTs: row.slack_message_ts } : null;
    cards.push({ action: await viewOf(rt, current), card });
  }
  return { cards, resumed };
}
