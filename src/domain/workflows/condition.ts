// The condition language of workflow rules: comparisons on event fields, combined with all / any / not.
//
//   null                                   always true
//   { "field": "metadata.audience", "op": "eq", "value": "adult" }
//   { "all": [ …conditions ] }   { "any": [ …conditions ] }   { "not": condition }
//
// Fields are dot paths into the event: event_type, actor_type, actor_id, subject_type, subject_id,
// metadata.<key>[.<key>…]. Operators and the value each takes:
//   eq, neq            a string, number, boolean or null (numeric text equals the number: "5" eq 5)
//   in, nin            an array of those
//   exists             true (default) or false; null and "" count as missing
//   gt, gte, lt, lte   a number, or text (ISO dates compare as text); numeric text compares as a number
//   contains           a string, number or boolean: a case-insensitive substring of a text field, or a member of an array field
// A missing field is "absent": eq/in/gt…/contains are false for it, neq/nin true, and eq null true.

export const COMPARISON_OPS = ["eq", "neq", "in", "nin", "exists", "gt", "gte", "lt", "lte", "contains"] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

type Scalar = string | number | boolean | null;

export type Condition =
  | null
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { field: string; op: ComparisonOp; value?: unknown };

/** Deeper nesting than this is a mistake, not a rule; the limit also keeps evaluation off the stack's edge. */
export const MAX_CONDITION_DEPTH = 32;

const isScalar = (v: unknown): v is Scalar => v === null || ["string", "number", "boolean"].includes(typeof v);
const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

function clip(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

class InvalidCondition extends Error {
  constructor(reason: string, at: string, whole: unknown) {
    super(`invalid condition: ${reason}${at ? ` at ${at}` : ""} (${clip(whole)})`);
  }
}

/** Which value an operator takes; undefined when the value fits. */
function valueProblem(op: ComparisonOp, value: unknown): string | undefined {
  switch (op) {
    case "eq":
    case "neq":
      return isScalar(value) ? undefined : `${op} needs a string, number, boolean or null value`;
    case "in":
    case "nin":
      return Array.isArray(value) && value.every(isScalar) ? undefined : `${op} needs an array of strings, numbers or booleans`;
    case "exists":
      return value === undefined || typeof value === "boolean" ? undefined : "exists takes true, false or no value";
    case "contains":
      return value !== null && isScalar(value) ? undefined : "contains needs a string, number or boolean value";
    default:
      return typeof value === "number" || typeof value === "string" ? undefined : `${op} needs a number or text value`;
  }
}

/** Checks the shape of a condition; throws an Error starting "invalid condition" that says what and where. */
export function parseCondition(input: unknown): Condition {
  const walk = (c: unknown, at: string, depth: number): Condition => {
    if (depth > MAX_CONDITION_DEPTH) throw new InvalidCondition(`nested deeper than ${MAX_CONDITION_DEPTH} levels`, at, input);
    if (c === null || c === undefined) return null;
    if (!isPlainObject(c)) throw new InvalidCondition("expected null or an object", at, input);
    const keys = Object.keys(c);
    const here = (key: string) => (at ? `${at}.${key}` : key);
    if (keys.length === 1 && (keys[0] === "all" || keys[0] === "any")) {
      const key = keys[0];
      const list = c[key];
      if (!Array.isArray(list)) throw new InvalidCondition(`${key} needs an array of conditions`, here(key), input);
      const parts = list.map((part, i) => walk(part, `${here(key)}.${i}`, depth + 1));
      return key === "all" ? { all: parts } : { any: parts };
    }
    if (keys.length === 1 && keys[0] === "not") return { not: walk(c.not, here("not"), depth + 1) };
    if (!keys.includes("field") || !keys.includes("op") || keys.some((k) => !["field", "op", "value"].includes(k))) {
      throw new InvalidCondition("expected {all}, {any}, {not} or {field, op, value}", at, input);
    }
    if (typeof c.field !== "string" || c.field.length === 0 || c.field.length > 200) {
      throw new InvalidCondition("field must be a dot path such as metadata.audience", here("field"), input);
    }
    if (!COMPARISON_OPS.includes(c.op as ComparisonOp)) {
      throw new InvalidCondition(`op must be one of ${COMPARISON_OPS.join(", ")}`, here("op"), input);
    }
    const op = c.op as ComparisonOp;
    const problem = valueProblem(op, c.value);
    if (problem) throw new InvalidCondition(problem, here("value"), input);
    return c.value !== undefined ? { field: c.field, op, value: c.value } : { field: c.field, op };
  };
  return walk(input, "", 1);
}

/** Reads a dot path from an object's own fields; undefined when any step is missing (never the prototype's). */
export function readPath(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object" || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Numbers, and text that is a number, compare as numbers; other text as text; anything else not at all. */
const comparable = (v: unknown): number | string | undefined =>
  typeof v === "number" ? v : typeof v === "string" ? (v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : v) : undefined;

function equals(actual: unknown, expected: unknown): boolean {
  if ((actual === undefined || actual === null) && expected === null) return true;
  if (!isScalar(actual) || actual === null || expected === null) return false;
  const a = comparable(actual);
  const b = comparable(expected);
  if (typeof a === "number" && typeof b === "number") return a === b;
  return String(actual) === String(expected);
}

function compare(actual: unknown, op: ComparisonOp, expected: unknown): boolean {
  switch (op) {
    case "eq":
      return equals(actual, expected);
    case "neq":
      return !equals(actual, expected);
    case "in":
      return (expected as Scalar[]).some((e) => equals(actual, e));
    case "nin":
      return !(expected as Scalar[]).some((e) => equals(actual, e));
    case "exists":
      return (actual !== undefined && actual !== null && actual !== "") === (expected ?? true);
    case "contains":
      if (Array.isArray(actual)) return actual.some((a) => equals(a, expected));
      return typeof actual === "string" && actual.toLowerCase().includes(String(expected).toLowerCase());
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

function check(condition: Condition, event: Record<string, unknown>): boolean {
  if (condition === null) return true;
  if ("all" in condition) return condition.all.every((c) => check(c, event));
  if ("any" in condition) return condition.any.some((c) => check(c, event));
  if ("not" in condition) return !check(condition.not, event);
  return compare(readPath(event, condition.field), condition.op, condition.value);
}

/** True when the event satisfies the condition. Throws on a malformed condition (the rule's execution FAILS). */
export function evaluateCondition(condition: unknown, event: Record<string, unknown>): boolean {
  return check(parseCondition(condition), event);
}

/** A value as a person writes it: simple words bare (STAFF, 5, a@b.c), anything else as JSON. */
function say(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(say).join(", ")}]`;
  if (typeof value === "string" && /^[\w.@:/+-]+$/.test(value)) return value;
  return clip(value);
}

/** One line a human (or the model) can read: "metadata.audience eq adult and (metadata.age gte 18 or …)". */
export function summarizeCondition(condition: unknown): string {
  let parsed: Condition;
  try {
    parsed = parseCondition(condition);
  } catch {
    return "invalid condition";
  }
  const text = (c: Condition, nested: boolean): string => {
    if (c === null) return "always";
    if ("all" in c) {
      if (!c.all.length) return "always";
      const joined = c.all.map((p) => text(p, true)).join(" and ");
      return nested && c.all.length > 1 ? `(${joined})` : joined;
    }
    if ("any" in c) {
      if (!c.any.length) return "never";
      const joined = c.any.map((p) => text(p, true)).join(" or ");
      return nested && c.any.length > 1 ? `(${joined})` : joined;
    }
    if ("not" in c) return `not (${text(c.not, false)})`;
    if (c.op === "exists") return `${c.field} ${c.value === false ? "is missing" : "exists"}`;
    return `${c.field} ${c.op} ${say(c.value)}`;
  };
  return text(parsed, false);
}
