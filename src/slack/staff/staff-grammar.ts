// `/maestro staff …` parsed without a model: the list, or a role added to / removed from one Slack user. Pure.
import { ROLE_NAMES } from "../../domain/vocabulary.ts";

export type StaffCommand =
  | { action: "list" }
  | { action: "add" | "remove"; slackUserId: string; role: (typeof ROLE_NAMES)[number] }
  | { action: "usage"; message: string };

export const STAFF_USAGE = "staff · staff add @someone ROLE · staff remove @someone ROLE";

/** A mention as Slack escapes it (`<@U123|maya>`, `<@U123>`), or a bare user id. */
export function mentionedUser(word: string): string | undefined {
  return /^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$/.exec(word)?.[1] ?? /^([UW][A-Z0-9]{8,})$/.exec(word)?.[1];
}

export function parseStaff(words: readonly string[]): StaffCommand {
  if (!words.length) return { action: "list" };
  const verb = words[0]!.toLowerCase();
  if (verb !== "add" && verb !== "remove")
    return { action: "usage", message: `\`staff\` takes \`add\` or \`remove\`, not \`${words[0]!.slice(0, 20)}\`.` };
  if (words.length !== 3) return { action: "usage", message: `\`staff ${verb}\` takes a person (an @-mention) and a role.` };
  const slackUserId = mentionedUser(words[1]!);
  if (!slackUserId) return { action: "usage", message: "Name the person with an @-mention, e.g. `staff add @dana STAFF`." };
  const role = ROLE_NAMES.find((r) => r === words[2]!.toUpperCase());
  if (!role) return { action: "usage", message: `The role must be one of ${ROLE_NAMES.join(", ")}.` };
  return { action: verb, slackUserId, role };
}
