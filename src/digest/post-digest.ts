// Builds the digest (tools → changes since the last one → optional summary) and posts a claimed run:
// render → post through the injected poster → record the ts, or record the failure for a later retry.
import type { KnownBlock } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { ModelClient } from "../agent/model-client.ts";
import type { Actor } from "../domain/actor.ts";
import { latestPostedDigest, markDigestFailed, markDigestPosted, type DigestRunRow } from "./digest-run-store.ts";
import { digestBlocks } from "../slack/blocks/digest.ts";
import type { DigestContent } from "./digest-content.ts";
import type { Message } from "../slack/blocks/kit.ts";
import { changesSince, digestFigures } from "./changes-since.ts";
import { collectDigest, type DigestToolDeps } from "./collect-digest.ts";
import { storedContent } from "./posted-digest.ts";
import { summarizeDigest } from "./summary.ts";

/** Sends one message to a channel and resolves with its ts; throws when Slack refuses it. */
export type DigestPoster = (message: { channel: string; text: string; blocks: KnownBlock[] }) => Promise<{ ts: string }>;

export interface DigestDeps extends DigestToolDeps {
  model: ModelClient | null;
  /** Names this process in digest_runs.claimed_by (host, pid and a random part). */
  instanceId: string;
  post: DigestPoster;
}

export type PostOutcome =
  | { kind: "posted"; ts: string; localDate: string; counted: boolean; attempt: number }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; error: string; attempt: number };

/** The poster over a Slack Web API client (Bolt's app.client in the bot, a WebClient in the CLI). */
export const webClientPoster =
  (client: Pick<WebClient, "chat">): DigestPoster =>
  async ({ channel, text, blocks }) => {
    const result = await client.chat.postMessage({ channel, text, blocks, unfurl_links: false, unfurl_media: false });
    return { ts: result.ts as string };
  };

/** Slack's own error code when it gave one ("channel_not_found"), with what to do about the common ones. */
export function describePostError(error: unknown): string {
  const data = (error as { data?: { error?: string } }).data;
  const code = data?.error;
  if (code === "channel_not_found" || code === "not_in_channel") {
    return `${code}: invite Maestro to the channel set in DIGEST_CHANNEL (or check the channel id)`;
  }
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** The digest as of now, seen by `actor`: tool results, changes since the last posted one, the summary if on. */
export async function buildDigest(deps: DigestDeps, actor: Actor): Promise<{ content: DigestContent; message: Message }> {
  const channel = deps.config.digest.channel;
  const previous = channel ? await latestPostedDigest(deps.db, channel) : undefined;
  const content = await collectDigest(deps, actor);
  content.changes = changesSince(
    content,
    previous?.posted_at ? { content: previous.content, postedAt: previous.posted_at, localDate: previous.local_date } : undefined,
  );
  content.summary = await summarizeDigest(deps, digestFigures(content));
  return { content, message: digestBlocks(content, deps.clock.now()) };
}

/** Posts a run this process holds; the run ends posted (with its ts and content) or failed (retried later). */
export async function postClaimedRun(deps: DigestDeps, run: DigestRunRow, actor: Actor): Promise<PostOutcome> {
  const attempt = run.attempts;
  let built: { content: DigestContent; message: Message };
  let ts: string;
  try {
    built = await buildDigest(deps, actor);
    ({ ts } = await deps.post({ channel: run.channel, text: built.message.text, blocks: built.message.blocks }));
  } catch (error) {
    // Slack refused the post (or building it failed): nothing was posted, so a later attempt cannot duplicate it.
    const reason = describePostError(error);
    await markDigestFailed(deps.db, run.id, deps.instanceId, reason);
    deps.logger.error({ err: error, channel: run.channel, localDate: run.local_date, attempt, reason }, "digest.post.failed");
    return { kind: "failed", error: reason, attempt };
  }
  try {
    const recorded = await markDigestPosted(
      deps.db,
      run,
      { claimedBy: deps.instanceId, slackTs: ts, content: storedContent(built.content, built.message), actor },
      deps.clock.now(),
    );
    if (!recorded) deps.logger.warn({ channel: run.channel, localDate: run.local_date, ts }, "digest.claim.lost");
  } catch (error) {
    // Posted but not recorded: left claimed (not failed), so only the stale-claim rule could post again.
    deps.logger.error({ err: error, channel: run.channel, localDate: run.local_date, ts }, "digest.record.failed");
  }
  deps.logger.info({ channel: run.channel, localDate: run.local_date, ts, trigger: run.trigger, attempt }, "digest.post.end");
  return { kind: "posted", ts, localDate: run.local_date, counted: true, attempt };
}
