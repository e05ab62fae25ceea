// Slash commands, list buttons and the Home tab reach the domain through the same tool catalogue,
// as the human who clicked or typed, with the same policy checks.
import type { Actor } from "../domain/actor.ts";
import type { SlackPerson } from "../domain/users/staff-directory.ts";
import type { ToolInput, ToolName } from "../tools/catalogue.ts";
import { runTool, type ToolOutcomeOf } from "../tools/run-tool.ts";
import type { Decision } from "../tools/tool.ts";
import type { Surface } from "./surface.ts";

export const humanActor = (person: SlackPerson, slackUserId: string, path: "command" | "button" | "console"): Actor => ({
  type: "USER",
  userId: person.user.id,
  name: person.user.name,
  path,
  slackUserId,
});

/** Runs a tool as this human. A button click or a typed command is itself the human decision. */
export function callTool<N extends ToolName>(
  surface: Surface,
  actor: Actor,
  name: N,
  args: ToolInput<N>,
  decision?: Decision,
): Promise<ToolOutcomeOf<N>> {
  return runTool(
    surface.registry,
    name,
    args,
    { db: surface.db, engine: surface.engine, clock: surface.clock, config: surface.config, actor, decision },
    surface.logger,
  );
}

export const timeOptions = (surface: Surface) => ({ timeZone: surface.config.timeZone, now: surface.clock.now() });
