// The routing table of the CLI: every `maestro <command>`.
import type { Command } from "../command.ts";
import { migrateCommand } from "./migrate.ts";
import { seedCommand } from "./seed.ts";
import { toolCommand } from "./tool.ts";

export const commands: readonly Command[] = [migrateCommand, toolCommand, seedCommand];
