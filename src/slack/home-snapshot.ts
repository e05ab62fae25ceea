// Fills the Home tab's operator snapshot from the read tools, as the person looking at it.
import type { SlackPerson } from "../domain/users/staff-directory.ts";
import type { HomePart, HomeSnapshot } from "./blocks/home.ts";
import { HOME_TOP } from "./blocks/home.ts";
import type { Surface } from "./surface.ts";
import { callTool, humanActor } from "./tool-calls.ts";

export async function buildHomeSnapshot(surface: Surface, person: SlackPerson, slackUserId: string): Promise<HomeSnapshot> {
  const actor = humanActor(person, slackUserId, "command");
  const part = async <T>(name: string, args: Record<string, unknown>, pick: (r: Record<string, unknown>) => T): Promise<HomePart<T>> => {
    const outcome = await callTool(surface, actor, name, args);
    return outcome.ok ? pick(outcome.result) : { error: outcome.error.message };
  };
  const [queue, oldestNew, roleRequests, failures, bookings] = await Promise.all([
    part("get_intake_queue", { limit: 1 }, (r) => r as never),
    part("get_intake_queue", { status: "NEW", limit: 1 }, (r) => ((r.intakes as unknown[])[0] ?? null) as never),
    part("list_role_requests", { limit: HOME_TOP }, (r) => r as never),
    part("list_workflow_executions", { status: "FAILED", since_hours: 24, limit: HOME_TOP }, (r) => r as never),
    part("list_bookings", { status: "BOOKED", limit: HOME_TOP }, (r) => r as never),
  ]);
  return { queue, oldestNew, roleRequests, failures, bookings } as HomeSnapshot;
}
