// The `maestro` CLI entry point: loads .env, runs the command, sets the exit code.
import { loadDotEnvFile } from "../config.ts";
import { processIO, runCli } from "./run.ts";

// A reader that stops early (`maestro tool --list | head -1`) closes stdout: stop quietly, like other Unix tools.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

try {
  loadDotEnvFile();
} catch (error) {
  processIO.err(`Could not read .env: ${(error as Error).message}`);
  process.exit(2);
}
process.exitCode = await runCli(process.argv.slice(2));
