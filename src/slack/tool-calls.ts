// Slash commands, list buttons and the Home tab reach the domain through the same tool catalogue,
// as the human who clicked or typed, with the same policy checks.
import type { Actor } from "../domain/actor.ts";
import type { NextStep } from "../domain/errors.ts";
import type { SlackPerson } from "../domain/users/staff-directory.ts";
import type { ToolInput, ToolName } from "../tools/catalogue.ts";
import { runTool, type ToolOutcomeOf } from "../tools/run-tool.ts";
import type { ToolFailure } from "../tools/execute.ts";
import type { Decision } from "../tools/tool.ts";
import { COMMAND } from "./ids.ts";
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

/** The next step of a domain error, worded for a person in Slack: the command that shows what is missing. */
const PERSON_HINTS: Record<NextStep, string> = {
  find_intake: `\`${COMMAND} queue\` lists the open intakes with their numbers.`,
  find_role_request: `\`${COMMAND} approvals\` lists the pending requests.`,
  find_slot: `\`${COMMAND} bookings\` lists the slots.`,
  find_rule: `\`${COMMAND} rules\` lists every rule with its number.`,
  find_execution: `\`${COMMAND} workflows\` lists recent runs.`,
  find_staff_owner: "Owners are staff members.",
  retry_with_rule_id: `Use the rule's number from \`${COMMAND} rules\`.`,
  retry_with_exact_rule_name: `Use the rule's exact name, or its number from \`${COMMAND} rules\`.`,
};

/** What a person reads when a tool they ran fails: a domain error with the command to try, never a tool's name. */
export function personErrorText(failure: ToolFailure): string {
  if (!failure.domain) return failure.message;
  const { message, next } = failure.domain;
  return next ? `${message} ${PERSON_HINTS[next]}` : message;
}
