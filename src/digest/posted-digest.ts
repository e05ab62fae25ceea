// A posted digest's message found again by its Slack ts: a decision made in a modal has no message in its payload,
// and Maestro may not read channel history (no channels:history scope), so the run row keeps the message as posted.
import type { Knex } from "knex";
import type { Config } from "../config.ts";
import { findDigestRun, latestPostedDigest, type DigestRunRow } from "./digest-run-store.ts";
import { localDate } from "../domain/local-time.ts";
import { digestBlocks } from "../slack/blocks/digest.ts";
import { isDigestContent, type DigestContent } from "./digest-content.ts";
import type { Message } from "../slack/blocks/kit.ts";
import { DAY_MS } from "../domain/clock.ts";

/** The key of digest_runs.content under which the message is stored beside the numbers it was built from. */
export const POSTED_MESSAGE_KEY = "posted_message";

/** The content to store for a posted run: the numbers (what the next digest compares with) and the message itself. */
export const storedContent = (content: DigestContent, message: Message): Record<string, unknown> => ({
  ...content,
  [POSTED_MESSAGE_KEY]: message,
});

/**
 * The message of the counted digest posted with this ts, in `channel` or the configured digest channel (which may
 * be a name rather than the id a click carries); undefined for anything else (an extra, uncounted post keeps no run).
 */
export async function findPostedDigest(db: Knex, settings: Config["digest"], channel: string, ts: string): Promise<Message | undefined> {
  const posted = Number(ts.split(".")[0]) * 1000;
  for (const where of new Set([channel, settings.channel].filter((c): c is string => Boolean(c)))) {
    const candidates = [await latestPostedDigest(db, where)];
    // An older digest: the run of the ts's local day, or of the day before (a post that finished after midnight).
    if (candidates[0]?.slack_ts !== ts && Number.isFinite(posted)) {
      for (const at of [posted, posted - DAY_MS])
        candidates.push(await findDigestRun(db, where, localDate(new Date(at), settings.timeZone)));
    }
    const run = candidates.find((r) => r?.status === "posted" && r.slack_ts === ts);
    if (run) return messageOf(run);
  }
  return undefined;
}

function messageOf(run: DigestRunRow): Message | undefined {
  const content = run.content ?? {};
  const stored = content[POSTED_MESSAGE_KEY] as Partial<Message> | undefined;
  if (stored && typeof stored.text === "string" && Array.isArray(stored.blocks)) return { text: stored.text, blocks: stored.blocks };
  // Posted before the message was stored: rendered again from its numbers as of the post (same builder, same data).
  if (isDigestContent(content) && run.posted_at) return digestBlocks(content, run.posted_at);
  return undefined;
}
