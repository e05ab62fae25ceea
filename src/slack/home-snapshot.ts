// Fills the Home tab's operator snapshot from the read tools, as the person looking at it.
import type { SlackPerson } from "../domain/users/staff-directory.ts";
import type { ToolOutcome } from "../tools/execute.ts";
import type { ToolResult } from "../tools/tool.ts";
import { runHomeChecks } from "../doctor/home-checks.ts";
import { setupProgress } from "../domain/setup/setup-progress.ts";
import type { HomePart, HomeSnapshot } from "./blocks/home.ts";
import { HOME_TOP } from "./blocks/home.ts";
import type { Surface } from "./surface.ts";
import { callTool, humanActor, personErrorText } from "./tool-calls.ts";

/** A part is the tool's result, or its error message: one failing tool never blanks the whole tab. */
const part = <R extends ToolResult, T>(outcome: ToolOutcome<R>, pick: (r: R) => T): HomePart<T> =>
  outcome.ok ? pick(outcome.result) : { error: personErrorText(outcome.error) };

export async function buildHomeSnapshot(surface: Surface, person: SlackPerson, slackUserId: string): Promise<HomeSnapshot> {
  const actor = humanActor(person, slackUserId, "command");
  // An admin's setup checks read the database too: alongside the tools, not after them.
  const admin = person.roles.includes("ADMIN");
  const setupChecks = admin ? runHomeChecks(surface.config, surface.db, surface.engine) : undefined;
  const firstRun = admin ? setupProgress(surface.db) : undefined;
  const [queue, newest, roleRequests, failures, bookings, setup, progress] = await Promise.all([
    callTool(surface, actor, "get_intake_queue", { limit: 1 }),
    callTool(surface, actor, "get_intake_queue", { status: "NEW", limit: 1 }),
    callTool(surface, actor, "list_role_requests", { limit: HOME_TOP }),
    callTool(surface, actor, "list_workflow_executions", { status: "FAILED", since_hours: 24, limit: HOME_TOP }),
    callTool(surface, actor, "list_bookings", { status: "BOOKED", limit: HOME_TOP }),
    setupChecks,
    firstRun,
  ]);
  return {
    setup,
    ...(progress ? { firstRun: { progress, digestChannel: surface.config.digest.channel } } : {}),
    queue: part(queue, (r) => r),
    oldestNew: part(newest, (r) => r.intakes[0] ?? null),
    roleRequests: part(roleRequests, (r) => r),
    failures: part(failures, (r) => r),
    bookings: part(bookings, (r) => r),
  };
}
