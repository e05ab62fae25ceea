// The checks a scenario lists, as plain builders: what the database holds, what Slack showed, which tools, which words.
import { buttonsIn, modelTexts, shownText, toolUses } from "./harness/evidence.ts";
import type { TableState } from "./harness/table-state.ts";
import { describe, matches, resolveRefs, type Matcher } from "./matchers.ts";
import type { Check, CheckGroup, CheckVerdict } from "./scenario.ts";

const verdict = (pass: boolean, detail?: string): CheckVerdict => ({ pass, detail: pass ? undefined : detail });
const clip = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max)}…` : text);

// ── the model's choices (tools) ─────────────────────────────────────────────────────────────────────

/** The model called `tool`, with arguments matching `args` (partial; refs, regexps and predicates allowed). */
export function toolCalled(tool: string, args?: Record<string, Matcher>): Check {
  return {
    label: `model called ${tool}${args ? ` with ${describe(args)}` : ""}`,
    group: "tools",
    modelChoice: true,
    verify: (e) => {
      const calls = toolUses(e).filter((c) => c.name === tool);
      if (!calls.length)
        return verdict(
          false,
          `never called; calls: ${
            toolUses(e)
              .map((c) => c.name)
              .join(", ") || "none"
          }`,
        );
      const hit = !args || calls.some((c) => matches(c.input, args, e.refs));
      return verdict(hit, `called with ${calls.map((c) => JSON.stringify(c.input)).join(" / ")}`);
    },
  };
}

export function toolNotCalled(tool: string): Check {
  return {
    label: `model never called ${tool}`,
    group: "tools",
    modelChoice: true,
    verify: (e) => verdict(!toolUses(e).some((c) => c.name === tool), `it was called`),
  };
}

/** These tools were called in this order (other calls may come between). */
export function toolsInOrder(...tools: string[]): Check {
  return {
    label: `model called ${tools.join(" → ")} in that order`,
    group: "tools",
    modelChoice: true,
    verify: (e) => {
      const names = toolUses(e).map((c) => c.name);
      let at = 0;
      for (const name of names) if (name === tools[at]) at++;
      return verdict(at === tools.length, `calls were ${names.join(" → ") || "none"}`);
    },
  };
}

// ── wording ─────────────────────────────────────────────────────────────────────────────────────────

/** The model's replies say this (all replies, or those of one turn, counted from 1). */
export function replyMatches(pattern: RegExp, options: { turn?: number } = {}): Check {
  return {
    label: `reply${options.turn === undefined ? "" : ` of turn ${options.turn}`} matches ${pattern}`,
    group: "wording",
    modelChoice: true,
    verify: (e) => {
      const text =
        options.turn === undefined
          ? modelTexts(e).join("\n")
          : modelTexts({ exchanges: e.exchanges.filter((x) => x.turn === options.turn! - 1) }).join("\n");
      return verdict(pattern.test(text), `replies were: ${clip(JSON.stringify(text))}`);
    },
  };
}

const NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

/**
 * The replies give this count next to this word, in either order and a few words apart: "3 new", "three new intakes",
 * "NEW: 3", "new intakes (3)". Tolerant of wording, so a live model's phrasing passes when its number is right.
 */
export function replyMentions(count: number, word: string, options: { turn?: number } = {}): Check {
  const n = NUMBER_WORDS[count] ? `(?:${count}|${NUMBER_WORDS[count]})` : String(count);
  // Up to three words between, none of them a number ("3 open intakes: 2 new" is not "3 new").
  const near = "\\W+(?:[^\\s.;,\\d]+\\W+){0,3}?";
  const pattern = new RegExp(`\\b${n}\\b${near}${word}|\\b${word}\\w*${near}\\(?${n}\\b`, "i");
  return {
    ...replyMatches(pattern, options),
    label: `reply${options.turn === undefined ? "" : ` of turn ${options.turn}`} says ${count} ${word}`,
  };
}

export function replyNotMatches(pattern: RegExp): Check {
  return {
    label: `reply does not match ${pattern}`,
    group: "wording",
    modelChoice: true,
    verify: (e) => {
      const text = modelTexts(e).join("\n");
      return verdict(!pattern.test(text), `found in: ${clip(JSON.stringify(text.match(pattern)?.[0] ?? ""))}`);
    },
  };
}

// ── Slack output ────────────────────────────────────────────────────────────────────────────────────

/** Maestro showed this text somewhere (messages, cards, ephemerals, acks, Home), or in one turn (counted from 1). */
export function slackShows(pattern: RegExp, options: { turn?: number } = {}): Check {
  return {
    label: `Slack shows ${pattern}${options.turn === undefined ? "" : ` in turn ${options.turn}`}`,
    group: "slack",
    modelChoice: false,
    verify: (e) => {
      const text = shownText(e, options.turn === undefined ? undefined : options.turn - 1);
      return verdict(pattern.test(text), `Slack showed: ${clip(JSON.stringify(text), 300)}`);
    },
  };
}

export function slackNeverShows(pattern: RegExp): Check {
  return {
    label: `Slack never shows ${pattern}`,
    group: "slack",
    modelChoice: false,
    verify: (e) => verdict(!pattern.test(shownText(e)), `it showed ${JSON.stringify(shownText(e).match(pattern)?.[0])}`),
  };
}

/** A message carrying buttons with all these labels was posted (a confirmation card is Confirm + Cancel). */
export function cardPosted(options: { buttons: string[]; mentions?: RegExp }): Check {
  return {
    label: `a message with buttons ${options.buttons.join(" + ")}${options.mentions ? ` mentioning ${options.mentions}` : ""} was shown`,
    group: "slack",
    modelChoice: false,
    verify: (e) => {
      const hit = e.slack.some((record) => {
        const labels = buttonsIn(record).map((b) => b.label.replace(/…$/, ""));
        return (
          labels.length &&
          options.buttons.every((l) => labels.includes(l)) &&
          (!options.mentions || options.mentions.test(JSON.stringify(record.args)))
        );
      });
      return verdict(hit, "no such message");
    },
  };
}

/** No confirmation card (a Confirm button) was shown, in the whole run or in one turn (counted from 1). */
export function noCardPosted(options: { turn?: number } = {}): Check {
  return {
    label: `no confirmation card was posted${options.turn === undefined ? "" : ` in turn ${options.turn}`}`,
    group: "slack",
    modelChoice: false,
    verify: (e) =>
      verdict(
        !e.slack.some(
          (r) => (options.turn === undefined || r.turn === options.turn - 1) && buttonsIn(r).some((b) => b.label === "Confirm"),
        ),
        "a card with Confirm was posted",
      ),
  };
}

/** How many times the app called the model (0 for a refused user; retries count). */
export function modelCalls(expected: number | { atMost?: number; atLeast?: number }): Check {
  const text =
    typeof expected === "number"
      ? `exactly ${expected}`
      : [expected.atLeast !== undefined && `at least ${expected.atLeast}`, expected.atMost !== undefined && `at most ${expected.atMost}`]
          .filter(Boolean)
          .join(" and ");
  return {
    label: `the model was called ${text} time(s)`,
    group: "outcome",
    modelChoice: false,
    verify: (e) => {
      const n = e.exchanges.length;
      const ok =
        typeof expected === "number"
          ? n === expected
          : (expected.atMost === undefined || n <= expected.atMost) && (expected.atLeast === undefined || n >= expected.atLeast);
      return verdict(ok, `it was called ${n} time(s)`);
    },
  };
}

/** Each decided card's outcome reached its waiting run exactly once (one resume, however many clicks or replicas). */
export function cardOutcomeToldOnce(): Check {
  return {
    label: "each decided card's outcome was given to its run exactly once",
    group: "outcome",
    modelChoice: false,
    verify: async (e) => {
      const { rows } = (await e.db.raw(
        `select p.tool_name, p.status,
                (select count(*)::int from conversation_messages m
                  where m.role = 'user' and m.content::text like '%"tool_use_id": "' || p.tool_use_id || '"%') as told
           from pending_actions p where p.status <> 'pending'`,
      )) as { rows: { tool_name: string; status: string; told: number }[] };
      const wrong = rows.filter((r) => r.told !== 1);
      return {
        pass: rows.length > 0 && !wrong.length,
        detail: rows.length ? wrong.map((r) => `${r.tool_name} (${r.status}) told ${r.told} times`).join("; ") : "no decided card",
      };
    },
  };
}

// ── the final database ──────────────────────────────────────────────────────────────────────────────

/** Replaces `:name` with the seed's ref as a bound parameter (only names the seed saved; `::casts` untouched). */
function bindRefs(query: string, refs: Record<string, unknown>): { sql: string; bindings: unknown[] } {
  const bindings: unknown[] = [];
  const sql = query.replace(/(?<!:):([A-Za-z_]\w*)/g, (whole, name: string) => {
    if (!(name in refs)) return whole;
    bindings.push(refs[name]);
    return "?";
  });
  return { sql, bindings };
}

/**
 * An SQL query on the final state: its first column of the first row must match `expected`
 * (a value, ref, regexp or predicate), or `{ rows: n }` for the number of rows.
 */
export function sql(query: string, expected: Matcher | { rows: number }, label?: string): Check {
  return {
    label: label ?? `${query.replace(/\s+/g, " ")} → ${describe(expected)}`,
    group: "outcome",
    modelChoice: false,
    verify: async (e) => {
      const { sql: text, bindings } = bindRefs(query, e.refs);
      const { rows } = (await e.db.raw(text, bindings as never[])) as { rows: Record<string, unknown>[] };
      if (expected && typeof expected === "object" && "rows" in expected && Object.keys(expected).length === 1) {
        return verdict(rows.length === (expected as { rows: number }).rows, `${rows.length} rows`);
      }
      const first = rows[0] ? Object.values(rows[0])[0] : undefined;
      return verdict(
        matches(first, expected, e.refs),
        `got ${JSON.stringify(first)} (expected ${describe(resolveRefs(expected, e.refs))})`,
      );
    },
  };
}

const diff = (before: TableState | undefined, after: TableState, tables: string[]) =>
  tables.filter((t) => {
    if (!after[t]) throw new Error(`unknown table ${t}`);
    return before?.[t]?.hash !== after[t].hash;
  });

/** These tables hold exactly what the seed put there. */
export function unchanged(...tables: string[]): Check {
  return {
    label: `unchanged: ${tables.join(", ")}`,
    group: "outcome",
    modelChoice: false,
    verify: (e) => {
      const changed = diff(e.baseline, e.final, tables);
      return verdict(!changed.length, `changed: ${changed.join(", ")}`);
    },
  };
}

/** Nothing in these tables changed before the first button click (the gate held until a human decided). */
export function unchangedBeforeClick(...tables: string[]): Check {
  return {
    label: `nothing changed before the click in ${tables.join(", ")}`,
    group: "outcome",
    modelChoice: false,
    verify: (e) => {
      if (!e.beforeFirstClick) return verdict(false, "no click happened");
      const changed = diff(e.baseline, e.beforeFirstClick, tables);
      return verdict(!changed.length, `changed before the click: ${changed.join(", ")}`);
    },
  };
}

/** Anything else, with a sentence saying what it checks. */
export function custom(label: string, group: CheckGroup, verify: Check["verify"], modelChoice = false): Check {
  return { label, group, modelChoice, verify };
}
