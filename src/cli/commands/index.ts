// The routing table of the CLI: every `maestro <command>`.
import type { Command } from "../command.ts";
import { benchCommand } from "./bench.ts";
import { consoleCommand } from "./console.ts";
import { digestCommand } from "./digest.ts";
import { evalsCommand } from "./evals.ts";
import { migrateCommand } from "./migrate.ts";
import { seedCommand } from "./seed.ts";
import { startCommand } from "./start.ts";
import { toolCommand } from "./tool.ts";

export const commands: readonly Command[] = [startCommand, consoleCommand, migrateCommand, seedCommand, toolCommand, digestCommand, evalsCommand, benchCommand];
