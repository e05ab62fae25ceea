// What every Slack listener may use: the agent, the tool registry, the database handle for the
// surface's own state (receipts, limits, who is who), settings, time and the log.
import type { Knex } from "knex";
import type { Agent } from "../agent/agent.ts";
import type { Config } from "../config.ts";
import type { Engine } from "../db/connect.ts";
import type { Clock } from "../domain/clock.ts";
import type { SlackPerson } from "../domain/users/staff-directory.ts";
import type { Digest } from "../digest/digest-service.ts";
import type { Logger } from "../logger.ts";
import type { ToolRegistry } from "../tools/registry.ts";
import type { SlackProfiles } from "./profiles/slack-profiles.ts";
import type { EarlyStatus } from "./delivery/early-status.ts";

export interface Surface {
  db: Knex;
  engine: Engine;
  config: Config;
  clock: Clock;
  logger: Logger;
  agent: Agent;
  registry: ToolRegistry;
  /** Work started after an ack that must finish before shutdown (and before a test settles). */
  track(work: Promise<unknown>): void;
  /** The morning digest (`/maestro digest [post]`, and re-rendering a posted one after a decision). */
  digest: Digest;
  /** Slack profiles (users.info), cached: who a first-time Slack user is, and real names for placeholders. */
  profiles: SlackProfiles;
}

/** Set on Bolt's context by the authz middleware for every request it lets through. */
export interface MaestroContext {
  person: SlackPerson;
}

export const personOf = (context: Record<string, unknown>): SlackPerson => (context as unknown as MaestroContext).person;

/** The thread status the gatekeeper set for a top-level DM before its lookups (delivery/early-status.ts), if any. */
export const earlyStatusOf = (context: Record<string, unknown>): EarlyStatus | undefined => context.earlyStatus as EarlyStatus | undefined;
