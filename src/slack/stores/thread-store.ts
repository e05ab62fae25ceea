// SQL for the channel threads Maestro answers in: recorded when a staff member's @-mention starts (or joins) one, looked
// up for every channel message so that anything outside them is dropped unread.
import type { Knex } from "knex";

export interface ThreadKey {
  teamId: string;
  channelId: string;
  threadTs: string;
}

/** Records the thread (once; a later mention in it changes nothing). */
export async function recordThread(db: Knex, key: ThreadKey, startedBy: string, at: Date): Promise<void> {
  await db("slack_threads")
    .insert({ team_id: key.teamId, channel_id: key.channelId, thread_ts: key.threadTs, started_by: startedBy, created_at: at })
    .onConflict(["channel_id", "thread_ts"])
    .ignore();
}

export async function isRecordedThread(db: Knex, channelId: string, threadTs: string): Promise<boolean> {
  const row = await db("slack_threads").where({ channel_id: channelId, thread_ts: threadTs }).first("thread_ts");
  return !!row;
}
