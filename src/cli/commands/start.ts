// `maestro start`: the bot — HTTP mode on PORT, or Socket Mode with SLACK_APP_TOKEN — until SIGTERM/SIGINT.
import { loadConfig } from "../../config.ts";
import { logOfflineChecks } from "../../doctor/offline-checks.ts";
import { createLogger } from "../../logger.ts";
import { startMaestro } from "../../main.ts";
import { parseCommandArgs, type Command } from "../command.ts";

export const startCommand: Command = {
  usage: "maestro start",
  async run(argv) {
    parseCommandArgs(argv, {});
    const config = loadConfig();
    await logOfflineChecks(createLogger(config.log), config); // `maestro doctor --offline`, in the log
    const maestro = await startMaestro(config);
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
