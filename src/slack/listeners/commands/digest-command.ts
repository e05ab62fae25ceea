// `/maestro digest [post]`: the morning digest to the caller only, or posted to the digest channel now
// (staff only, as every command: the gatekeeper has let only staff through).
import type { RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { PostOutcome } from "../../../digest/post-digest.ts";
import type { SlackPerson } from "../../../domain/users/staff-directory.ts";
import { noticeBlocks } from "../../blocks/notice.ts";
import { respondSafely } from "../../delivery/respond-safely.ts";
import type { Surface } from "../../surface.ts";
import { humanActor } from "../../tool-calls.ts";

export interface DigestCommandInput {
  person: SlackPerson;
  slackUserId: string;
  post: boolean;
  respond: RespondFn;
  client: WebClient;
}

function outcomeNotice(outcome: PostOutcome, channel: string) {
  switch (outcome.kind) {
    case "posted":
      return outcome.counted
        ? noticeBlocks(`Posted the digest to ${channel}. It counts as today's digest, so the scheduled one will not post again.`)
        : noticeBlocks(`Posted the digest to ${channel} as an extra: today's digest had already been posted.`);
    case "failed":
      return noticeBlocks(`Slack did not take the digest: ${outcome.error}`, { kind: "error" });
    case "skipped":
      return noticeBlocks(`Nothing was posted: ${outcome.reason}.`, { kind: "warning" });
  }
}

export async function runDigestCommand(surface: Surface, input: DigestCommandInput): Promise<void> {
  const reply = (message: Parameters<typeof respondSafely>[3]) =>
    respondSafely(input.respond, input.client, input.slackUserId, message, surface.logger);
  const digest = surface.digest;
  const actor = humanActor(input.person, input.slackUserId, "command");
  if (!input.post) {
    const { message } = await digest.preview(actor);
    await reply(message);
    return;
  }
  const channel = surface.config.digest.channel;
  if (!channel) {
    await reply(
      noticeBlocks("There is no digest channel: set DIGEST_CHANNEL to the channel id and restart Maestro.", {
        kind: "warning",
        hint: "`/maestro digest` shows it to you meanwhile.",
      }),
    );
    return;
  }
  await reply(outcomeNotice(await digest.postNow(actor, "command"), channel));
}
