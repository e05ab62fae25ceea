// The `maestro` CLI entry point: loads .env, runs the command, sets the exit code.
import { loadDotEnvFile } from "../config.ts";
import { processIO, runCli } from "./run.ts";

try {
  loadDotEnvFile();
} catch (error) {
  processIO.err(`Could not read .env: ${(error as Error).message}`);
  process.exit(2);
}
process.exitCode = await runCli(process.argv.slice(2));
