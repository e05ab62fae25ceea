// What a typed line means to the console: a console command (:as, :home, a button number …), /maestro, or a DM. Pure.

export type ConsoleInput =
  | { kind: "nothing" }
  | { kind: "quit" }
  | { kind: "help" }
  | { kind: "as"; slackUserId: string | null }
  | { kind: "home" }
  | { kind: "sweep" }
  | { kind: "click"; n: number | null; given: string }
  | { kind: "command"; text: string }
  | { kind: "dm"; text: string }
  /** Something the console will not send anywhere, with why. */
  | { kind: "refused"; message: string };

export const HELP = [
  "Type a message to DM Maestro, or:",
  "  /maestro <verb> …    a slash command (/maestro help lists the verbs)",
  "  1, 2, … or :click N  click button [N] of the last output that had buttons",
  "  :home                open the App Home tab",
  "  :as <SlackUserId>    act as someone else (U0MEMBER1 is a member, not staff)",
  "  :sweep               expire confirmation cards older than 24 h now",
  "  :help  :quit         this help; leave (Ctrl-D works too)",
].join("\n");

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

export function parseInput(raw: string): ConsoleInput {
  const line = raw.trim();
  if (!line) return { kind: "nothing" };
  if (/^\d+$/.test(line)) return { kind: "click", n: Number(line), given: line };
  const [word = "", ...rest] = line.split(/\s+/);
  const arg = rest.join(" ");
  switch (word.toLowerCase()) {
    case ":quit":
    case ":q":
    case ":exit":
      return { kind: "quit" };
    case ":help":
    case ":h":
    case "?":
      return { kind: "help" };
    case ":as": {
      const id = arg.toUpperCase();
      return { kind: "as", slackUserId: SLACK_USER_ID.test(id) ? id : null };
    }
    case ":home":
      return { kind: "home" };
    case ":sweep":
      return { kind: "sweep" };
    case ":click":
      return { kind: "click", n: /^\d+$/.test(arg) ? Number(arg) : null, given: arg };
    case "/maestro":
      return { kind: "command", text: arg };
  }
  if (word.startsWith("/")) return { kind: "refused", message: `Only /maestro is a command here (${word} is not Maestro's).` };
  if (word.startsWith(":")) return { kind: "refused", message: `There is no ${word} console command. Type :help.` };
  return { kind: "dm", text: line };
}
