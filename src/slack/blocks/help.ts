// The /maestro grammar as data and as a help message.
import { COMMAND } from "../ids.ts";
import { context, header, message, section, type Message } from "./kit.ts";
import { escapeMrkdwn } from "./limits.ts";

/** Every deterministic command, in the order help lists them; anything else goes to the agent. */
export const COMMAND_HELP: readonly { usage: string; summary: string }[] = [
  { usage: "help", summary: "this list" },
  {
    usage: "queue [status]",
    summary: "the open intake queue, or the intakes in one status (NEW, TRIAGED, QUALIFIED, REJECTED, BOOKED, CLOSED)",
  },
  { usage: "intake <id>", summary: "one intake in full: goals, history, bookings" },
  { usage: "approvals", summary: "pending role requests, with Approve and Reject" },
  { usage: "bookings", summary: "the calendar for the next days, by day" },
  { usage: "workflows [failed]", summary: "recent workflow runs, or only the failures" },
  { usage: "rules", summary: "the workflow rules, with Enable and Disable" },
  { usage: "funnel [days]", summary: "the intake funnel (default 30 days)" },
  { usage: "activity [days]", summary: "what happened in the studio (default 7 days)" },
  { usage: "contacts", summary: "the contact pipeline by status and source" },
  { usage: "searches", summary: "what people searched for, and what found nothing" },
  { usage: "health", summary: "the site health checks" },
  { usage: "audit [n]", summary: "the newest n audit log entries (default 10)" },
  { usage: "digest [post]", summary: "preview the morning digest; `post` sends it to the digest channel" },
  { usage: "api-key create <name> | list | revoke <id>", summary: "the studio API's keys (ADMINs; a new key is shown once, only to you)" },
  { usage: "stop", summary: "stop the answer Maestro is working on (yours; an admin may stop anyone's)" },
  {
    usage: "staff [add|remove @someone ROLE]",
    summary: "the team and their roles; an ADMIN adds or removes a role (ADMIN itself needs another admin's click)",
  },
  { usage: "feedback [down]", summary: "admins: the latest 👍/👎 on answers, with reasons; `down` only the 👎" },
];

export function helpBlocks(): Message {
  const lines = COMMAND_HELP.map((c) => `\`${COMMAND} ${escapeMrkdwn(c.usage)}\` — ${c.summary}`);
  return message(`${COMMAND} commands: ${COMMAND_HELP.map((c) => c.usage).join(", ")}. Anything else is a question for Maestro.`, [
    header("Maestro commands"),
    section(lines.join("\n")),
    context(
      `Anything else is a question for Maestro: \`${COMMAND} who is waiting longest?\` — or ask in a DM. Changes that cannot be undone wait for a Confirm click.`,
    ),
  ]);
}
