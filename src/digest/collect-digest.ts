// Fills the digest from the read tools (the only door to the domain), as the digest job or as the person who asked.
import type { Knex } from "knex";
import type { Config } from "../config.ts";
import type { Engine } from "../db/connect.ts";
import type { Actor } from "../domain/actor.ts";
import type { Clock } from "../domain/clock.ts";
import { localDate, startOfLocalDay } from "../domain/local-time.ts";
import type { Logger } from "../logger.ts";
import type { Slot } from "../slack/blocks/bookings.ts";
import { DIGEST_TOP, type DigestContent, type DigestPart } from "../slack/blocks/digest.ts";
import type { ExecutionItem } from "../slack/blocks/executions.ts";
import type { QueueIntake } from "../slack/blocks/queue.ts";
import type { RoleRequest } from "../slack/blocks/role-requests.ts";
import { executeTool } from "../tools/execute.ts";
import type { ToolRegistry } from "../tools/registry.ts";

/** What collecting needs: the catalogue and what a tool call runs with. */
export interface DigestToolDeps {
  db: Knex;
  engine: Engine;
  config: Config;
  clock: Clock;
  logger: Logger;
  registry: ToolRegistry;
}

const ACTIVITY_DAYS = 7;
/** list_bookings's maximum page; two days of slots (a DST day is 23 or 25 hours) fit in it on any studio. */
const SLOT_PAGE = 200;

type Result = Record<string, unknown>;

/** The digest's content for `now`'s local day, before "changes since" and the summary are added. */
export async function collectDigest(deps: DigestToolDeps, actor: Actor): Promise<DigestContent> {
  const now = deps.clock.now();
  const timeZone = deps.config.digest.timeZone;
  const today = localDate(now, timeZone);
  const part = async <T>(name: string, args: Result, pick: (r: Result) => T): Promise<DigestPart<T & object>> => {
    const outcome = await executeTool(
      deps.registry,
      name,
      args,
      { db: deps.db, engine: deps.engine, clock: deps.clock, config: deps.config, actor },
      deps.logger,
    );
    if (!outcome.ok) deps.logger.warn({ tool: name, error: outcome.error }, "digest.tool.failed");
    return outcome.ok ? (pick(outcome.result) as T & object) : { error: outcome.error.message };
  };
  const [queue, newIntakes, roleRequests, failures, today_, activity] = await Promise.all([
    part("get_intake_queue", { limit: 1 }, (r) => ({
      total: r.total as number,
      counts_by_status: r.counts_by_status as Record<string, number>,
    })),
    part("get_intake_queue", { status: "NEW", limit: DIGEST_TOP }, (r) => ({
      total: r.total as number,
      items: r.intakes as QueueIntake[],
    })),
    part("list_role_requests", { status: "PENDING", limit: DIGEST_TOP }, (r) => ({
      total: r.total as number,
      items: r.requests as RoleRequest[],
    })),
    part("list_workflow_executions", { status: "FAILED", since_hours: 24, limit: DIGEST_TOP }, (r) => ({
      total: r.total as number,
      items: r.executions as ExecutionItem[],
    })),
    part("list_bookings", { from: startOfLocalDay(now, timeZone).toISOString(), days: 2, limit: SLOT_PAGE }, (r) => {
      const slots = (r.slots as Slot[]).filter((s) => localDate(new Date(s.start_at), timeZone) === today);
      return { booked: slots.filter((s) => s.status === "BOOKED"), open: slots.filter((s) => s.status === "OPEN") };
    }),
    part("get_recent_activity", { days: ACTIVITY_DAYS }, (r) => ({
      days: ACTIVITY_DAYS,
      total: r.total as number,
      top: (r.event_types as { event_type: string; count: number }[]).map((g) => ({ event_type: g.event_type, count: g.count })),
    })),
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
