// The condition language of workflow rules: comparisons on event fields, combined with all / any / not.
//
//   null                                   always true
//   { "field": "metadata.audience", "op": "eq", "value": "adult" }
//   { "all": [ …conditions ] }   { "any": [ …conditions ] }   { "not": condition }
//
// Fields are dot paths into the event: event_type, actor_type, actor_id, subject_type, subject_id,
// metadata.<key>[.<key>…]. Operators: eq, neq, in, nin (value is an array), exists (value true/false,
// default true), gt, gte, lt, lte (numbers, or ISO dates compared as text), contains (substring or array member).
import { z } from "zod";

export const COMPARISON_OPS = ["eq", "neq", "in", "nin", "exists", "gt", "gte", "lt", "lte", "contains"] as const;

export type Condition =
  | null
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { field: string; op: (typeof COMPARISON_OPS)[number]; value?: unknown };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.null(),
    z.strictObject({ all: z.array(conditionSchema) }),
    z.strictObject({ any: z.array(conditionSchema) }),
    z.strictObject({ not: conditionSchema }),
    z.strictObject({ field: z.string().min(1), op: z.enum(COMPARISON_OPS), value: z.unknown().optional() }),
  ]),
);

/** Reads a dot path from an object; undefined when any step is missing. */
export function readPath(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const comparable = (v: unknown): number | string | undefined =>
  typeof v === "number" ? v : typeof v === "string" ? (v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : v) : undefined;

function compare(actual: unknown, op: string, expected: unknown): boolean {
  switch (op) {
    case "eq":
      return actual === expected || (actual != null && expected != null && String(actual) === String(expected));
    case "neq":
      return !compare(actual, "eq", expected);
    case "in":
      return Array.isArray(expected) && expected.some((e) => compare(actual, "eq", e));
    case "nin":
      return Array.isArray(expected) && !expected.some((e) => compare(actual, "eq", e));
    case "exists":
      return (actual !== undefined && actual !== null && actual !== "") === (expected ?? true);
    case "contains":
      if (Array.isArray(actual)) return actual.some((a) => compare(a, "eq", expected));
      return typeof actual === "string" && typeof expected === "string" && actual.toLowerCase().includes(expected.toLowerCase());
    default: {
      const a = comparable(actual);
      const b = comparable(expected);
      if (a === undefined || b === undefined || typeof a !== typeof b) return false;
      if (op === "gt") return a > b;
      if (op === "gte") return a >= b;
      if (op === "lt") return a < b;
      return a <= b; // lte
    }
  }
}

/** True when the event satisfies the condition. Throws on a malformed condition (the rule's execution FAILS). */
export function evaluateCondition(condition: unknown, event: Record<string, unknown>): boolean {
  const parsed = conditionSchema.safeParse(condition ?? null);
  if (!parsed.success) {
    throw new Error(`invalid condition: ${parsed.error.issues[0]?.message ?? "unrecognised shape"} (${JSON.stringify(condition)})`);
  }
  return check(parsed.data, event);
}

function check(condition: Condition, event: Record<string, unknown>): boolean {
  if (condition === null) return true;
  if ("all" in condition) return condition.all.every((c) => check(c, event));
  if ("any" in condition) return condition.any.some((c) => check(c, event));
  if ("not" in condition) return !check(condition.not, event);
  return compare(readPath(event, condition.field), condition.op, condition.value);
}

/** One line a human (or the model) can read: "metadata.audience eq adult and …". */
export function summarizeCondition(condition: unknown): string {
  const parsed = conditionSchema.safeParse(condition ?? null);
  if (!parsed.success) return "invalid condition";
  const say = (c: Condition): string => {
    if (c === null) return "always";
    if ("all" in c) return c.all.length ? c.all.map(say).join(" and ") : "always";
    if ("any" in c) return c.any.length ? `(${c.any.map(say).join(" or ")})` : "never";
    if ("not" in c) return `not (${say(c.not)})`;
    return c.op === "exists" ? `${c.field} ${c.value === false ? "is missing" : "exists"}` : `${c.field} ${c.op} ${JSON.stringify(c.value)}`;
  };
  return say(parsed.data);
}
