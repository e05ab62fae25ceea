// Builds the ToolContext a test runs tools with: a real database, a clock, an actor, a decision.
import { loadConfig, type Config } from "../config.ts";
import type { Database } from "../db/connect.ts";
import type { Actor } from "../domain/actor.ts";
import { systemClock, type Clock } from "../domain/clock.ts";
import type { Decision, ToolContext } from "../tools/tool.ts";

export function toolContext(
  db: Database,
  actor: Actor,
  options: { decision?: Decision; clock?: Clock; config?: Config } = {},
): ToolContext {
  return {
    db: db.knex,
    engine: db.engine,
    clock: options.clock ?? systemClock,
    actor,
    decision: options.decision,
    config: options.config ?? loadConfig({}),
  };
}
