// Every slash command listener: /maestro.
import type { App } from "@slack/bolt";
import { COMMAND } from "../../ids.ts";
import type { Surface } from "../../surface.ts";
import { maestroCommand } from "./maestro-command.ts";

export function registerCommandListeners(app: App, surface: Surface): void {
  app.command(COMMAND, maestroCommand(surface));
}
