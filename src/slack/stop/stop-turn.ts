// A Stop from Slack (our button, Slack's own Stop on an agent session, `/maestro stop`) asked of the agent as the person
// who sent it. The turn itself answers "Stopped." where it was asked; this returns only what the stopper alone is told.
import type { AgentUser } from "../../agent/agent-types.ts";
import type { StopScope } from "../../agent/stores/stop-store.ts";
import type { SlackPerson } from "../../domain/users/staff-directory.ts";
import type { Surface } from "../surface.ts";

export const STOP_ASKED = "Stopping: I'll say what was done in the conversation.";

const agentUserOf = (person: SlackPerson, slackUserId: string): AgentUser => ({
  id: person.user.id,
  name: person.user.name,
  roles: person.roles,
  slackUserId,
});

/** Asks the agent to stop the running turn in `scope`; returns the words for the stopper (none when it went ahead quietly). */
export async function stopFromSlack(surface: Surface, scope: StopScope, person: SlackPerson, slackUserId: string): Promise<string> {
  const result = await surface.agent.stop(scope, agentUserOf(person, slackUserId));
  return result.kind === "requested" ? STOP_ASKED : result.text;
}
