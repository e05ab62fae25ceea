// The condition language, pure: every operator, nesting, missing fields, number/text comparisons, bad shapes, summaries.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMPARISON_OPS, evaluateCondition, MAX_CONDITION_DEPTH, readPath, summarizeCondition, type Condition } from "./condition.ts";

const event = {
  id: 7,
  event_type: "RoleApproved",
  actor_type: "AGENT",
  actor_id: "3",
  subject_type: "intake",
  subject_id: "42",
  metadata: {
    role: "STAFF",
    email: "dana@example.test",
    age: 34,
    age_text: "34",
    score: "7.5",
    vip: true,
    empty: "",
    nothing: null,
    tags: ["pottery", "Weekend", 3],
    goals: "Learn to throw on the Wheel",
    starts_at: "2026-03-01T10:00:00.000Z",
    nested: { deeper: { level: "three" } },
  },
};

const holds = (condition: unknown) => evaluateCondition(condition, event);
const cmp = (field: string, op: string, value?: unknown) => (value === undefined ? { field, op } : { field, op, value });

describe("evaluateCondition: operators", () => {
  it("eq / neq compare text, numbers and booleans, numeric text equal to its number", () => {
    expect(holds(cmp("metadata.role", "eq", "STAFF"))).toBe(true);
    expect(holds(cmp("metadata.role", "eq", "staff"))).toBe(false); // case matters for eq
    expect(holds(cmp("metadata.age", "eq", 34))).toBe(true);
    expect(holds(cmp("metadata.age", "eq", "34"))).toBe(true);
    expect(holds(cmp("metadata.age_text", "eq", 34))).toBe(true);
    expect(holds(cmp("metadata.score", "eq", 7.5))).toBe(true);
    expect(holds(cmp("metadata.score", "eq", "7.50"))).toBe(true); // both numeric: compared as numbers
    expect(holds(cmp("subject_id", "eq", 42))).toBe(true);
    expect(holds(cmp("metadata.vip", "eq", true))).toBe(true);
    expect(holds(cmp("metadata.vip", "eq", "true"))).toBe(true);
    expect(holds(cmp("metadata.role", "neq", "ADMIN"))).toBe(true);
    expect(holds(cmp("metadata.role", "neq", "STAFF"))).toBe(false);
  });

  it("eq never matches an object or array field by its string form", () => {
    expect(holds(cmp("metadata.nested", "eq", "[object Object]"))).toBe(false);
    expect(holds(cmp("metadata.tags", "eq", "pottery,Weekend,3"))).toBe(false);
  });

  it("in / nin test membership with the same equality", () => {
    expect(holds(cmp("metadata.role", "in", ["ADMIN", "STAFF"]))).toBe(true);
    expect(holds(cmp("metadata.role", "in", ["ADMIN"]))).toBe(false);
    expect(holds(cmp("metadata.age", "in", ["33", "34"]))).toBe(true);
    expect(holds(cmp("metadata.role", "in", []))).toBe(false);
    expect(holds(cmp("metadata.role", "nin", ["ADMIN", "MEMBER"]))).toBe(true);
    expect(holds(cmp("metadata.role", "nin", ["STAFF"]))).toBe(false);
    expect(holds(cmp("metadata.role", "nin", []))).toBe(true);
  });

  it("exists treats null and empty text as missing, and takes false for 'is missing'", () => {
    expect(holds(cmp("metadata.role", "exists"))).toBe(true);
    expect(holds(cmp("metadata.role", "exists", true))).toBe(true);
    expect(holds(cmp("metadata.role", "exists", false))).toBe(false);
    for (const field of ["metadata.empty", "metadata.nothing", "metadata.absent", "metadata.absent.deeper"]) {
      expect(holds(cmp(field, "exists")), field).toBe(false);
      expect(holds(cmp(field, "exists", false)), field).toBe(true);
    }
    expect(holds(cmp("metadata.vip", "exists"))).toBe(true);
    expect(holds(cmp("metadata.age", "exists"))).toBe(true);
  });

  it("gt / gte / lt / lte compare numbers (and numeric text) numerically", () => {
    expect(holds(cmp("metadata.age", "gt", 18))).toBe(true);
    expect(holds(cmp("metadata.age", "gt", 34))).toBe(false);
    expect(holds(cmp("metadata.age", "gte", 34))).toBe(true);
    expect(holds(cmp("metadata.age", "lt", 34))).toBe(false);
    expect(holds(cmp("metadata.age", "lte", 34))).toBe(true);
    // "34" vs 100: as text "34" > "100"; as numbers 34 < 100 — numbers win.
    expect(holds(cmp("metadata.age_text", "lt", 100))).toBe(true);
    expect(holds(cmp("metadata.age_text", "lt", "100"))).toBe(true);
    expect(holds(cmp("metadata.score", "gt", 7))).toBe(true);
    expect(holds(cmp("metadata.score", "lt", "7.6"))).toBe(true);
  });

  it("gt / lt compare ISO dates as text and refuse to compare text with numbers", () => {
    expect(holds(cmp("metadata.starts_at", "gt", "2026-02-28T00:00:00.000Z"))).toBe(true);
    expect(holds(cmp("metadata.starts_at", "lt", "2026-02-28T00:00:00.000Z"))).toBe(false);
    expect(holds(cmp("metadata.starts_at", "gte", "2026-03-01"))).toBe(true);
    expect(holds(cmp("metadata.role", "gt", 1))).toBe(false);
    expect(holds(cmp("metadata.role", "lt", 1))).toBe(false);
    expect(holds(cmp("metadata.vip", "gt", 0))).toBe(false);
    expect(holds(cmp("metadata.tags", "gt", 0))).toBe(false);
  });

  it("contains: case-insensitive substring of text, member of an array", () => {
    expect(holds(cmp("metadata.goals", "contains", "wheel"))).toBe(true);
    expect(holds(cmp("metadata.goals", "contains", "kiln"))).toBe(false);
    expect(holds(cmp("metadata.tags", "contains", "pottery"))).toBe(true);
    expect(holds(cmp("metadata.tags", "contains", "weekend"))).toBe(false); // array members use eq: case matters
    expect(holds(cmp("metadata.tags", "contains", 3))).toBe(true);
    expect(holds(cmp("metadata.tags", "contains", "3"))).toBe(true);
    expect(holds(cmp("metadata.age", "contains", "3"))).toBe(false); // a number is not text
  });

  it("reads the top-level event fields as well as metadata", () => {
    expect(holds(cmp("event_type", "eq", "RoleApproved"))).toBe(true);
    expect(holds(cmp("actor_type", "in", ["AGENT", "USER"]))).toBe(true);
    expect(holds(cmp("subject_type", "eq", "intake"))).toBe(true);
    expect(holds(cmp("metadata.nested.deeper.level", "eq", "three"))).toBe(true);
    expect(holds(cmp("metadata.tags.0", "eq", "pottery"))).toBe(true);
  });
});

describe("evaluateCondition: missing fields", () => {
  it("treats a missing field as absent for every operator", () => {
    const f = "metadata.not_there";
    expect(holds(cmp(f, "eq", "x"))).toBe(false);
    expect(holds(cmp(f, "eq", null))).toBe(true);
    expect(holds(cmp(f, "neq", "x"))).toBe(true);
    expect(holds(cmp(f, "in", ["x"]))).toBe(false);
    expect(holds(cmp(f, "nin", ["x"]))).toBe(true);
    expect(holds(cmp(f, "gt", 0))).toBe(false);
    expect(holds(cmp(f, "lte", 0))).toBe(false);
    expect(holds(cmp(f, "contains", "x"))).toBe(false);
    expect(holds(cmp("nope.deeper.still", "eq", "x"))).toBe(false);
  });

  it("never reads through to the object prototype", () => {
    for (const field of ["metadata.constructor", "metadata.__proto__", "metadata.toString", "metadata.role.length"]) {
      expect(holds(cmp(field, "exists")), field).toBe(false);
    }
    expect(readPath(event, "metadata.hasOwnProperty")).toBeUndefined();
    expect(readPath(event, "metadata.tags.length")).toBe(3); // an array's own length is a real field
  });

  it("null or no condition always holds", () => {
    expect(holds(null)).toBe(true);
    expect(holds(undefined)).toBe(true);
    expect(evaluateCondition(null, {})).toBe(true);
  });
});

describe("evaluateCondition: all / any / not", () => {
  const yes = cmp("metadata.role", "eq", "STAFF");
  const no = cmp("metadata.role", "eq", "ADMIN");

  it("combines with all, any and not, nested", () => {
    expect(holds({ all: [yes, yes] })).toBe(true);
    expect(holds({ all: [yes, no] })).toBe(false);
    expect(holds({ all: [] })).toBe(true);
    expect(holds({ any: [no, yes] })).toBe(true);
    expect(holds({ any: [no, no] })).toBe(false);
    expect(holds({ any: [] })).toBe(false);
    expect(holds({ not: no })).toBe(true);
    expect(holds({ not: yes })).toBe(false);
    expect(holds({ not: null })).toBe(false);
    expect(holds({ all: [yes, { any: [no, { not: no }] }] })).toBe(true);
    expect(holds({ not: { all: [yes, { any: [no, { not: yes }] }] } })).toBe(true);
    expect(holds({ any: [{ all: [yes, no] }, { all: [{ not: no }, cmp("metadata.age", "gte", 18)] }] })).toBe(true);
  });

  it("accepts nesting up to the depth limit and refuses deeper", () => {
    const nest = (depth: number): unknown => {
      let c: unknown = yes;
      for (let d = 1; d < depth; d++) c = { not: c };
      return c;
    };
    expect(holds(nest(MAX_CONDITION_DEPTH))).toBe(MAX_CONDITION_DEPTH % 2 === 1);
    expect(() => holds(nest(MAX_CONDITION_DEPTH + 1))).toThrow(/invalid condition: nested deeper/);
    expect(() => holds(nest(50_000))).toThrow(/invalid condition/); // no stack overflow on a pathological rule
  });
});

describe("evaluateCondition: invalid shapes throw", () => {
  const invalid: [string, unknown][] = [
    ["a string", "metadata.role eq STAFF"],
    ["a number", 5],
    ["true", true],
    ["an array", [cmp("metadata.role", "eq", "STAFF")]],
    ["an empty object", {}],
    ["an unknown operator", cmp("metadata.role", "like", "ST%")],
    ["no op", { field: "metadata.role", value: "STAFF" }],
    ["no field", { op: "eq", value: "STAFF" }],
    ["an empty field", cmp("", "eq", "x")],
    ["a non-string field", { field: 3, op: "eq", value: "x" }],
    ["an extra key", { field: "metadata.role", op: "eq", value: "STAFF", note: "hi" }],
    ["all and any together", { all: [], any: [] }],
    ["all not an array", { all: cmp("metadata.role", "eq", "STAFF") }],
    ["a bad member of all", { all: [cmp("metadata.role", "eq", "STAFF"), 7] }],
    ["not of an array", { not: [] }],
    ["eq without a value", cmp("metadata.role", "eq")],
    ["eq with an object", cmp("metadata.role", "eq", { a: 1 })],
    ["in without an array", cmp("metadata.role", "in", "STAFF")],
    ["in with objects", cmp("metadata.role", "in", [{ a: 1 }])],
    ["nin without a value", cmp("metadata.role", "nin")],
    ["exists with text", cmp("metadata.role", "exists", "yes")],
    ["gt with a boolean", cmp("metadata.age", "gt", true)],
    ["lte with null", cmp("metadata.age", "lte", null)],
    ["contains with null", cmp("metadata.tags", "contains", null)],
  ];
  for (const [what, condition] of invalid) {
    it(`refuses ${what}`, () => {
      expect(() => holds(condition)).toThrow(/^invalid condition/);
    });
  }

  it("says what is wrong and where", () => {
    expect(() => holds({ all: [cmp("metadata.role", "eq", "x"), cmp("metadata.role", "like", "x")] })).toThrow(
      /invalid condition: op must be one of eq, neq.* at all\.1\.op/,
    );
    expect(() => holds(cmp("metadata.role", "in", "STAFF"))).toThrow(/in needs an array .* at value/);
  });
});

describe("summarizeCondition", () => {
  it("reads as one line of plain text", () => {
    expect(summarizeCondition(null)).toBe("always");
    expect(summarizeCondition(undefined)).toBe("always");
    expect(summarizeCondition(cmp("metadata.role", "eq", "STAFF"))).toBe("metadata.role eq STAFF");
    expect(summarizeCondition(cmp("metadata.age", "gte", 18))).toBe("metadata.age gte 18");
    expect(summarizeCondition(cmp("metadata.note", "contains", "two words"))).toBe('metadata.note contains "two words"');
    expect(summarizeCondition(cmp("metadata.role", "in", ["ADMIN", "STAFF"]))).toBe("metadata.role in [ADMIN, STAFF]");
    expect(summarizeCondition(cmp("metadata.email", "exists"))).toBe("metadata.email exists");
    expect(summarizeCondition(cmp("metadata.email", "exists", false))).toBe("metadata.email is missing");
    expect(summarizeCondition(cmp("metadata.owner", "eq", null))).toBe("metadata.owner eq null");
  });

  it("brackets nested groups and negations", () => {
    const a = cmp("metadata.role", "eq", "STAFF");
    const b = cmp("metadata.audience", "eq", "adult");
    const c = cmp("metadata.audience", "eq", "teen");
    expect(summarizeCondition({ all: [a, b] })).toBe("metadata.role eq STAFF and metadata.audience eq adult");
    expect(summarizeCondition({ any: [b, c] })).toBe("metadata.audience eq adult or metadata.audience eq teen");
    expect(summarizeCondition({ all: [a, { any: [b, c] }] })).toBe(
      "metadata.role eq STAFF and (metadata.audience eq adult or metadata.audience eq teen)",
    );
    expect(summarizeCondition({ not: { any: [b, c] } })).toBe("not (metadata.audience eq adult or metadata.audience eq teen)");
    expect(summarizeCondition({ all: [] })).toBe("always");
    expect(summarizeCondition({ any: [] })).toBe("never");
    expect(summarizeCondition({ all: [{ any: [a] }] })).toBe("metadata.role eq STAFF");
  });

  it("says 'invalid condition' for a malformed one instead of throwing", () => {
    expect(summarizeCondition({ field: "x", op: "like" })).toBe("invalid condition");
    expect(summarizeCondition("metadata.role eq STAFF")).toBe("invalid condition");
  });
});

// Properties: the evaluator is total over JSON (a boolean or an "invalid condition" Error, nothing else) and `not` inverts.
const fields = [
  "event_type",
  "subject_id",
  "metadata.role",
  "metadata.age",
  "metadata.tags",
  "metadata.missing",
  "metadata.nested.deeper.level",
];
const scalar = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer({ min: -50, max: 50 }),
  fc.boolean(),
  fc.constantFrom("STAFF", "34", "7.5", "pottery"),
);
const comparison: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ field: fc.constantFrom(...fields), op: fc.constantFrom("eq", "neq", "contains" as const), value: scalar }),
  fc.record({ field: fc.constantFrom(...fields), op: fc.constantFrom("in", "nin" as const), value: fc.array(scalar, { maxLength: 4 }) }),
  fc.record({
    field: fc.constantFrom(...fields),
    op: fc.constantFrom("gt", "gte", "lt", "lte" as const),
    value: fc.oneof(fc.integer({ min: -50, max: 50 }), fc.string({ maxLength: 4 })),
  }),
  fc.record({ field: fc.constantFrom(...fields), op: fc.constant("exists" as const) }, { requiredKeys: ["field", "op"] }),
  fc.record({ field: fc.constantFrom(...fields), op: fc.constant("exists" as const), value: fc.boolean() }),
);
const { condition: validCondition } = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    comparison,
    fc.constant(null),
    fc.record({ all: fc.array(tie("condition"), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("condition"), { maxLength: 3 }) }),
    fc.record({ not: tie("condition") }),
  ),
}));

describe("evaluateCondition: properties", () => {
  it("any JSON value either evaluates to a boolean or throws an 'invalid condition' Error", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), validCondition as fc.Arbitrary<unknown>), fc.jsonValue(), (condition, metadata) => {
        let result: unknown;
        try {
          result = evaluateCondition(condition, { ...event, metadata: metadata as Record<string, unknown> });
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message).toMatch(/^invalid condition/);
          return;
        }
        expect(typeof result).toBe("boolean");
      }),
      { numRuns: 2000 },
    );
  });

  it("summarizeCondition never throws on any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (condition) => typeof summarizeCondition(condition) === "string"),
      { numRuns: 1000 },
    );
  });

  it("not inverts every valid condition, on any event", () => {
    fc.assert(
      fc.property(validCondition, fc.dictionary(fc.constantFrom("role", "age", "tags", "missing"), scalar), (condition, metadata) => {
        const e = { ...event, metadata: { ...event.metadata, ...metadata } };
        expect(evaluateCondition({ not: condition }, e)).toBe(!evaluateCondition(condition, e));
        expect(evaluateCondition({ not: { not: condition } }, e)).toBe(evaluateCondition(condition, e));
      }),
      { numRuns: 1000 },
    );
  });

  it("all / any agree with every / some of their parts (De Morgan included)", () => {
    fc.assert(
      fc.property(fc.array(validCondition, { maxLength: 4 }), (parts) => {
        const each = parts.map((p) => evaluateCondition(p, event));
        expect(evaluateCondition({ all: parts }, event)).toBe(each.every(Boolean));
        expect(evaluateCondition({ any: parts }, event)).toBe(each.some(Boolean));
        expect(evaluateCondition({ not: { all: parts } }, event)).toBe(evaluateCondition({ any: parts.map((p) => ({ not: p })) }, event));
      }),
      { numRuns: 500 },
    );
  });

  it("neq is the negation of eq and nin of in, for any scalar", () => {
    fc.assert(
      fc.property(fc.constantFrom(...fields), scalar, fc.array(scalar, { maxLength: 4 }), (field, value, list) => {
        expect(holds(cmp(field, "neq", value))).toBe(!holds(cmp(field, "eq", value)));
        expect(holds(cmp(field, "nin", list))).toBe(!holds(cmp(field, "in", list)));
      }),
      { numRuns: 500 },
    );
  });

  it("every operator is covered by the generators", () => {
    expect([...COMPARISON_OPS].sort()).toEqual(["contains", "eq", "exists", "gt", "gte", "in", "lt", "lte", "neq", "nin"]);
  });
});
