// `maestro console`: try Maestro in a terminal — the Slack app over a fake Slack, on the configured database with demo data.
import { loadConfig } from "../../config.ts";
import { runConsole } from "../../console/console.ts";
import { createLogger } from "../../logger.ts";
import { parseCommandArgs, type Command } from "../command.ts";

export const consoleCommand: Command = {
  usage:
    "maestro console [--verbose]\n\n" +
    "Runs on DATABASE_URL, or the embedded database in MAESTRO_DATA_DIR (seeded with the demo studio when\n" +
    "empty). You are the first of MAESTRO_ADMIN_SLACK_IDS, or the demo owner U0MAESTRO1. DMs reach the\n" +
    "agent when ANTHROPIC_API_KEY is set; /maestro commands and buttons always work. Type :help inside.\n\n" +
    "  --verbose  log at LOG_LEVEL to stderr (otherwise errors only, so logs do not interleave with Slack)",
  async run(argv) {
    const { values } = parseCommandArgs(argv, { verbose: { type: "boolean", default: false } });
    const config = loadConfig();
    const logger = createLogger({ level: values.verbose ? config.log.level : "error", format: "pretty", destination: process.stderr });
    return runConsole({
      config,
      input: process.stdin,
      output: process.stdout,
      logger,
      color: process.stdout.isTTY === true,
      terminal: process.stdin.isTTY === true && process.stdout.isTTY === true,
    });
  },
};
