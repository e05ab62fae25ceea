// The shape of a CLI command and the helpers every command shares.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { loadConfig, type Config } from "../config.ts";
import { openDatabase, type Database } from "../db/connect.ts";

/** A mistake in how the command was called: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

/** What a command module exports: loaded only when that command runs. */
export interface Command {
  usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

/** A line of the routing table: enough for the help text, and how to load the rest. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

/** node:util parseArgs with strict checking turned into UsageError. */
export function parseCommandArgs<T extends ParseArgsConfig["options"]>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Opens the configured database (PostgreSQL with DATABASE_URL, else the embedded one). */
export async function openConfiguredDatabase(config: Config = loadConfig()): Promise<Database> {
  return openDatabase({ url: config.database.url, dataDir: config.database.dataDir });
}

/** Runs `fn` with the configured database and always closes it. */
export async function withDatabase<T>(fn: (db: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openConfiguredDatabase(config);
  try {
    return await fn(db, config);
  } finally {
    await db.close();
  }
}

/**
 * Imports a module of the checkout outside src/ (bench/, evals/): undefined when it is not there, as in the container
 * image, which ships the product only. Such modules must be reached only through here, or every command would need them.
 */
export async function importFromCheckout<T>(load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw error;
    return undefined;
  }
}
