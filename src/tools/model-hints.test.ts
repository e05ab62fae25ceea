// Domain errors reach the model (and a Slack user) with the hint that names the tool to call next, word for word.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../domain/actor.ts";
import { DomainError } from "../domain/errors.ts";
import { actorFor, insertStaff } from "../testing/fixtures/people.ts";
import { insertRule } from "../testing/fixtures/workflows.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { toolContext } from "../testing/tool-context.ts";
import { CATALOGUE } from "./catalogue.ts";
import { executeTool } from "./execute.ts";
import { domainErrorText, MODEL_HINTS } from "./model-hints.ts";
import { createRegistry } from "./registry.ts";

const registry = createRegistry(CATALOGUE);
let db: TestDatabase;
let actor: Actor;

beforeAll(async () => {
  db = await createTestDatabase();
  actor = actorFor(await insertStaff(db.knex, "Sam Staff"), "agent", null);
  await insertRule(db.knex, { name: "notify-ops" });
  await insertRule(db.knex, { name: "notify-sales" });
});
afterAll(() => db?.drop());

const errorOf = async (name: string, args: unknown) => {
  const outcome = await executeTool(registry, name, args, toolContext(db, actor));
  if (outcome.ok) throw new Error(`${name} succeeded`);
  return outcome.error;
};

describe("model hints", () => {
  it("adds the hint to a not-found id, as the model has always read it", async () => {
    expect(await errorOf("get_intake_detail", { intake_id: 99_999 })).toEqual({
      code: "not_found",
      message: "Intake 99999 not found. Call get_intake_queue to find the right intake id.",
      // The parts a surface words for a person (Slack names a command instead of the tool).
      domain: { message: "Intake 99999 not found.", next: "find_intake" },
    });
    expect((await errorOf("get_workflow_execution_detail", { execution_id: 99_999 })).message).toBe(
      "Workflow execution 99999 not found. Call list_workflow_executions to find execution ids.",
    );
    expect((await errorOf("assign_intake", { intake_id: 99_999, owner_user_id: null })).message).toBe(
      "Intake 99999 not found. Call get_intake_queue to find the right intake id.",
    );
  });

  it("words what the domain found about a rule name: close names, or more than one match", async () => {
    expect((await errorOf("toggle_workflow_rule", { rule_name: "notify-op", enabled: false })).message).toMatch(
      /^Workflow rule "notify-op" not found\. Close names: .*"notify-ops" \(id \d+, enabled\).*\. Call again with the exact name or rule_id\.$/,
    );
    expect((await errorOf("toggle_workflow_rule", { rule_name: "nothing-like-it", enabled: false })).message).toBe(
      `Workflow rule "nothing-like-it" not found. ${MODEL_HINTS.find_rule}`,
    );
  });

  it("leaves an error without a next step as it is", () => {
    expect(domainErrorText(new DomainError("conflict", "Already decided."))).toBe("Already decided.");
  });
});
