// `/maestro staff`: the studio's team and their roles, as an ephemeral list. Pure.
import type { ToolOutput } from "../../tools/catalogue.ts";
import { context, header, message, section, type Message } from "./kit.ts";
import { safeText } from "./limits.ts";

export function staffListBlocks(result: ToolOutput<"list_staff">): Message {
  if (!result.staff.length) {
    return message("Nobody holds a staff role yet.", [
      section("Nobody holds a staff role yet. Add someone with `/maestro staff add @someone STAFF`."),
    ]);
  }
  const lines = result.staff.map(
    (p) => `• *${safeText(p.name, 100)}* — ${p.roles.join(", ")}${p.slack_user_id ? "" : " _(not in Slack)_"}`,
  );
  const more = result.total > result.returned ? [context(`Showing ${result.returned} of ${result.total}.`)] : [];
  return message(`Staff: ${result.total}`, [
    header(`Staff (${result.total})`),
    section(lines.join("\n")),
    ...more,
    context(
      "`/maestro staff add @someone ROLE` · `/maestro staff remove @someone ROLE` (ADMIN only; ADMIN grants need another admin's click)",
    ),
  ]);
}
