// Random arguments thrown at every tool on a real database: only validation errors or valid results,
// never an internal error, and a refused call never leaves a partial write.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertIntake, writeFootprint } from "../testing/fixtures/intakes.ts";
import { actorFor, insertAdmin, insertUser } from "../testing/fixtures/people.ts";
import { insertRoleRequest } from "../testing/fixtures/roles.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { toolContext } from "../testing/tool-context.ts";
import { CATALOGUE, createCatalogueRegistry } from "./catalogue.ts";
import { executeTool } from "./execute.ts";
import { inputJsonSchema } from "./registry.ts";
import { DAY_MS, HOUR_MS } from "../domain/clock.ts";

const registry = createCatalogueRegistry();
let db: TestDatabase;
let ctxFor: () => ReturnType<typeof toolContext>;

beforeAll(async () => {
  db = await createTestDatabase();
  const admin = await insertAdmin(db.knex, "Ada Admin");
  const member = await insertUser(db.knex, { name: "Mo Member", roles: ["MEMBER"] });
  for (let i = 0; i < 4; i++) await insertIntake(db.knex, { name: `P${i}`, status: (["NEW", "TRIAGED", "BOOKED", "CLOSED"] as const)[i] });
  await insertRoleRequest(db.knex, { userId: member.id, role: "INSTRUCTOR" });
  await db.knex("workflow_rules").insert({
    name: "r1",
    trigger_event_type: "TriageTicket",
    action_type: "ADD_INTAKE_NOTE",
    action_config: JSON.stringify({ note: "n" }),
  });
  await db
    .knex("maestro_availability")
    .insert({ start_at: new Date(Date.now() + DAY_MS), end_at: new Date(Date.now() + DAY_MS + HOUR_MS) });
  // Decided by a human, so gated calls with valid arguments run too: the whole handler is exercised.
  ctxFor = () => toolContext(db, actorFor(admin, "button"), { decision: { via: "button" } });
});
afterAll(() => db?.drop());

const smallId = fc.oneof(fc.integer({ min: -2, max: 6 }), fc.constant(2_147_483_648), fc.double(), fc.string({ maxLength: 3 }));
const value = fc.oneof(
  smallId,
  fc.string({ maxLength: 40 }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom("NEW", "QUALIFIED", "REJECTED", "PENDING", "FAILED", "2026-12-01T10:00:00Z"),
  fc.anything({ maxDepth: 2 }),
);

/** Objects that use the tool's own field names (so validation is passed sometimes) or anything at all. */
const argumentsFor = (fields: string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...(fields.length ? fields : ["x"])), value, { maxKeys: fields.length + 1 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
  );

const EXPECTED_FAILURES = new Set(["invalid_input", "not_found", "conflict", "forbidden", "stale", "needs_confirmation"]);

describe("every tool under random arguments", () => {
  for (const tool of CATALOGUE) {
    it(`${tool.name}: validation errors or valid results, no crash, no partial write`, async () => {
      const fields = Object.keys((inputJsonSchema(tool) as { properties?: object }).properties ?? {});
      await fc.assert(
        fc.asyncProperty(argumentsFor(fields), async (args) => {
          const before = await writeFootprint(db.knex);
          const outcome = await executeTool(registry, tool.name, args, ctxFor());
          if (outcome.ok) {
            expect(typeof outcome.result).toBe("object");
            return;
          }
          expect(
            EXPECTED_FAILURES.has(outcome.error.code),
            `${tool.name}(${JSON.stringify(args)}) → ${outcome.error.code}: ${outcome.error.message}`,
          ).toBe(true);
          expect(outcome.error.message.length).toBeGreaterThan(10);
          expect(await writeFootprint(db.knex)).toEqual(before);
        }),
        { numRuns: 30, seed: 4242 },
      );
    });
  }
});
