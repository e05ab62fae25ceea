// `maestro digest --preview|--post`: the morning digest as text in the terminal, or posted to DIGEST_CHANNEL now.
import os from "node:os";
import { WebClient } from "@slack/web-api";
import { anthropicModel, composeDigest } from "../../compose.ts";
import { ConfigError, loadConfig, type Config } from "../../config.ts";
import { migrateLatest } from "../../db/migrate.ts";
import { webClientPoster, type DigestPoster } from "../../digest/post-digest.ts";
import { systemActor } from "../../domain/actor.ts";
import { systemClock } from "../../domain/clock.ts";
import { createLogger } from "../../logger.ts";
import { blocksToText } from "../../console/render-blocks.ts";
import { slackClientPolicy } from "../../slack/web-client-policy.ts";
import { createCatalogueRegistry } from "../../tools/catalogue.ts";
import { parseCommandArgs, UsageError, withDatabase, type Command } from "../command.ts";

/** Posting needs the bot token and the channel; the error names whichever is missing. */
function slackPoster(config: Config): DigestPoster {
  const problems = [
    ...(config.slack.botToken ? [] : [{ setting: "SLACK_BOT_TOKEN", problem: "is required to post the digest (the bot's xoxb- token)" }]),
    ...(config.digest.channel
      ? []
      : [{ setting: "DIGEST_CHANNEL", problem: "is required to post the digest (the channel id, e.g. C0123ABCD)" }]),
  ];
  if (problems.length) throw new ConfigError(problems);
  const client = new WebClient(config.slack.botToken, {
    ...slackClientPolicy(config.deadlines.slackRequestMs),
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl.endsWith("/") ? config.slack.apiUrl : `${config.slack.apiUrl}/` } : {}),
  });
  return webClientPoster(client);
}

const refusePreviewPost: DigestPoster = async () => {
  throw new Error("a preview never posts");
};

export const digestCommand: Command = {
  usage:
    "maestro digest --preview | --post\n\n" +
    "  --preview  print the digest as it would be posted now (nothing is posted or recorded)\n" +
    "  --post     post it now; it counts as today's digest only if none was posted yet (needs SLACK_BOT_TOKEN and DIGEST_CHANNEL)",
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { preview: { type: "boolean", default: false }, post: { type: "boolean", default: false } });
    if (values.preview === values.post) throw new UsageError("Choose one of --preview (print it) or --post (send it to DIGEST_CHANNEL).");
    // Settings first: a missing token or channel is reported before any database is opened.
    const post = values.post ? slackPoster(loadConfig()) : refusePreviewPost;
    return withDatabase(async (db, config) => {
      await migrateLatest(db.knex);
      // Warnings and errors only, on stderr: stdout carries the digest.
      const logger = createLogger({
        ...config.log,
        level: config.log.level === "info" ? "warn" : config.log.level,
        destination: process.stderr,
      });
      const digest = composeDigest(config, {
        database: db,
        clock: systemClock,
        logger,
        registry: createCatalogueRegistry(),
        model: config.digest.summary ? anthropicModel(config) : null,
        instanceId: `${os.hostname()}:${process.pid}:cli`,
        post,
      });
      const actor = systemActor("cli");
      if (values.preview) {
        const { message } = await digest.preview(actor);
        for (const line of blocksToText(message.blocks)) io.out(line);
        return 0;
      }
      const outcome = await digest.postNow(actor, "cli");
      if (outcome.kind === "posted") {
        io.out(
          `posted to ${config.digest.channel} (ts ${outcome.ts})${outcome.counted ? " as today's digest" : " as an extra: today's digest was already posted"}`,
        );
        return 0;
      }
      io.err(outcome.kind === "failed" ? `Slack did not take the digest: ${outcome.error}` : `nothing was posted: ${outcome.reason}`);
      return 1;
    });
  },
};
