// Fills the digest from the read tools (the only door to the domain), as the digest job or as the person who asked.
import type { Knex } from "knex";
import type { Config } from "../config.ts";
import type { Engine } from "../db/connect.ts";
import type { Actor } from "../domain/actor.ts";
import type { Clock } from "../domain/clock.ts";
import { localDate, startOfLocalDay } from "../domain/local-time.ts";
import type { Logger } from "../logger.ts";
import type { ToolInput, ToolName, ToolOutput } from "../tools/catalogue.ts";
import type { ToolRegistry } from "../tools/registry.ts";
import { runTool } from "../tools/run-tool.ts";
import { ACTIVITY_DAYS, DIGEST_TOP, digestParts, type DigestContent, type DigestPart } from "./digest-content.ts";

/** What collecting needs: the catalogue and what a tool call runs with. */
export interface DigestToolDeps {
  db: Knex;
  engine: Engine;
  config: Config;
  clock: Clock;
  logger: Logger;
  registry: ToolRegistry;
}

/** list_bookings's maximum page; two days of slots (a DST day is 23 or 25 hours) fit in it on any studio. */
const SLOT_PAGE = 200;

/** The digest's content for `now`'s local day, before "changes since" and the summary are added. */
export async function collectDigest(deps: DigestToolDeps, actor: Actor): Promise<DigestContent> {
  const now = deps.clock.now();
  const timeZone = deps.config.digest.timeZone;
  const today = localDate(now, timeZone);
  const part = async <N extends ToolName, T extends object>(
    name: N,
    args: ToolInput<N>,
    pick: (r: ToolOutput<N>) => T,
  ): Promise<DigestPart<T>> => {
    const outcome = await runTool(
      deps.registry,
      name,
      args,
      { db: deps.db, engine: deps.engine, clock: deps.clock, config: deps.config, actor },
      deps.logger,
    );
    if (!outcome.ok) deps.logger.warn({ tool: name, error: outcome.error }, "digest.tool.failed");
    return outcome.ok ? pick(outcome.result) : { error: outcome.error.message };
  };
  const [queue, newIntakes, roleRequests, failures, today_, activity] = await Promise.all([
    part("get_intake_queue", { limit: 1 }, digestParts.queue),
    part("get_intake_queue", { status: "NEW", limit: DIGEST_TOP }, digestParts.newIntakes),
    part("list_role_requests", { status: "PENDING", limit: DIGEST_TOP }, digestParts.roleRequests),
    part("list_workflow_executions", { status: "FAILED", since_hours: 24, limit: DIGEST_TOP }, digestParts.failures),
    part("list_bookings", { from: startOfLocalDay(now, timeZone).toISOString(), days: 2, limit: SLOT_PAGE }, (r) =>
      digestParts.today(r, today, timeZone),
    ),
    part("get_recent_activity", { days: ACTIVITY_DAYS }, digestParts.activity),
  ]);
  return {
    version: 1,
    localDate: today,
    timeZone,
    generatedAt: now.toISOString(),
    queue,
    newIntakes,
    roleRequests,
    failures,
    today: today_,
    activity,
    changes: null,
  };
}
