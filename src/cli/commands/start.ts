// `maestro start`: the bot — HTTP mode on PORT, or Socket Mode with SLACK_APP_TOKEN — until SIGTERM/SIGINT.
import { loadConfig } from "../../config.ts";
import { logOfflineChecks } from "../../doctor/offline-checks.ts";
import { createLogger } from "../../logger.ts";
import { startMaestro } from "../../main.ts";
import { StartAborted } from "../../startup/retry-start.ts";
import { parseCommandArgs, type Command } from "../command.ts";

export const startCommand: Command = {
  usage: "maestro start",
  async run(argv, io) {
    parseCommandArgs(argv, {});
    const config = loadConfig();
    const logger = createLogger(config.log);
    await logOfflineChecks(logger, config); // `maestro doctor --offline`, in the log
    // A stop signal while start-up waits for the database or Slack ends the wait instead of being ignored.
    const starting = new AbortController();
    const abortStart = () => starting.abort();
    process.once("SIGTERM", abortStart);
    process.once("SIGINT", abortStart);
    let maestro;
    try {
      maestro = await startMaestro(config, { logger, signal: starting.signal });
    } catch (error) {
      if (!(error instanceof StartAborted)) throw error;
      io.err(error.message);
      return 0;
    } finally {
      process.off("SIGTERM", abortStart);
      process.off("SIGINT", abortStart);
    }
    await new Promise<void>((resolve) => {
      const shutdown = () => {
        process.off("SIGTERM", shutdown);
        process.off("SIGINT", shutdown);
        void maestro.stop().finally(resolve);
      };
      process.on("SIGTERM", shutdown);
      process.on("SIGINT", shutdown);
    });
    return 0;
  },
};
