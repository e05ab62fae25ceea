// The /maestro grammar, parsed without a model: a known verb with its arguments, a usage error,
// or a question for the agent. Pure: no I/O.
import { INTAKE_STATUSES } from "../../domain/vocabulary.ts";
import type { ToolInput, ToolName } from "../../tools/catalogue.ts";

/** The tool that answers each verb: its input is what the verb's parser builds, its result what render.ts shows. */
export const VERB_TOOLS = {
  queue: "get_intake_queue",
  intake: "get_intake_detail",
  approvals: "list_role_requests",
  bookings: "list_bookings",
  workflows: "list_workflow_executions",
  rules: "list_workflow_rules",
  funnel: "get_funnel_stats",
  activity: "get_recent_activity",
  contacts: "get_contact_summary",
  searches: "get_content_search_log",
  health: "run_health_check",
  audit: "get_audit_log",
} as const satisfies Record<string, ToolName>;

export type Verb = keyof typeof VERB_TOOLS;
export type VerbTool<V extends Verb> = (typeof VERB_TOOLS)[V];

/** A verb with its tool and that tool's arguments. */
export interface VerbCall<V extends Verb = Verb> {
  verb: V;
  tool: VerbTool<V>;
  args: ToolInput<VerbTool<V>>;
}

export type SlashCommand =
  | ({ kind: "verb" } & VerbCall)
  | { kind: "help" }
  | { kind: "digest"; post: boolean }
  /** `staff [add|remove @someone ROLE]`: its words, parsed by slack/staff/staff-grammar.ts. */
  | { kind: "staff"; words: string[] }
  /** Ends the running answer of this channel's conversation (or the person's own, wherever it runs). */
  | { kind: "stop" }
  /** The studio API's keys (api-key-command.ts parses the words; ADMINs only). */
  | { kind: "apiKey"; words: string[] }
  | { kind: "feedback"; only?: "down" }
  | { kind: "usage"; message: string; usage?: string }
  | { kind: "question"; text: string };

type Parser<V extends Verb> = (rest: string[]) => { args: ToolInput<VerbTool<V>> } | { error: string };

const positiveInt = (raw: string | undefined, max: number): number | undefined => {
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 && n <= max ? n : undefined;
};

const noArgs = (rest: string[]) => (rest.length ? { error: "takes no arguments" } : { args: {} });
const days = (max: number) => (rest: string[]) => {
  if (!rest.length) return { args: {} };
  const n = positiveInt(rest[0], max);
  return n && rest.length === 1 ? { args: { days: n } } : { error: `days must be a whole number from 1 to ${max}` };
};

export const VERBS: { [V in Verb]: { usage: string; parse: Parser<V> } } = {
  queue: {
    usage: "queue [status]",
    parse: (rest) => {
      if (!rest.length) return { args: {} };
      const status = INTAKE_STATUSES.find((s) => s === rest[0]!.toUpperCase());
      if (rest.length > 1 || !status) {
        return { error: `status must be one of ${INTAKE_STATUSES.join(", ")}` };
      }
      return { args: { status } };
    },
  },
  intake: {
    usage: "intake <id>",
    parse: (rest) => {
      const id = positiveInt(rest[0]?.replace(/^#/, ""), 2_147_483_647);
      return id && rest.length === 1 ? { args: { intake_id: id } } : { error: "give the intake's number, e.g. `intake 42`" };
    },
  },
  approvals: { usage: "approvals", parse: noArgs },
  bookings: { usage: "bookings", parse: noArgs },
  workflows: {
    usage: "workflows [failed]",
    parse: (rest) => {
      if (!rest.length) return { args: {} };
      return rest.length === 1 && rest[0]!.toLowerCase() === "failed"
        ? { args: { status: "FAILED" } }
        : { error: "the only option is `failed`" };
    },
  },
  rules: { usage: "rules", parse: noArgs },
  funnel: { usage: "funnel [days]", parse: days(365) },
  activity: { usage: "activity [days]", parse: days(90) },
  contacts: { usage: "contacts", parse: noArgs },
  searches: { usage: "searches", parse: noArgs },
  health: { usage: "health", parse: noArgs },
  audit: {
    usage: "audit [n]",
    parse: (rest) => {
      if (!rest.length) return { args: {} };
      const n = positiveInt(rest[0], 100);
      return n && rest.length === 1 ? { args: { limit: n } } : { error: "n must be a whole number from 1 to 100" };
    },
  },
};

function parseVerb<V extends Verb>(verb: V, rest: string[]): VerbCall<V> | { error: string } {
  const parsed = VERBS[verb].parse(rest);
  return "error" in parsed ? parsed : { verb, tool: VERB_TOOLS[verb], args: parsed.args };
}

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
  if (first === "stop" && words.length === 1) return { kind: "stop" };
  if (first === "api-key" || first === "api-keys") return { kind: "apiKey", words: words.slice(1) };
  if (first === "staff") return { kind: "staff", words: words.slice(1) };
  if (first === "feedback") {
    if (words.length === 1) return { kind: "feedback" };
    if (words.length === 2 && words[1]!.toLowerCase() === "down") return { kind: "feedback", only: "down" };
    if (words.length > 3) return { kind: "question", text: trimmed };
    return { kind: "usage", message: "`feedback` takes only `down`", usage: "feedback [down]" };
  }
  if (isVerb(first)) {
    const parsed = parseVerb(first, words.slice(1));
    // A verb followed by many words is more likely a sentence ("queue is long, why?") than bad arguments.
    if ("error" in parsed) {
      return words.length > 3
        ? { kind: "question", text: trimmed }
        : { kind: "usage", message: `\`${first}\`: ${parsed.error}`, usage: VERBS[first].usage };
    }
    return { kind: "verb", ...parsed };
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
