// The routing table of the CLI: every `maestro <command>`.
import type { Command } from "../command.ts";
import { migrateCommand } from "./migrate.ts";


export const commands: readonly Command[] = [migrateCommand];
