// `/maestro staff [add|remove @someone ROLE]` (ADMIN only for changes, audited): the list through list_staff, a role
// through grant_role / revoke_role as the person who typed it; an ADMIN grant is held for another ADMIN's click.
import type { SlashCommand } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { resolveSlackUser, type SlackPerson } from "../../domain/users/staff-directory.ts";
import type { Message } from "../blocks/kit.ts";
import { noticeBlocks } from "../blocks/notice.ts";
import { staffListBlocks } from "../blocks/staff.ts";
import { COMMAND } from "../ids.ts";
import { personForRequest } from "../profiles/known-person.ts";
import type { Surface } from "../surface.ts";
import { callTool, humanActor, personErrorText } from "../tool-calls.ts";
import { proposeAdminGrant } from "./propose-admin-grant.ts";
import { parseStaff, STAFF_USAGE } from "./staff-grammar.ts";

const warn = (text: string) => noticeBlocks(text, { kind: "warning" });

export async function staffCommand(
  surface: Surface,
  command: Pick<SlashCommand, "user_id">,
  words: string[],
  person: SlackPerson,
  client: WebClient,
): Promise<Message> {
  const parsed = parseStaff(words);
  const actor = humanActor(person, command.user_id, "command");
  if (parsed.action === "usage") return noticeBlocks(parsed.message, { kind: "warning", hint: `Usage: \`${COMMAND} ${STAFF_USAGE}\`` });
  if (parsed.action === "list") {
    const outcome = await callTool(surface, actor, "list_staff", {});
    return outcome.ok ? staffListBlocks(outcome.result) : warn(personErrorText(outcome.error));
  }
  if (!person.roles.includes("ADMIN")) return warn(`Only an ADMIN may change roles; your roles are ${person.roles.join(", ")}.`);
  // Adding someone Maestro has not met yet makes them a person now (named from Slack); removing needs someone known.
  const target =
    parsed.action === "add"
      ? await personForRequest(surface, client, parsed.slackUserId)
      : await resolveSlackUser(surface.db, parsed.slackUserId);
  if (!target) return warn("That Slack user is not a person in the studio, so they hold no role to remove.");
  const args = { user_id: target.user.id, role: parsed.role };
  if (parsed.action === "add" && parsed.role === "ADMIN") {
    const held = await proposeAdminGrant(surface, client, actor, { ...args, role: "ADMIN" });
    return noticeBlocks(held.text, { kind: held.ok ? "info" : "warning" });
  }
  if (parsed.action === "add") {
    const outcome = await callTool(surface, actor, "grant_role", args);
    if (!outcome.ok) return warn(personErrorText(outcome.error));
    const { user, role, granted, current_roles: roles } = outcome.result;
    return noticeBlocks(
      granted
        ? `${user.name} now has the ${role} role (roles: ${roles.join(", ")}).`
        : `${user.name} already had ${role}; nothing changed.`,
    );
  }
  const outcome = await callTool(surface, actor, "revoke_role", args);
  if (!outcome.ok) return warn(personErrorText(outcome.error));
  const { user, role, revoked, current_roles: roles } = outcome.result;
  return noticeBlocks(
    revoked
      ? `Removed ${role} from ${user.name} (roles now: ${roles.length ? roles.join(", ") : "none"}).`
      : `${user.name} did not have ${role}; nothing changed.`,
  );
}
