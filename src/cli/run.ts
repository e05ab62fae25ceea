// The CLI dispatcher: finds the command, runs it, turns known errors into clear messages and exit codes.
import { ConfigError } from "../config.ts";
import { DataDirInUseError } from "../db/data-dir-lock.ts";
import { scrubSecrets } from "../logger.ts";
import { UsageError, type CliIO, type CommandEntry } from "./command.ts";
import { commands } from "./commands/index.ts";

export const processIO: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "maestro — the studio operator assistant that lives in Slack",
    "",
    "Usage: maestro <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `maestro <command> --help` for a command's options.",
    "Settings come from the environment or .env (see .env.example).",
  ].join("\n");
}

export async function runCli(argv: string[], out: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    out.out(helpText());
    return name ? 0 : 2;
  }
  const entry: CommandEntry | undefined = commands.find((c) => c.name === name);
  if (!entry) {
    out.err(`Unknown command "${name}".\n\n${helpText()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    out.out(`${entry.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest, out);
  } catch (error) {
    if (error instanceof UsageError) {
      out.err(`${error.message}\n\nUsage: ${command.usage}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      out.err(error.message);
      return 2;
    }
    if (error instanceof DataDirInUseError) {
      out.err(error.message);
      return 1;
    }
    out.err(`maestro ${name} failed: ${scrubSecrets(error instanceof Error ? error.message : String(error))}`);
    return 1;
  }
}
