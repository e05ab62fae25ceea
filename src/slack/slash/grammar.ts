// The /maestro grammar, parsed without a model: a known verb with its arguments, a usage error,
// or a question for the agent. Pure: no I/O.
import { INTAKE_STATUSES } from "../../domain/vocabulary.ts";

export type SlashCommand =
  | { kind: "verb"; verb: Verb; tool: string; args: Record<string, unknown> }
  | { kind: "help" }
  | { kind: "digest"; post: boolean }
  | { kind: "usage"; message: string; usage?: string }
  | { kind: "question"; text: string };

export type Verb =
  | "queue"
  | "intake"
  | "approvals"
  | "bookings"
  | "workflows"
  | "rules"
  | "funnel"
  | "activity"
  | "contacts"
  | "searches"
  | "health"
  | "audit";

type Parser = (rest: string[]) => { tool: string; args: Record<string, unknown> } | { error: string };

const positiveInt = (raw: string | undefined, max: number): number | undefined => {
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 && n <= max ? n : undefined;
};

const noArgs =
  (tool: string): Parser =>
  (rest) =>
    rest.length ? { error: "takes no arguments" } : { tool, args: {} };
const days =
  (tool: string, max: number): Parser =>
  (rest) => {
    if (!rest.length) return { tool, args: {} };
    const n = positiveInt(rest[0], max);
    return n && rest.length === 1 ? { tool, args: { days: n } } : { error: `days must be a whole number from 1 to ${max}` };
  };

export const VERBS: Record<Verb, { usage: string; parse: Parser }> = {
  queue: {
    usage: "queue [status]",
    parse: (rest) => {
      if (!rest.length) return { tool: "get_intake_queue", args: {} };
      const status = rest[0]!.toUpperCase();
      if (rest.length > 1 || !(INTAKE_STATUSES as readonly string[]).includes(status)) {
        return { error: `status must be one of ${INTAKE_STATUSES.join(", ")}` };
      }
      return { tool: "get_intake_queue", args: { status } };
    },
  },
  intake: {
    usage: "intake <id>",
    parse: (rest) => {
      const id = positiveInt(rest[0]?.replace(/^#/, ""), 2_147_483_647);
      return id && rest.length === 1
        ? { tool: "get_intake_detail", args: { intake_id: id } }
        : { error: "give the intake's number, e.g. `intake 42`" };
    },
  },
  approvals: { usage: "approvals", parse: noArgs("list_role_requests") },
  bookings: { usage: "bookings", parse: noArgs("list_bookings") },
  workflows: {
    usage: "workflows [failed]",
    parse: (rest) => {
      if (!rest.length) return { tool: "list_workflow_executions", args: {} };
      return rest.length === 1 && rest[0]!.toLowerCase() === "failed"
        ? { tool: "list_workflow_executions", args: { status: "FAILED" } }
        : { error: "the only option is `failed`" };
    },
  },
  rules: { usage: "rules", parse: noArgs("list_workflow_rules") },
  funnel: { usage: "funnel [days]", parse: days("get_funnel_stats", 365) },
  activity: { usage: "activity [days]", parse: days("get_recent_activity", 90) },
  contacts: { usage: "contacts", parse: noArgs("get_contact_summary") },
  searches: { usage: "searches", parse: noArgs("get_content_search_log") },
  health: { usage: "health", parse: noArgs("run_health_check") },
  audit: {
    usage: "audit [n]",
    parse: (rest) => {
      if (!rest.length) return { tool: "get_audit_log", args: {} };
      const n = positiveInt(rest[0], 100);
      return n && rest.length === 1 ? { tool: "get_audit_log", args: { limit: n } } : { error: "n must be a whole number from 1 to 100" };
    },
  },
};

const isVerb = (word: string): word is Verb => Object.hasOwn(VERBS, word);

export function parseSlash(text: string): SlashCommand {
  const trimmed = text.trim();
  const words = trimmed.split(/\s+/).filter(Boolean);
  const first = words[0]?.toLowerCase();
  if (!first || first === "help" || first === "?") return words.length <= 1 ? { kind: "help" } : { kind: "question", text: trimmed };
  if (first === "digest") {
    if (words.length === 1) return { kind: "digest", post: false };
    if (words.length === 2 && words[1]!.toLowerCase() === "post") return { kind: "digest", post: true };
    return { kind: "usage", message: "`digest` takes only `post`", usage: "digest [post]" };
  }
  if (isVerb(first)) {
    const parsed = VERBS[first].parse(words.slice(1));
    // A verb followed by many words is more likely a sentence ("queue is long, why?") than bad arguments.
    if ("error" in parsed) {
      return words.length > 3
        ? { kind: "question", text: trimmed }
        : { kind: "usage", message: `\`${first}\`: ${parsed.error}`, usage: VERBS[first].usage };
    }
    return { kind: "verb", verb: first, tool: parsed.tool, args: parsed.args };
  }
  // One unknown word is a mistyped command; a sentence is a question for the agent.
  if (words.length === 1) return { kind: "usage", message: `There is no \`${words[0]}\` command.${suggest(first)}` };
  return { kind: "question", text: trimmed };
}

function suggest(word: string): string {
  const close = Object.keys(VERBS).find((verb) => distance(verb, word) <= 2);
  return close ? ` Did you mean \`${close}\`?` : "";
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
