// Argument matchers for checks: literals, refs to seeded ids, regular expressions, predicates, partial objects.
import type { Refs } from "./scenario.ts";

const REF = Symbol("ref");

export interface RefToken {
  [REF]: string;
}

/** The id the seed saved under `name` (kit.ref). */
export const ref = (name: string): RefToken => ({ [REF]: name });

export const isRef = (value: unknown): value is RefToken => typeof value === "object" && value !== null && REF in value;

export type Matcher = unknown;

/** Resolves refs inside a matcher, for display and for SQL bindings. */
export function resolveRefs(value: Matcher, refs: Refs): unknown {
  if (isRef(value)) {
    const name = value[REF];
    if (!(name in refs)) throw new Error(`The seed saved no ref named "${name}"`);
    return refs[name];
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, refs));
  if (value && typeof value === "object" && !(value instanceof RegExp)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, refs)]));
  }
  return value;
}

/** Partial deep match: every key of `expected` must match; extra keys in `actual` are fine. */
export function matches(actual: unknown, expected: Matcher, refs: Refs): boolean {
  if (isRef(expected)) return actual === resolveRefs(expected, refs) || String(actual) === String(resolveRefs(expected, refs));
  if (expected instanceof RegExp) return typeof actual !== "object" && expected.test(String(actual));
  if (typeof expected === "function") return Boolean((expected as (v: unknown) => unknown)(actual));
  if (Array.isArray(expected))
    return Array.isArray(actual) && expected.length === actual.length && expected.every((e, i) => matches(actual[i], e, refs));
  if (expected && typeof expected === "object") {
    if (!actual || typeof actual !== "object") return false;
    return Object.entries(expected).every(([k, v]) => matches((actual as Record<string, unknown>)[k], v, refs));
  }
  return actual === expected;
}

/** A matcher as text for the report: refs shown by name. */
export function describe(expected: Matcher): string {
  return JSON.stringify(expected, (_k, v) =>
    isRef(v) ? `<${v[REF]}>` : v instanceof RegExp ? String(v) : typeof v === "function" ? "<predicate>" : v,
  );
}
